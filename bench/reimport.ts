/**
 * `npm run bench -- reimport [--households 300000]`: what later imports of P3KE cost on each
 * engine (PGlite always, PostgreSQL when DATABASE_URL is set), in one fresh database each:
 *
 * 1. the first load of the 2024 pair (the import `npm run bench` measures),
 * 2. the same two files again: every row found unchanged, nothing written,
 * 3. the generator's 2025 release of the same kabupaten: every household changed (its data
 *    year), members updated, added and removed; history written for each household.
 *
 * Prints seconds, rows/s and the counts of each, with the machine.
 */
import { SYSTEM_ACTOR } from '../src/app.js';
import { importP3ke } from '../src/modules/registry/import/index.js';
import { type Engine, freshBenchContext } from './context.js';
import { benchPair } from './data.js';
import { describeMachine } from './machine.js';
import { countOption } from './options.js';

const households = countOption('households', 300_000);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

async function bench(engine: Engine) {
  const first = await benchPair(households, 2024);
  const release = await benchPair(households, 2025);
  const { ctx, version, close } = await freshBenchContext(engine);
  const lines = [`${engine}: ${version}`];
  try {
    const steps = [
      ['first load, 2024', first],
      ['the same files again', first],
      ['the 2025 release', release],
    ] as const;
    for (const [label, pair] of steps) {
      process.stderr.write(`  [${engine}] ${label} …\n`);
      const t0 = performance.now();
      const r = await importP3ke(ctx, { familyPath: pair.familyPath, memberPath: pair.memberPath, edition: label }, SYSTEM_ACTOR);
      const seconds = (performance.now() - t0) / 1000;
      const h = r.counts.households;
      const m = r.counts.members;
      const t = r.timings;
      lines.push(
        `  ${label.padEnd(22)} ${seconds.toFixed(1).padStart(6)} s ${int((pair.households + pair.members) / seconds).padStart(8)} rows/s` +
          (t ? `  (reading ${t.readSeconds} s, merge ${t.loadSeconds} s, statistics ${t.statisticsSeconds} s)` : '') +
          `  households +${int(h.inserted)} ~${int(h.updated)} =${int(h.unchanged)}` +
          `  members +${int(m.inserted)} ~${int(m.updated)} =${int(m.unchanged)} -${int(m.removed)}`,
      );
    }
  } finally {
    await close();
  }
  return lines.join('\n');
}

const machine = describeMachine();
const engines: Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
const out: string[] = [];
for (const engine of engines) out.push(await bench(engine));
console.log(`\nMachine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM, ${machine.os}, Node ${machine.node}`);
console.log(`Re-imports of ${int(households)} households (synthetic P3KE CSV): + inserted, ~ updated, = unchanged, - removed`);
console.log(out.join('\n'));
