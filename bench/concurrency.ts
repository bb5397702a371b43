/**
 * `npm run bench -- concurrency [--households 20000] [--writers 200] [--readers 50] [--duration 60]`:
 * many users at once against one real server over HTTP (Node's fetch, undici): `writers`
 * field officers each saving the verval record of their own household again and again (every
 * save audited, so every save takes the audit chain's lock), and `readers` leaders reloading
 * the kabupaten dashboard, for `duration` seconds. Prints save p50/p99, errors, lost writes
 * (saves answered 200/201 vs the versions stored), dashboard p50/p99, and what the global audit
 * lock costs: a separate connection samples pg_stat_activity about every 10 ms and counts the
 * backends waiting on an advisory lock (the audit lock is the only one a save takes), so
 * the average number waiting × the run's length ≈ time spent waiting for it. On PostgreSQL (DATABASE_URL); the
 * embedded database has one connection and serialises everything anyway.
 */
import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { SYSTEM_ACTOR } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { createScratchDatabase } from '../src/db/scratch.js';
import { buildServer } from '../src/http/server.js';
import { createUser } from '../src/modules/users/service.js';
import { describeMachine } from './machine.js';
import { KAB, load } from './monitoring.js';
import { countOption } from './options.js';

const households = countOption('households', 20_000);
const writers = countOption('writers', 200);
const readers = countOption('readers', 50);
const duration = countOption('duration', 60);
const base = process.env.DATABASE_URL;
if (!base) throw new Error('npm run bench -- concurrency needs DATABASE_URL (PostgreSQL)');

const pct = (t: number[], q: number) => {
  const s = [...t].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0) : 0;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

