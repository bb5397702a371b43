import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { anchorDeps, anchorLine, takeAnchor } from '../../modules/audit/anchor.js';
import { verifyAudit } from '../../modules/audit/verify.js';
import { CliError, progressBar, withContext } from '../util.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerAuditCommands(program: Command) {
  const audit = program.command('audit').description('Audit log');
  audit
    .command('verify')
    .description(
      'Check the hash chain of the audit log against every anchor (table, anchor file, --anchors copies); exits 1 and names the first tampered entry or anchor',
    )
    .option('--anchors <file>', 'an anchor file kept elsewhere (a copy of audit-anchors.jsonl); repeatable', collect, [])
    .action(async (opts: { anchors: string[] }) => {
      const files = opts.anchors.map((f) => path.resolve(f));
      for (const f of files) if (!fs.existsSync(f)) throw new CliError(`anchor file not found: ${f}`);
      await withContext(async (ctx) => {
        const total = await ctx.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        const bar = progressBar('Memeriksa audit');
        const res = await verifyAudit(ctx.db, ctx.config, files, (n) => bar.update(n, Number(total.n), 'entri'));
        bar.stop();
        if (!res.ok) {
          const where = res.firstBadId === undefined ? '' : `entry ${res.firstBadId}: `;
          throw new CliError(`audit log tampered: ${where}${res.reason} (${res.checked} entries checked)`);
        }
        const sources = res.anchors.sources.map((s) => `${s.anchors} di ${s.source}`).join(', ');
        console.log(`Log audit utuh: ${res.checked} entri diperiksa; ${res.anchors.checked} jangkar cocok (${sources}).`);
        console.log(anchorLine(res.anchors.latest));
      });
    });

  audit
    .command('anchor')
    .description('Anchor the current head of the audit chain now: signed, in the database and appended to the anchor file')
    .action(async () => {
      await withContext(async (ctx) => {
        const deps = anchorDeps(ctx.config);
        const anchor = await takeAnchor(ctx.db, deps, 'manual', true);
        console.log(`Jangkar #${anchor.id} dicatat di database dan ${deps.file}.`);
        console.log(anchorLine(anchor));
      });
    });
}
