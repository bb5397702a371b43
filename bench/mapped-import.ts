/**
 * `npm run bench -- mapped-import [--households 300000]`: the first load of the synthetic P3KE
 * pair through the fixed layout, and of the same pair with every header renamed (a layout
 * "mapped once") through a column mapping, each into a fresh database on each engine (PGlite
 * always, PostgreSQL when DATABASE_URL is set). The mapping changes only how the header is
 * matched (docs/adr/0026-import-column-mapping.md), so the two should take the same time.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { SYSTEM_ACTOR } from '../src/app.js';
import { ANGGOTA_COLUMNS, KELUARGA_COLUMNS } from '../src/modules/registry/import/columns.js';
import { importP3ke, startP3keImport } from '../src/modules/registry/import/index.js';
import type { ColumnMapping } from '../src/modules/registry/import/mapping.js';
import { type Engine, freshBenchContext } from './context.js';
import { benchPair } from './data.js';
import { describeMachine } from './machine.js';
import { countOption } from './options.js';

const households = countOption('households', 300_000);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** The source header of a canonical column in the renamed copy. */
const renamed = (c: string) => `KOLOM ${c.toUpperCase().replace(/_/g, ' ')}`;

/** A copy of a CSV file whose header line is renamed; the data lines are copied byte for byte. */
async function renameHeader(src: string, dest: string) {
  if (fs.existsSync(dest) && fs.statSync(dest).size > 0) return;
  const input = fs.createReadStream(src);
  const lines = readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const first: string = await new Promise((resolve) => lines.once('line', resolve));
  lines.close();
  input.destroy();
  const delimiter = first.includes(';') ? ';' : ',';
  const header = first
    .replace(/^\uFEFF/, '')
    .split(delimiter)
    .map((h) => renamed(h.replace(/"/g, '').trim()))
    .join(delimiter);
  const skip = Buffer.byteLength(first, 'utf8');
  const out = fs.createWriteStream(dest);
  out.write(header);
  await new Promise<void>((resolve, reject) => {
    fs.createReadStream(src, { start: skip }).pipe(out).on('finish', resolve).on('error', reject);
  });
}

const mappingOf = (columns: readonly string[]): ColumnMapping => Object.fromEntries(columns.map((c) => [c, renamed(c)]));

async function bench(engine: Engine) {
  const pair = await benchPair(households, 2024);
  const mappedFamily = `${pair.familyPath}.mapped.csv`;
  const mappedMember = `${pair.memberPath}.mapped.csv`;
  await renameHeader(pair.familyPath, mappedFamily);
  await renameHeader(pair.memberPath, mappedMember);
  const rows = pair.households + pair.members;
  const lines: string[] = [];
  for (const mode of ['fixed layout', 'column mapping'] as const) {
    const { ctx, version, close } = await freshBenchContext(engine);
    if (lines.length === 0) lines.push(`${engine}: ${version}`);
    try {
      process.stderr.write(`  [${engine}] ${mode} …\n`);
      const t0 = performance.now();
      const r =
        mode === 'fixed layout'
          ? await importP3ke(ctx, { familyPath: pair.familyPath, memberPath: pair.memberPath }, SYSTEM_ACTOR)
          : await (
              await startP3keImport(
                ctx,
                {
                  familyPath: mappedFamily,
                  memberPath: mappedMember,
                  familyColumns: mappingOf(KELUARGA_COLUMNS),
                  memberColumns: mappingOf(ANGGOTA_COLUMNS),
                },
                SYSTEM_ACTOR,
              )
            ).finished;
      const seconds = (performance.now() - t0) / 1000;
      const t = r.timings;
      lines.push(
        `  ${mode.padEnd(15)} ${seconds.toFixed(1).padStart(6)} s ${int(rows / seconds).padStart(8)} rows/s` +
          (t ? `  (reading ${t.readSeconds} s, merge ${t.loadSeconds} s, statistics ${t.statisticsSeconds} s)` : '') +
          `  stored ${int(r.counts.stored)}, rejected ${int(r.counts.rejected)}`,
      );
    } finally {
      await close();
    }
  }
  return lines.join('\n');
}

const machine = describeMachine();
const engines: Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
const out: string[] = [];
for (const engine of engines) out.push(await bench(engine));
console.log(`\nMachine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM, ${machine.os}, Node ${machine.node}`);
console.log(
  `First load of ${int(households)} households (synthetic P3KE CSV), fixed layout vs renamed headers read through a column mapping`,
);
console.log(out.join('\n'));
