import path from 'node:path';
import type { Command } from 'commander';
import { ensureBootstrapped, SYSTEM_ACTOR } from '../../app.js';
import type { AppContext } from '../../http/context.js';
import { writeDemoFiles } from '../../modules/demo/files.js';
import {
  checkHouseholdCount,
  DEFAULT_DEMO_HOUSEHOLDS,
  DEFAULT_DEMO_SEED,
  DEFAULT_DEMO_YEAR,
  type DemoLoadResult,
  ensureDemoLoaded,
  GENERATE_PHASE,
  kabupatenForDemo,
  loadDemo,
  registryIsEmpty,
} from '../../modules/demo/service.js';
import type { DemoAccount } from '../../modules/demo/users.js';
import { summaryLine } from '../../modules/registry/import/index.js';
import { CliError, progressBar, withContext } from '../util.js';

interface DemoOptions {
  households: string;
  kabupaten?: string;
  seed: string;
  year: string;
  out?: string;
  format: string;
  load: boolean;
}

const fmt = (n: number) => n.toLocaleString('id-ID');
const seconds = (s: number) => `${s.toLocaleString('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} detik`;

function integer(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new CliError(`${name} must be a whole number, not "${value}"`);
  return n;
}

/** The demo accounts, with their passwords shown this once. */
export function printDemoAccounts(accounts: DemoAccount[]) {
  console.log('  Akun demo (kata sandi hanya ditampilkan sekali):');
  for (const a of accounts) {
    const pw = a.password ? `kata sandi ${a.password}` : 'sudah ada, kata sandi tidak diubah';
    console.log(`    ${a.username.padEnd(28)} ${a.role} @ ${a.regionCode} ${a.regionName} — ${pw}`);
  }
}

export function printDemoLoad(r: DemoLoadResult) {
  console.log(
    `Data demo dimuat (sintetis, bukan data nyata): ${fmt(r.files.households)} keluarga, ${fmt(r.files.members)} anggota — impor #${r.importId}, ` +
      `dibuat ${seconds(r.seconds.generate)}, diimpor ${seconds(r.seconds.import)}.`,
  );
  console.log(`  Hasil impor: ${summaryLine({ importId: r.importId, counts: r.counts })}`);
}

async function demo(opts: DemoOptions) {
  const households = integer(opts.households, '--households');
  const seed = integer(opts.seed, '--seed');
  const year = integer(opts.year, '--year');
  try {
    checkHouseholdCount(households);
  } catch {
    throw new CliError(`--households must be between 1 and 5000000, not ${households}`);
  }
  if (opts.format !== 'csv' && opts.format !== 'xlsx') throw new CliError(`--format must be csv or xlsx, not "${opts.format}"`);
  const format = opts.format;
  if (year < 1990 || year > 2100) throw new CliError(`--year must be between 1990 and 2100, not ${year}`);
  const outDir = opts.out ? path.resolve(opts.out) : undefined;

  if (!opts.load) {
    const kabupatenCode = opts.kabupaten ?? process.env.SASMITA_KABUPATEN ?? '35.13';
    const kab = await kabupatenForDemo(null, kabupatenCode);
    const bar = progressBar('Membuat data demo');
    const files = await writeDemoFiles(kab, { households, seed, year, format, outDir: outDir ?? path.resolve('demo-p3ke') }, (d, t) =>
      bar.update(d, t, 'keluarga'),
    );
    bar.stop();
    console.log(
      `${kab.kabupatenName} (${kabupatenCode}): ${fmt(files.households)} keluarga, ${fmt(files.members)} anggota (sintetis) ditulis ke`,
    );
    console.log(`  ${files.familyPath}`);
    console.log(`  ${files.memberPath}`);
    return;
  }

  await withContext(async (ctx) => {
    if (opts.kabupaten && opts.kabupaten !== ctx.config.kabupatenCode) {
      throw new CliError(
        `this deployment serves kabupaten ${ctx.config.kabupatenCode}; load a demo of ${opts.kabupaten} with SASMITA_KABUPATEN=${opts.kabupaten}, or write files only with --no-load`,
      );
    }
    await ensureBootstrapped(ctx);
    const progress = phasedProgress();
    const result = await loadDemo(
      ctx,
      { households, seed, year, format, ...(outDir ? { outDir } : {}), onProgress: progress.update },
      SYSTEM_ACTOR,
    );
    progress.stop();
    printDemoLoad(result);
    if (outDir) console.log(`  Berkas disimpan: ${result.files.familyPath}, ${result.files.memberPath}`);
    printDemoAccounts(result.accounts);
  });
}

/** One progress bar per phase (generating, reading each file, loading), each with its own label. */
export function phasedProgress() {
  let phase = '';
  let bar: ReturnType<typeof progressBar> | undefined;
  return {
    update(p: { phase: string; done: number; total: number }) {
      if (p.phase !== phase) {
        bar?.stop();
        phase = p.phase;
        bar = progressBar(p.phase[0]?.toUpperCase() + p.phase.slice(1));
      }
      bar?.update(p.done, p.total, p.phase === GENERATE_PHASE ? 'keluarga' : '');
    },
    stop() {
      bar?.stop();
    },
  };
}

/** `serve --demo`: on a first run, with the registry still empty, load the demo kabupaten and say so. */
export async function loadDemoOnFirstRun(ctx: AppContext): Promise<void> {
  if (!(await registryIsEmpty(ctx.db))) return;
  console.log(`Registri masih kosong: memuat kabupaten demo (${fmt(DEFAULT_DEMO_HOUSEHOLDS)} keluarga sintetis) …`);
  const progress = phasedProgress();
  const result = await ensureDemoLoaded(ctx, { onProgress: progress.update }, SYSTEM_ACTOR);
  progress.stop();
  if (!result) return;
  printDemoLoad(result);
  printDemoAccounts(result.accounts);
  console.log('');
}

export function registerDemoCommands(program: Command) {
  program
    .command('demo')
    .description('Generate a synthetic kabupaten (no real personal data) as P3KE files and load it through the import')
    .option('--households <n>', 'number of households', String(DEFAULT_DEMO_HOUSEHOLDS))
    .option('-k, --kabupaten <code>', "kabupaten/kota code (default: the deployment's, $SASMITA_KABUPATEN or 35.13)")
    .option('--seed <n>', 'random seed: the same seed gives the same files', String(DEFAULT_DEMO_SEED))
    .option('--year <yyyy>', 'data year (column tahun); ages are as of 1 July', String(DEFAULT_DEMO_YEAR))
    .option('-o, --out <dir>', 'write (and keep) the P3KE files in this directory (default with --no-load: ./demo-p3ke)')
    .option('--format <csv|xlsx>', 'file format', 'csv')
    .option('--no-load', 'only write the files, do not import them')
    .action(demo);
}
