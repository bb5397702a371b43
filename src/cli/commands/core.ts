import type { Command } from 'commander';
import { ensureBootstrapped, openContext, SYSTEM_ACTOR } from '../../app.js';
import { loadConfig } from '../../config.js';
import { migrateToLatest } from '../../db/migrate.js';
import { buildServer } from '../../http/server.js';
import { isRole, ROLES } from '../../modules/access/roles.js';
import { loadKabupaten } from '../../modules/regions/service.js';
import { generatePassword } from '../../modules/users/password.js';
import { createUser, findUserIdByUsername, setPassword } from '../../modules/users/service.js';
import { CliError, withContext } from '../util.js';
import { loadDemoOnFirstRun } from './demo.js';

async function serve(opts: { port?: string; host?: string; demo?: boolean }) {
  const config = loadConfig({
    ...(opts.port ? { port: Number(opts.port) } : {}),
    ...(opts.host ? { host: opts.host } : {}),
  });
  const ctx = await openContext(config);
  const first = await ensureBootstrapped(ctx);
  if (first.regionsLoaded) console.log(`Wilayah ${config.kabupatenCode} dimuat dari idn-area-data.`);
  if (first.admin) {
    console.log('');
    console.log('  Akun admin pertama dibuat (kata sandi hanya ditampilkan sekali):');
    console.log(`    nama pengguna: ${first.admin.username}`);
    console.log(`    kata sandi   : ${first.admin.password}`);
    console.log('');
  }
  if (opts.demo) await loadDemoOnFirstRun(ctx);
  const app = await buildServer(ctx);
  const close = async () => {
    await app.close();
    await ctx.database.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  console.log(
    `Sasmita berjalan di http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (database: ${ctx.database.kind} ${ctx.database.location})`,
  );
}

export function registerCoreCommands(program: Command) {
  program
    .command('serve')
    .description('Start the web app and API (creates the database and first admin on first run)')
    .option('-p, --port <port>', 'port to listen on (default 3000 or $PORT)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1 or $HOST)')
    .option('--demo', 'on first run, when the registry is empty, load a synthetic demo kabupaten (20,000 households) and demo accounts')
    .action(serve);

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(async () => {
      const config = loadConfig();
      const { openDatabase } = await import('../../db/database.js');
      const { default: path } = await import('node:path');
      // As the owner role when one is configured: the runtime role neither creates nor alters tables.
      const database = await openDatabase({
        databaseUrl: config.databaseOwnerUrl ?? config.databaseUrl,
        pgliteDir: path.join(config.dataDir, 'pgdata'),
      });
      try {
        const applied = await migrateToLatest(database);
        console.log(applied.length ? `Migrasi diterapkan: ${applied.join(', ')}` : 'Database sudah mutakhir.');
      } finally {
        await database.close();
      }
    });

  const regions = program.command('regions').description('Kemendagri region tree');
  regions
    .command('load')
    .description('Load a kabupaten/kota region tree from idn-area-data')
    .requiredOption('-k, --kabupaten <code>', 'kabupaten/kota code, e.g. 35.13')
    .action(async (opts: { kabupaten: string }) => {
      await withContext(async (ctx) => {
        const r = await loadKabupaten(ctx.db, opts.kabupaten, SYSTEM_ACTOR);
        console.log(`${r.kabupatenName} (${r.kabupatenCode}): ${r.kecamatan} kecamatan, ${r.desa} desa/kelurahan dimuat.`);
      });
    });

  const user = program.command('user').description('User accounts');
  user
    .command('add <username>')
    .description('Create a user; prints a generated password unless --password is given')
    .requiredOption('-r, --role <role>', `role: ${ROLES.join(', ')}`)
    .requiredOption('--region <code>', 'region code the role applies to, e.g. 35.13.06.2005')
    .option('-n, --name <fullName>', 'full name')
    .option('--password <password>', 'initial password (default: generated)')
    .action(async (username: string, opts: { role: string; region: string; name?: string; password?: string }) => {
      if (!isRole(opts.role)) throw new CliError(`unknown role "${opts.role}"; use one of: ${ROLES.join(', ')}`);
      const role = opts.role;
      await withContext(async (ctx) => {
        const password = opts.password ?? generatePassword();
        await createUser(
          ctx.db,
          { username, fullName: opts.name ?? username, password, roles: [{ role, regionCode: opts.region }] },
          null,
          SYSTEM_ACTOR,
        );
        console.log(`Pengguna ${username} dibuat (${role} @ ${opts.region}).`);
        if (!opts.password) console.log(`Kata sandi: ${password}`);
      });
    });
  user
    .command('passwd <username>')
    .description('Set a new password; prints a generated one unless --password is given')
    .option('--password <password>', 'new password (default: generated)')
    .action(async (username: string, opts: { password?: string }) => {
      await withContext(async (ctx) => {
        const id = await findUserIdByUsername(ctx.db, username);
        if (!id) throw new CliError(`no user named "${username}"`);
        const password = opts.password ?? generatePassword();
        await setPassword(ctx.db, id, password, SYSTEM_ACTOR);
        console.log(`Kata sandi ${username} diganti; sesi yang terbuka diakhiri.`);
        if (!opts.password) console.log(`Kata sandi baru: ${password}`);
      });
    });
}
