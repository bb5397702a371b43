/**
 * One engine's benchmark in its own process, so its peak memory is the import's alone:
 * a fresh database (PGlite in a temporary directory, or a new PostgreSQL database), the
 * import of the P3KE pair, the raw COPY of the same files, then the list queries.
 * Writes its figures as JSON to the file named by --out.
 */

import fs from 'node:fs';
import { SYSTEM_ACTOR } from '../src/app.js';
import { type ImportSummary, importP3ke, STATISTICS_PHASE } from '../src/modules/registry/import/index.js';
import { freshBenchContext, KABUPATEN } from './context.js';
import { rawCopy } from './copy.js';
import { benchList, type QueryTiming } from './list.js';
import { memorySampler } from './memory.js';

export interface EngineResult {
  engine: 'pglite' | 'postgres';
  version: string;
  households: number;
  members: number;
  import: {
    seconds: number;
    rowsPerSecond: number;
    sampledPeakRssMb: number;
    maxRssMb: number;
    counts: ImportSummary['counts'];
    timings: ImportSummary['timings'];
    /** Seconds from the start at which each phase began. */
    phases: Array<{ phase: string; at: number }>;
  };
  rawCopy: { seconds: number; rowsPerSecond: number; rows: number };
  /** Import rows/s divided by raw COPY rows/s. */
  ratio: number;
  list: QueryTiming[];
}

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (!v) throw new Error(`missing --${name}`);
  return v;
}

async function main() {
  const engine = arg('engine') as EngineResult['engine'];
  const familyPath = arg('family');
  const memberPath = arg('member');
  const households = Number(arg('households'));
  const members = Number(arg('members'));
  const runs = Number(arg('runs'));
  const out = arg('out');

  const { ctx, version, close } = await freshBenchContext(engine);
  const database = ctx.database;
  try {
    const log = (s: string) => process.stderr.write(`  [${engine}] ${s}\n`);
    log('import …');
    const memory = memorySampler();
    const t0 = performance.now();
    // Where the time goes: the moment each phase (and each merge step) of the import starts.
    const phases: Array<{ phase: string; at: number }> = [];
    let current = '';
    const imported = await importP3ke(ctx, { familyPath, memberPath, edition: 'P3KE 2024 (bench)' }, SYSTEM_ACTOR, (p) => {
      const phase = p.phase === 'memuat ke database' || p.phase === STATISTICS_PHASE ? `${p.phase} ${p.done}/${p.total}` : p.phase;
      if (phase === current) return;
      current = phase;
      const at = (performance.now() - t0) / 1000;
      phases.push({ phase, at });
      log(`${at.toFixed(1)} s: ${phase} (peak RSS so far ${memory.peakMb()} MB)`);
    });
    const importSeconds = (performance.now() - t0) / 1000;
    const mem = memory.stop();
    const rows = households + members;
    log(`import done in ${importSeconds.toFixed(1)} s`);

    log('raw COPY …');
    const copy = await rawCopy(database, { family: familyPath, member: memberPath });
    if (copy.rows !== rows) throw new Error(`raw COPY loaded ${copy.rows} rows, the files hold ${rows}`);
    log(`raw COPY done in ${copy.seconds.toFixed(1)} s`);

    log('list queries …');
    const list = await benchList(database, KABUPATEN, runs);

    const importRate = rows / importSeconds;
    const copyRate = copy.rows / copy.seconds;
    const result: EngineResult = {
      engine,
      version,
      households,
      members,
      import: { seconds: importSeconds, rowsPerSecond: importRate, ...mem, counts: imported.counts, timings: imported.timings, phases },
      rawCopy: { seconds: copy.seconds, rowsPerSecond: copyRate, rows: copy.rows },
      ratio: importRate / copyRate,
      list,
    };
    fs.writeFileSync(out, JSON.stringify(result, null, 2));
  } finally {
    await close();
  }
}

await main();
