import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../app.js';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { recordAudit } from '../../modules/audit/service.js';
import { backup, restore } from '../../modules/backup/service.js';
import { CliError, withContext } from '../util.js';

const blobDir = (dataDir: string) => path.join(dataDir, 'blobs');

export function registerBackupCommands(program: Command) {
  program
    .command('backup')
    .description('Write a consistent dump of the database and blobs to one file')
    .option('-o, --out <file>', 'output file (default: ./sasmita-backup-<timestamp>.sasmita.gz)')
    .action(async (opts: { out?: string }) => {
      const out = path.resolve(opts.out ?? `sasmita-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.sasmita.gz`);
      if (fs.existsSync(out)) throw new CliError(`${out} already exists; choose another --out`);
      await withContext(async (ctx) => {
        await ctx.db
          .transaction()
          .execute((trx) => recordAudit(trx, SYSTEM_ACTOR, { action: 'backup.create', entity: 'backup', entityId: path.basename(out) }));
        const s = await backup(ctx.database, blobDir(ctx.config.dataDir), out, (step) => process.stderr.write(`  ${step}\n`));
        const rows = Object.values(s.tables).reduce((a, b) => a + b, 0);
        console.log(`Cadangan ditulis: ${out} (${Object.keys(s.tables).length} tabel, ${rows} baris, ${s.blobs} berkas)`);
      });
    });

  program
    .command('restore <file>')
    .description('Restore a backup into an empty data directory ($SASMITA_DATA_DIR) or an empty PostgreSQL database ($DATABASE_URL)')
    .action(async (file: string) => {
      const config = loadConfig();
      const input = path.resolve(file);
      if (!fs.existsSync(input)) throw new CliError(`backup file not found: ${input}`);
      if (!config.databaseUrl && fs.existsSync(path.join(config.dataDir, 'pgdata'))) {
        throw new CliError(`${config.dataDir} already holds a database; restore into a fresh data directory (set SASMITA_DATA_DIR)`);
      }
      // The embedded database is restored beside its final place and moved in only when complete.
      const finalDir = path.join(config.dataDir, 'pgdata');
      const workDir = `${finalDir}.restoring`;
      fs.rmSync(workDir, { recursive: true, force: true });
      // Restoring creates the tables: as the owner role when one is configured.
      const database = await openDatabase({ databaseUrl: config.databaseOwnerUrl ?? config.databaseUrl, pgliteDir: workDir });
      let ok = false;
      try {
        const s = await restore(database, blobDir(config.dataDir), input, (step) => process.stderr.write(`  ${step}\n`));
        await database.db
          .transaction()
          .execute((trx) => recordAudit(trx, SYSTEM_ACTOR, { action: 'backup.restore', entity: 'backup', entityId: path.basename(input) }));
        const rows = Object.values(s.tables).reduce((a, b) => a + b, 0);
        console.log(`Dipulihkan dari ${input}: ${Object.keys(s.tables).length} tabel, ${rows} baris, ${s.blobs} berkas.`);
        ok = true;
      } catch (err) {
        throw new CliError(`restore failed, nothing was restored: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        await database.close();
        if (!config.databaseUrl) {
          if (ok) fs.renameSync(workDir, finalDir);
          else fs.rmSync(workDir, { recursive: true, force: true });
        }
      }
    });
}
