import { SYSTEM_ACTOR } from '../src/app.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createScratchDatabase } from '../src/db/scratch.js';
import { loadKabupaten } from '../src/modules/regions/service.js';
import { benchCriteriaWhatIf } from './criteria-what-if.js';
import { describeMachine } from './machine.js';
import { countOption } from './options.js';

/**
 * Criteria what-if benchmark: a fresh database (a new PostgreSQL database on $DATABASE_URL's
 * server, dropped afterwards; in-memory PGlite when DATABASE_URL is unset), the region tree of
 * Kabupaten Probolinggo, N synthetic households (default 300,000) loaded with COPY, then the
 * what-if timed. Usage: bench/criteria.ts [--households N] [--runs R]
 */

const households = countOption('households', 300_000);
const runs = countOption('runs', 3);
const kabupaten = '35.13';
const baseUrl = process.env.DATABASE_URL;

const scratch = baseUrl ? await createScratchDatabase(baseUrl, 'sasmita_bench_criteria') : undefined;
const databaseUrl = scratch?.url;
const drop = scratch?.drop;

const database = await openDatabase({ databaseUrl });
try {
  await migrateToLatest(database);
  await loadKabupaten(database.db, kabupaten, SYSTEM_ACTOR);
  const machine = describeMachine();
  console.log(`Criteria what-if benchmark — ${database.kind}, ${households.toLocaleString('en')} households`);
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM, Node ${machine.node}, ${machine.os}`);
  const r = await benchCriteriaWhatIf(database, kabupaten, households, runs);
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const sorted = [...r.whatIfMs].sort((a, b) => a - b);
  console.log(`Load (COPY + analyze):         ${r.loadSeconds.toFixed(1)} s`);
  console.log(
    `What-if, kabupaten (${r.households.toLocaleString('en')} households, ${runs} runs): median ${fmt(sorted[Math.floor(sorted.length / 2)] ?? 0)}, best ${fmt(sorted[0] ?? 0)}, worst ${fmt(sorted[sorted.length - 1] ?? 0)}`,
  );
  console.log(`What-if, one desa (operator):  median ${fmt(r.desaWhatIfMs)}`);
  console.log(`Households changing class:     ${r.changed.toLocaleString('en')}`);
  for (const t of r.transitions) console.log(`  ${t.from} → ${t.to}: ${t.count.toLocaleString('en')}`);
  console.log(`Changed-household list:        ${r.listRows.toLocaleString('en')} rows in ${r.listSeconds.toFixed(2)} s`);
  const worst = sorted[sorted.length - 1] ?? 0;
  if (database.kind === 'postgres') {
    const verdict = r.households < 300_000 ? `not judged below 300,000 households` : worst < 10_000 ? 'met' : 'NOT met';
    console.log(`Target (< 10 s for 300,000 households on PostgreSQL): ${verdict} (worst run ${fmt(worst)})`);
  } else console.log('Target (< 10 s for 300,000 households) applies to PostgreSQL: set DATABASE_URL.');
} finally {
  await database.close();
  await drop?.();
}
