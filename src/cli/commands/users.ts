import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../app.js';
import { loadConfig } from '../../config.js';
import { csvLine } from '../../modules/exports/spreadsheet.js';
import { type RawRow, readRows, sniffFileType } from '../../modules/registry/import/reader.js';
import { checkXlsx } from '../../modules/spreadsheets/index.js';
import { importUsers } from '../../modules/users/import.js';
import { renderSlipsPdf } from '../../modules/users/slips-pdf.js';
import { CliError, withContext } from '../util.js';

/**
 * `sasmita user import FILE`: accounts from a prepared list (see modules/users/import.ts). The
 * initial passwords go to a file readable by its owner only (CSV, or slips as PDF with
 * --slips), never to the terminal or the database.
 */
export function registerUserImportCommand(program: Command) {
  const user = program.commands.find((c) => c.name() === 'user') ?? program.command('user').description('User accounts');
  user
    .command('import <file>')
    .description('Create accounts from a CSV/XLSX list (columns: nama, username, peran, kode wilayah); all or nothing')
    .option('--out <file>', 'where to write the initial passwords (CSV, mode 0600)')
    .option('--slips <file>', 'write the initial passwords as printable slips (PDF, mode 0600) instead')
    .option('--url <url>', 'the app address printed on the slips (default SASMITA_PUBLIC_URL)')
    .action(async (file: string, opts: { out?: string; slips?: string; url?: string }) => {
      const full = path.resolve(file);
      if (!fs.existsSync(full) || !fs.statSync(full).isFile()) throw new CliError(`file not found: ${full}`);
      const sniffed = sniffFileType(full);
      if (!sniffed.type) throw new CliError(`${path.basename(full)}: ${sniffed.reason}`);
      const config = loadConfig();
      if (sniffed.type === 'xlsx') await checkXlsx(full, config.spreadsheet, `Berkas ${path.basename(full)}`);
      const rows: RawRow[] = [];
      for await (const batch of readRows(full, sniffed.type)) rows.push(...batch);
      const target = path.resolve(opts.slips ?? opts.out ?? `akun-awal-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '')}.csv`);
      if (fs.existsSync(target)) throw new CliError(`${target} already exists; choose another --out/--slips file`);
      await withContext(async (ctx) => {
        const result = await importUsers(ctx.db, ctx.config.kabupatenCode, rows, SYSTEM_ACTOR);
        if (result.problems.length) {
          console.error('Baris\tAlasan');
          for (const p of result.problems) console.error(`${p.row}\t${p.reason}`);
          throw new CliError(`${result.problems.length} baris bermasalah; tidak ada akun yang dibuat`);
        }
        let content: Buffer | string;
        if (opts.slips) {
          const kab = await ctx.db.selectFrom('region').select('name').where('code', '=', ctx.config.kabupatenCode).executeTakeFirst();
          const url = opts.url ?? ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`;
          content = await renderSlipsPdf(result.created, url, kab?.name ?? ctx.config.kabupatenCode);
        } else {
          const head = ['nama', 'username', 'peran', 'kode wilayah', 'wilayah', 'kata sandi awal'];
          const lines = result.created.map((s) => csvLine([s.fullName, s.username, s.role, s.regionCode, s.regionName, s.password]));
          content = [csvLine(head), ...lines].join('');
        }
        fs.writeFileSync(target, content, { mode: 0o600, flag: 'wx' });
        console.log(`${result.created.length} akun dibuat; wajib ganti kata sandi saat pertama masuk.`);
        console.log(`Kata sandi awal: ${target}`);
      });
    });
}
