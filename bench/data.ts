import fs from 'node:fs';
import path from 'node:path';
import { writeDemoFiles } from '../src/modules/demo/files.js';
import { kabupatenForDemo } from '../src/modules/demo/service.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
/** Where benchmarks keep their generated data and their printed figures. */
export const CACHE = path.join(ROOT, '.tmp', 'bench');

export const SEED = 1;

/**
 * The synthetic P3KE pair (Kabupaten Probolinggo, 35.13) for this size and data year, generated
 * once with the `sasmita demo` generator and kept under .tmp/bench/ for later runs.
 */
export async function benchPair(households: number, year: number) {
  const dir = path.join(CACHE, `p3ke-${households}-s${SEED}-${year}`);
  const meta = path.join(dir, 'files.json');
  if (fs.existsSync(meta)) {
    const cached = JSON.parse(fs.readFileSync(meta, 'utf8')) as Awaited<ReturnType<typeof writeDemoFiles>> & { seconds: number };
    if (fs.existsSync(cached.familyPath) && fs.existsSync(cached.memberPath)) return { ...cached, cached: true };
  }
  process.stderr.write(`Generating ${households.toLocaleString('en-US')} households (${year}) into ${dir} …\n`);
  const kab = await kabupatenForDemo(null, '35.13');
  const t0 = performance.now();
  const files = await writeDemoFiles(kab, { households, seed: SEED, year, format: 'csv', outDir: dir });
  const seconds = (performance.now() - t0) / 1000;
  fs.writeFileSync(meta, JSON.stringify({ ...files, seconds }));
  return { ...files, seconds, cached: false };
}