const scratch = await createScratchDatabase(base, 'sasmita_conc');
const database = await openDatabase({ databaseUrl: scratch.url });
const sampler = new pg.Client({ connectionString: scratch.url });
try {
  const loaded = await load(database, households);
  console.log(`${households.toLocaleString('en-US')} households loaded in ${loaded.seconds.toFixed(1)} s`);
  const config = loadConfig({ databaseUrl: scratch.url, logLevel: 'silent', loginPerIpPerMinute: 100_000 }, {});
  const app = await buildServer({ config, database, db: database.db }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const password = 'bench-concurrency-1';
  await createUser(
    database.db,
    { username: 'admin.conc', fullName: 'Admin', password, roles: [{ role: 'admin_kabupaten', regionCode: KAB }] },
    null,
    SYSTEM_ACTOR,
  );
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-requested-with': 'sasmita' };
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ username: 'admin.conc', password }),
  });
  if (login.status !== 200) throw new Error(`login ${login.status}`);
  headers.cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  // The field officers: one account recording in the desa of the households saved (operator_desa).
  const picked = (
    await sql<{ id: number; desa_code: string }>`select id, desa_code from household order by id limit ${writers}`.execute(database.db)
  ).rows;
  const ids = picked.map((r) => Number(r.id));
  const desa = [...new Set(picked.map((r) => r.desa_code))];
  await createUser(
    database.db,
    { username: 'op.conc', fullName: 'Operator', password, roles: desa.map((d) => ({ role: 'operator_desa' as const, regionCode: d })) },
    null,
    SYSTEM_ACTOR,
  );
  const fieldLogin = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ username: 'op.conc', password }),
  });
  if (fieldLogin.status !== 200) throw new Error(`login ${fieldLogin.status}`);
  const field = { ...headers, cookie: (fieldLogin.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '' };
  const year = new Date().getUTCFullYear();
  const period = await fetch(`${url}/api/v1/organisation/periods`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ program: 'Bench', name: `Bench ${year}`, startDate: `${year}-01-01`, endDate: `${year}-12-31` }),
  });
  if (period.status !== 201) throw new Error(`period ${period.status} ${await period.text()}`);
  const periodId = ((await period.json()) as { id: number }).id;

  const saves: number[] = [];
  const reads: number[] = [];
  const errors: Record<string, number> = {};
  const ok = new Map<number, number>();
  const fail = (what: string) => {
    errors[what] = (errors[what] ?? 0) + 1;
  };
  const deadline = performance.now() + duration * 1000;
  const writer = async (householdId: number) => {
    let version = 0;
    let n = 0;
    while (performance.now() < deadline) {
      n++;
      const t = performance.now();
      try {
        const res = await fetch(`${url}/api/v1/verval/periods/${periodId}/households/${householdId}`, {
          method: 'PUT',
          headers: field,
          body: JSON.stringify({ baseVersion: version, found: true, note: `kunjungan ${n}` }),
        });
        saves.push(performance.now() - t);
        if (res.status === 200 || res.status === 201) {
          version = ((await res.json()) as { version: number }).version;
          ok.set(householdId, (ok.get(householdId) ?? 0) + 1);
        } else {
          fail(`save ${res.status}`);
          await res.arrayBuffer();
        }
      } catch (e) {
        fail(`save ${(e as Error).message}`);
      }
    }
  };
  const reader = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        const res = await fetch(`${url}/api/v1/monitoring/dashboard`, { headers });
        await res.arrayBuffer();
        reads.push(performance.now() - t);
        if (res.status !== 200) fail(`dashboard ${res.status}`);
      } catch (e) {
        fail(`dashboard ${(e as Error).message}`);
      }
    }
  };
  // The audit lock's waiters: backends of this database waiting on an advisory lock.
  await sampler.connect();
  let samples = 0;
  let waiting = 0;
  let sampling = true;
  const sample = (async () => {
    while (sampling) {
      const r = await sampler.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`,
      );
      waiting += r.rows[0]?.n ?? 0;
      samples++;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const load0 = os.loadavg()[0] ?? 0;
  const t0 = performance.now();
  await Promise.all([...ids.map((id) => writer(id)), ...Array.from({ length: readers }, reader)]);
  const elapsed = (performance.now() - t0) / 1000;
  sampling = false;
  await sample;

  const stored = await sql<{ household_id: number; version: number }>`
    select household_id, version from verval where period_id = ${periodId}`.execute(database.db);
  const versions = new Map(stored.rows.map((r) => [Number(r.household_id), Number(r.version)]));
  let lost = 0;
  for (const [id, n] of ok) lost += Math.max(0, n - (versions.get(id) ?? 0));
  const okSaves = [...ok.values()].reduce((a, b) => a + b, 0);
  const audited = await sql<{ n: number }>`select count(*)::int as n from audit_log where action like 'verval.%'`.execute(database.db);
  const m = describeMachine();
  console.log(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM; load average ${load0.toFixed(2)} → ${(os.loadavg()[0] ?? 0).toFixed(2)}`,
  );
  console.log(`${writers} writers (distinct households), ${readers} dashboard readers, ${elapsed.toFixed(1)} s`);
  console.log(
    `  saves: ${saves.length} answered, ${okSaves} stored (${(okSaves / elapsed).toFixed(1)}/s), p50 ${ms(pct(saves, 0.5))}, p99 ${ms(pct(saves, 0.99))}`,
  );
  console.log(
    `  lost writes: ${lost} (versions stored ${[...versions.values()].reduce((a, b) => a + b, 0)}, audit entries ${audited.rows[0]?.n})`,
  );
  console.log(`  dashboard: ${reads.length} reads, p50 ${ms(pct(reads, 0.5))}, p99 ${ms(pct(reads, 0.99))}`);
  console.log(`  errors: ${Object.keys(errors).length ? JSON.stringify(errors) : 'none'}`);
  // Backends waiting on average × the run's length ≈ time spent waiting for the lock.
  const waitSeconds = (waiting / Math.max(1, samples)) * elapsed;
  const saveSeconds = saves.reduce((a, b) => a + b, 0) / 1000;
  console.log(
    `  audit lock: ${(waiting / Math.max(1, samples)).toFixed(1)} backends waiting on average (${samples} samples); ` +
      `≈ ${waitSeconds.toFixed(1)} s waited of ${saveSeconds.toFixed(1)} s spent in saves (${((waitSeconds / Math.max(saveSeconds, 1e-9)) * 100).toFixed(0)} %)`,
  );
  await app.close();
} finally {
  await sampler.end().catch(() => {});
  await database.close();
  await scratch.drop();
}
