import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../app.js';
import { AppError } from '../../http/errors.js';
import type { Problem } from '../../modules/criteria/schema.js';
import { adoptCriteria, listCriteria, saveDraft } from '../../modules/criteria/service.js';
import { CliError, withContext } from '../util.js';

/** `sasmita criteria …`: load a criteria set from a JSON file (the first one on a fresh install) and list versions. */
export function registerCriteriaCommands(program: Command) {
  const criteria = program.command('criteria').description('Criteria sets (kriteria): versioned rule sets classifying households');

  criteria
    .command('load <file>')
    .description('Validate a criteria set (JSON) and save it as a new draft version; --adopt also adopts it')
    .option('--adopt', 'adopt the new version (archives the adopted version of the same code)')
    .option('--note <text>', 'a note for this version')
    .action(async (file: string, opts: { adopt?: boolean; note?: string }) => {
      const input = path.resolve(file);
      if (!fs.existsSync(input)) throw new CliError(`file not found: ${input}`);
      let definition: unknown;
      try {
        definition = JSON.parse(fs.readFileSync(input, 'utf8'));
      } catch (e) {
        throw new CliError(`${input} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
      await withContext(async (ctx) => {
        let saved: Awaited<ReturnType<typeof saveDraft>>;
        try {
          saved = await saveDraft(ctx.db, { definition, note: opts.note }, SYSTEM_ACTOR);
        } catch (e) {
          if (e instanceof AppError && e.code === 'CRITERIA_INVALID') {
            const problems = e.details as Problem[];
            for (const p of problems) process.stderr.write(`  ${p.path}: ${p.message}\n`);
            throw new CliError(`kriteria tidak valid (${problems.length} masalah); tidak ada yang disimpan`);
          }
          throw e;
        }
        console.log(
          `Kriteria ${saved.code} versi ${saved.version} disimpan sebagai draf (id ${saved.id}, ${saved.indicatorCount} indikator).`,
        );
        if (opts.adopt) {
          const adopted = await adoptCriteria(ctx.db, saved.id, SYSTEM_ACTOR);
          console.log(`Kriteria ${adopted.code} versi ${adopted.version} ditetapkan.`);
        }
      });
    });

  criteria
    .command('list')
    .description('List criteria sets and their versions')
    .action(async () => {
      await withContext(async (ctx) => {
        const items = await listCriteria(ctx.db);
        if (items.length === 0) console.log('Belum ada kriteria.');
        for (const c of items) console.log(`${c.id}\t${c.code}\tv${c.version}\t${c.status}\t${c.title}`);
      });
    });
}
