/**
 * Map figures at scale: the monitoring bench's world (bench/monitoring.ts: N synthetic
 * households of 35.13 by COPY, a baseline, verval for two thirds, aid receipts) plus the
 * synthetic boundaries, then p50/p95 of the map values (kabupaten by desa and by kecamatan,
 * the largest kecamatan by desa), the boundaries of the kabupaten's 330 desa, and the public map.
 *
 *   npx tsc -p bench/tsconfig.json && npx node .tmp/bench-build/bench/maps.js [households]
 *   (BENCH_SKIP_PGLITE=1 to time PostgreSQL only)
 */

import type { Database } from '../src/db/database.js';
import { listBoundaries } from '../src/modules/maps/boundaries.js';
import { publicMap } from '../src/modules/maps/public-map.js';
import { ensureSyntheticBoundaries } from '../src/modules/maps/synthetic.js';
import { mapValues } from '../src/modules/maps/values.js';
import { admin, KAB, load, onEachEngine, time } from './monitoring.js';

const N = Number(process.argv[2] ?? 300000);

async function bench(database: Database) {
  const loaded = await load(database, N);
  const shapes = await ensureSyntheticBoundaries(database.db, KAB);
  console.log(
    `${database.kind}: ${N.toLocaleString('en-US')} households loaded in ${loaded.seconds.toFixed(1)} s; ${shapes} synthetic boundaries`,
  );
  const byKec = await mapValues(database.db, admin, KAB, { region: KAB, level: 'kecamatan' });
  const kec = byKec.rows.reduce((a, b) => (b.households > a.households ? b : a));
  await time('map values kabupaten by desa', () => mapValues(database.db, admin, KAB, { region: KAB, level: 'desa' }));
  await time('map values kabupaten by kecamatan', () => mapValues(database.db, admin, KAB, { region: KAB, level: 'kecamatan' }));
  await time(`map values ${kec.code} by desa`, () => mapValues(database.db, admin, KAB, { region: kec.code, level: 'desa' }));
  await time('boundaries of the desa', () => listBoundaries(database.db, KAB, 4, KAB, () => true));
  await time('public map', () => publicMap(database.db, KAB));
}

if (process.argv[1]?.endsWith('maps.js')) await onEachEngine(bench);
