/**
 * `npm run bench`: generate (or reuse) a synthetic P3KE pair, then for each engine — the
 * embedded PGlite always, PostgreSQL when DATABASE_URL is set — import it into a fresh
 * database, time the raw COPY of the same files and the household list queries, and print
 * the figures with the machine they were measured on.
 *
 *   npm run bench                          300,000 households (~1,000,000 members)
 *   npm run bench -- --households 20000    a quick run
 *   npm run bench -- --engines pglite --runs 20
 *   npm run bench -- matching [--members N] [--list N] [--fuzzy N]   only the matching benchmark (bench/matching.ts)
 *   npm run bench -- decree [--households 300000]   SK Bupati: finalise and lampiran exports
 *   npm run bench -- aid [--households 300000]      Bantuan gap analysis and the aid pre-aggregate (bench/aid.ts)
 *   npm run bench -- reimport [--households 300000] the same files again, then a newer release (bench/reimport.ts)
 *   npm run bench -- mapped-import [--households 300000] the first load through a column mapping beside the fixed layout (bench/mapped-import.ts)
 *   npm run bench -- trace [--engine postgres] [--every 0.5]  one first load with the CPU of Node and the server over time (bench/trace.ts)
 *   npm run bench -- field-load [--households 300] [--profile slow]  the verval worklist on a throttled phone (bench/field-load.ts)
 *   npm run bench -- concurrency [--writers 200] [--readers 50] [--duration 60]  saves and dashboards at once (bench/concurrency.ts)
 *   npm run bench -- field-offline [--households 2000] [--records 500]  offline pack download and outbox sync (bench/field-offline.ts)
 *   npm run bench -- pendampingan [--households 300000] [--officials 5000] [--activities 500000]  the leaders' view (bench/pendampingan.ts)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchPair, CACHE, SEED } from './data.js';
import { describeMachine } from './machine.js';
import { countOption, option } from './options.js';
import type { EngineResult } from './worker.js';

const households = countOption('households', 300_000);
const runs = countOption('runs', 50);
const year = 2024;
const engines = option('engines', process.env.DATABASE_URL ? 'pglite,postgres' : 'pglite')
  .split(',')
  .filter((e): e is EngineResult['engine'] => e === 'pglite' || e === 'postgres');
if (!Number.isInteger(households) || households < 100) throw new Error('--households must be a whole number ≥ 100');
if (engines.includes('postgres') && !process.env.DATABASE_URL) throw new Error('--engines postgres needs DATABASE_URL');

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

function runWorker(engine: EngineResult['engine'], files: { familyPath: string; memberPath: string; households: number; members: number }) {
  const out = path.join(CACHE, `result-${engine}.json`);
  fs.rmSync(out, { force: true });
  const args = [
    path.join(import.meta.dirname, 'worker.js'),
    ...['--engine', engine, '--family', files.familyPath, '--member', files.memberPath],
    ...['--households', String(files.households), '--members', String(files.members), '--runs', String(runs), '--out', out],
  ];
  return new Promise<EngineResult>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    child.on('exit', (code) => {
      if (code !== 0 || !fs.existsSync(out)) return reject(new Error(`${engine} benchmark failed (exit ${code})`));
      resolve(JSON.parse(fs.readFileSync(out, 'utf8')) as EngineResult);
    });
  });
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

async function main() {
  fs.mkdirSync(CACHE, { recursive: true });
  const machine = describeMachine();
  const files = await benchPair(households, year);
  const results: EngineResult[] = [];
  // Other processes on the machine skew the figures: the load average says how busy it was.
  const load: string[] = [];
  for (const engine of engines) {
    process.stderr.write(`Benchmarking ${engine} …\n`);
    const before = os.loadavg()[0] ?? 0;
    results.push(await runWorker(engine, files));
    load.push(`${engine} ${before.toFixed(2)} → ${(os.loadavg()[0] ?? 0).toFixed(2)}`);
  }
  const rows = files.households + files.members;
  const out: string[] = [];
  out.push(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM, ${machine.os}, Node ${machine.node}`);
  for (const r of results) out.push(`${r.engine}: ${r.version}`);
  out.push(`Load average (1 min) before → after each engine: ${load.join(', ')}`);
  out.push(
    `Data: ${int(files.households)} households + ${int(files.members)} members = ${int(rows)} rows (synthetic P3KE CSV, seed ${SEED}` +
      `${files.cached ? ', cached' : `, generated in ${files.seconds.toFixed(1)} s`})`,
  );
  out.push('');
  const col = results.map((r) => r.engine);
  out.push(
    table(
      ['Import (end to end)', ...col],
      [
        ['seconds', ...results.map((r) => r.import.seconds.toFixed(1))],
        ['rows/s', ...results.map((r) => int(r.import.rowsPerSecond))],
        ['… reading + validating, seconds', ...results.map((r) => r.import.timings?.readSeconds.toFixed(1) ?? '—')],
        ['… merging (one transaction), seconds', ...results.map((r) => r.import.timings?.loadSeconds.toFixed(1) ?? '—')],
        ['… VACUUM ANALYZE afterwards, seconds', ...results.map((r) => r.import.timings?.statisticsSeconds?.toFixed(1) ?? '—')],
        ['peak RSS, sampled (MB)', ...results.map((r) => int(r.import.sampledPeakRssMb))],
        ['maxRSS of the process (MB)', ...results.map((r) => int(r.import.maxRssMb))],
        ['raw COPY of the same rows, seconds', ...results.map((r) => r.rawCopy.seconds.toFixed(1))],
        ['raw COPY rows/s', ...results.map((r) => int(r.rawCopy.rowsPerSecond))],
        ['import / raw COPY', ...results.map((r) => `${(r.ratio * 100).toFixed(0)} %`)],
        [
          'rows stored / rejected / warnings',
          ...results.map((r) => `${int(r.import.counts.stored)} / ${int(r.import.counts.rejected)} / ${int(r.import.counts.warnings)}`),
        ],
      ],
    ),
  );
  out.push('');
  const names = results[0]?.list.map((q) => q.name) ?? [];
  out.push(
    table(
      [
        `List query (page of 50 + total; ± = estimated), ${runs} runs, ms`,
        ...results.flatMap((r) => [`${r.engine} p50`, `${r.engine} p95`]),
        'rows / total',
      ],
      names.map((name, i) => [
        name,
        ...results.flatMap((r) => [ms(r.list[i]?.p50 ?? 0), ms(r.list[i]?.p95 ?? 0)]),
        `${results[0]?.list[i]?.rows ?? 0} / ${results[0]?.list[i]?.approximate ? '± ' : ''}${int(results[0]?.list[i]?.total ?? 0)}`,
      ]),
    ),
  );
  const text = out.join('\n');
  console.log(`\n${text}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  fs.writeFileSync(path.join(CACHE, `bench-${households}-${stamp}.txt`), `${text}\n`);
  fs.writeFileSync(path.join(CACHE, `bench-${households}-${stamp}.json`), JSON.stringify({ machine, files, results }, null, 2));
}

if (process.argv[2] === 'matching') await import('./matching.js');
// `npm run bench -- decree`: the SK Bupati benchmark (bench/decree.ts) instead.
else if (process.argv[2] === 'decree') await (await import('./decree.js')).runDecreeBench();
// `npm run bench -- aid`: the Bantuan gap analysis and the aid pre-aggregate (bench/aid.ts).
else if (process.argv[2] === 'aid') await import('./aid.js');
// `npm run bench -- reimport`: the same files again, and a newer release (bench/reimport.ts).
else if (process.argv[2] === 'reimport') await import('./reimport.js');
// `npm run bench -- mapped-import`: renamed headers through a column mapping (bench/mapped-import.ts).
else if (process.argv[2] === 'mapped-import') await import('./mapped-import.js');
// `npm run bench -- trace`: one first load, where the CPU went while it ran (bench/trace.ts).
else if (process.argv[2] === 'trace') await import('./trace.js');
// `npm run bench -- field-load`: the verval worklist on a throttled phone, cold and warm (bench/field-load.ts).
else if (process.argv[2] === 'field-load') await import('./field-load.js');
// `npm run bench -- concurrency`: 200 verval saves and 50 dashboard readers at once (bench/concurrency.ts).
else if (process.argv[2] === 'concurrency') await import('./concurrency.js');
// `npm run bench -- field-offline`: the desa download under fast 3G and the sync of 500 queued records with photos (bench/field-offline.ts).
else if (process.argv[2] === 'field-offline') await import('./field-offline.js');
// `npm run bench -- pendampingan`: the leaders' view of pendampingan at scale (bench/pendampingan.ts).
else if (process.argv[2] === 'pendampingan') await import('./pendampingan.js');
else await main();
