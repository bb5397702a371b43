/**
 * `npm run bench -- decree [--households 300000]`: SK Bupati at scale. A scratch database
 * (a fresh PostgreSQL database when DATABASE_URL is set, then PGlite in a temporary directory)
 * gets the region tree of 35.13 and N target households (one INSERT … SELECT over
 * generate_series); then, through the real HTTP server, the admin finalises a decree and
 * downloads the lampiran: the PDF of the whole kabupaten (alone, then two at once), the XLSX of
 * the whole kabupaten, and the PDF of the largest kecamatan and desa. Each download is timed
 * from request to first and last byte with the peak RSS of the process (server and client).
 * BENCH_SKIP_PGLITE=1 times PostgreSQL only.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createScratchDatabase } from '../src/db/scratch.js';
import { buildServer, CSRF_HEADER, CSRF_VALUE } from '../src/http/server.js';
import { loadKabupaten } from '../src/modules/regions/service.js';
import { createUser } from '../src/modules/users/service.js';
import { describeMachine } from './machine.js';
import { memorySampler } from './memory.js';
import { countOption } from './options.js';

const KAB = '35.13';
const PASSWORD = 'bench-decree-123';

const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

async function load(database: Database, n: number): Promise<number> {
  await migrateToLatest(database);
  await loadKabupaten(database.db, KAB, SYSTEM_ACTOR);
  const t0 = performance.now();
  await sql`
    with desa as (
      select code, (row_number() over (order by code) - 1)::int as i, count(*) over ()::int as n
      from region where level = 4 and code like ${`${KAB}.%`}
    )
    insert into household (kabupaten_code, kecamatan_code, desa_code, source, source_id, kk_number, head_name, head_nik,
      address, desil, target_status, member_count, row_hash)
    select ${KAB}, substr(d.code, 1, 8), d.code, 'P3KE', 'B' || g, replace(d.code, '.', '') || lpad((g % 1000000)::text, 6, '0'),
      'KEPALA ' || upper(substr(md5(g::text), 1, 10)), replace(d.code, '.', '') || lpad((g % 1000000)::text, 6, '0'),
      'DUSUN ' || upper(substr(md5((g * 7)::text), 1, 6)) || ' RT 0' || (g % 9 + 1) || ' RW 0' || (g % 5 + 1),
      1 + g % 2, 'MISKIN_EKSTREM', 1 + g % 6, 'h'
    from generate_series(0, ${n - 1}) g
    join desa d on d.i = g % d.n`.execute(database.db);
  await sql`analyze`.execute(database.db);
  return (performance.now() - t0) / 1000;
}

interface Download {
  status: number;
  seconds: number;
  firstByteSeconds: number;
  bytes: number;
  /** PDF page objects seen in the body ("/Type /Page" dictionaries are written uncompressed). */
  pages: number;
  peakRssMb: number;
}

async function fetchAll(url: string, cookie: string, t0: number): Promise<Omit<Download, 'peakRssMb'>> {
  const res = await fetch(url, { headers: { cookie } });
  let bytes = 0;
  let pages = 0;
  let firstByteSeconds = 0;
  let tail = '';
  const reader = res.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    if (bytes === 0) firstByteSeconds = (performance.now() - t0) / 1000;
    bytes += chunk.value.byteLength;
    const text = tail + Buffer.from(chunk.value).toString('latin1');
    pages += text.match(/\/Type \/Page\n/g)?.length ?? 0;
    tail = text.slice(-16).includes('/Type /Page\n') ? '' : text.slice(-16);
  }
  return { status: res.status, seconds: (performance.now() - t0) / 1000, firstByteSeconds, bytes, pages };
}

async function download(url: string, cookie: string): Promise<Download> {
  const mem = memorySampler(20);
  const d = await fetchAll(url, cookie, performance.now());
  return { ...d, peakRssMb: mem.stop().sampledPeakRssMb };
}

/** The same download twice at once: the slower one's figures, both sizes, the shared peak. */
async function downloadTwice(url: string, cookie: string): Promise<Download> {
  const mem = memorySampler(20);
  const t0 = performance.now();
  const [a, b] = await Promise.all([fetchAll(url, cookie, t0), fetchAll(url, cookie, t0)]);
  const slow = a.seconds >= b.seconds ? a : b;
  return { ...slow, status: a.status === 200 ? b.status : a.status, bytes: a.bytes + b.bytes, peakRssMb: mem.stop().sampledPeakRssMb };
}

/** The report, printed line by line as each figure is measured (a long run shows where it is). */
const out = { push: (line: string) => console.log(line) };

async function bench(database: Database, n: number): Promise<void> {
  const loaded = await load(database, n);
  out.push(`${database.kind}: ${n.toLocaleString('en-US')} target households inserted in ${loaded.toFixed(1)} s`);
  const config = loadConfig({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-bench-decree-')), logLevel: 'silent' }, {});
  const app = await buildServer({ config, database, db: database.db }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/v1`;
  try {
    await createUser(
      database.db,
      { username: 'bench.admin', fullName: 'Bench', password: PASSWORD, roles: [{ role: 'admin_kabupaten', regionCode: KAB }] },
      null,
      SYSTEM_ACTOR,
    );
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE },
      body: JSON.stringify({ username: 'bench.admin', password: PASSWORD }),
    });
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';

    let t0 = performance.now();
    const res = await fetch(`${base}/decrees`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE },
      body: JSON.stringify({
        number: '400/BENCH/2026',
        decreeDate: '2026-03-01',
        title: 'Penetapan Keluarga Sasaran Miskin Ekstrem (benchmark)',
        signatoryName: 'Bupati Benchmark',
        signatoryPosition: 'Bupati Probolinggo',
        // The synthetic desa have no musdes: finalise with an override, as an admin would.
        override: { reason: 'Benchmark: data sintetis tanpa musdes' },
      }),
    });
    const decree = (await res.json()) as { id: number; householdCount: number };
    out.push(
      `  finalise (snapshot of ${decree.householdCount.toLocaleString('en-US')} households): ${((performance.now() - t0) / 1000).toFixed(1)} s, HTTP ${res.status}`,
    );

    t0 = performance.now();
    const second = await fetch(`${base}/decrees`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE },
      body: JSON.stringify({
        number: '400/BENCH/2026-B',
        decreeDate: '2026-03-02',
        title: 'Penetapan kedua (benchmark)',
        signatoryName: 'Bupati Benchmark',
        signatoryPosition: 'Bupati Probolinggo',
        // The synthetic desa have no musdes: finalise with an override, as an admin would.
        override: { reason: 'Benchmark: data sintetis tanpa musdes' },
      }),
    });
    out.push(
      `  second decree (snapshot + diff counts against the first): ${((performance.now() - t0) / 1000).toFixed(1)} s, HTTP ${second.status}`,
    );

    const line = (name: string, d: Download) =>
      `  ${name.padEnd(44)} HTTP ${d.status}  ${d.seconds.toFixed(1).padStart(6)} s (first byte ${d.firstByteSeconds.toFixed(1)} s)  ${(d.bytes / 2 ** 20).toFixed(1).padStart(6)} MB${d.pages ? `  ${d.pages.toLocaleString('en-US')} pages` : ''}  peak RSS ${String(d.peakRssMb).padStart(5)} MB`;
    out.push(`  RSS before the downloads: ${mb()} MB`);
    const lampiran = `${base}/decrees/${decree.id}/lampiran`;
    out.push(line('lampiran PDF, whole kabupaten', await download(`${lampiran}.pdf`, cookie)));
    out.push(line('lampiran PDF, whole kabupaten, two at once', await downloadTwice(`${lampiran}.pdf`, cookie)));
    out.push(line('lampiran XLSX, whole kabupaten', await download(`${lampiran}.xlsx`, cookie)));
    const detail = (await (await fetch(`${base}/decrees/${decree.id}`, { headers: { cookie } })).json()) as {
      totals: { kecamatan: { code: string; households: number; desa: { code: string; households: number }[] }[] };
    };
    const biggest = [...detail.totals.kecamatan].sort((a, b) => b.households - a.households)[0];
    if (biggest) {
      out.push(
        line(
          `lampiran PDF, kecamatan ${biggest.code} (${biggest.households})`,
          await download(`${lampiran}.pdf?kecamatan=${biggest.code}`, cookie),
        ),
      );
      const desa = [...biggest.desa].sort((a, b) => b.households - a.households)[0];
      if (desa)
        out.push(line(`lampiran PDF, desa ${desa.code} (${desa.households})`, await download(`${lampiran}.pdf?desa=${desa.code}`, cookie)));
    }
    out.push(`  RSS after the downloads: ${mb()} MB`);
  } finally {
    await app.close();
  }
}

export async function runDecreeBench(): Promise<void> {
  const n = countOption('households', 300_000);
  const m = describeMachine();
  out.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM, ${m.os}, Node ${m.node}; load average before ${os.loadavg()[0]?.toFixed(2)}`,
  );
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'sasmita_bench');
    const database = await openDatabase({ databaseUrl: scratch.url });
    try {
      await bench(database, n);
    } finally {
      await database.close();
      await scratch.drop();
    }
  }
  if (process.env.BENCH_SKIP_PGLITE !== '1') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-bench-decree-db-'));
    const pglite = await openDatabase({ pgliteDir: dir });
    try {
      await bench(pglite, n);
    } finally {
      await pglite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  out.push(`Load average after: ${os.loadavg()[0]?.toFixed(2)}`);
}
