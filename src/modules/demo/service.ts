import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../http/context.js';
import { badRequest } from '../../http/errors.js';
import { receiptsFromRegistryForKabupaten } from '../aid/receipts.js';
import type { AuditActor } from '../audit/service.js';
import { adoptExampleCriteria } from '../criteria/example.js';
import { ensureSyntheticBoundaries } from '../maps/synthetic.js';
import { readKabupatenTree } from '../regions/service.js';
import { type ImportSummary, importP3ke } from '../registry/import/index.js';
import { type DemoFiles, type DemoFormat, writeDemoFiles } from './files.js';
import { type DemoKabupaten, demoKabupaten } from './generator.js';
import { createDemoAccounts, type DemoAccount } from './users.js';

/** The demo a fresh `sasmita serve --demo` loads: big enough to feel real, quick to load. */
export const DEFAULT_DEMO_HOUSEHOLDS = 20_000;
export const DEFAULT_DEMO_SEED = 1;
export const DEFAULT_DEMO_YEAR = 2024;
export const GENERATE_PHASE = 'membuat data demo';

/** A kabupaten for the generator: from the database when its tree is loaded, else from idn-area-data. */
export async function kabupatenForDemo(db: Kysely<DB> | null, kabupatenCode: string): Promise<DemoKabupaten> {
  if (db) {
    const rows = await db
      .selectFrom('region')
      .selectAll()
      .where((eb) =>
        eb.or([eb('code', '=', kabupatenCode), eb('code', 'like', `${kabupatenCode}.%`), eb('code', '=', kabupatenCode.slice(0, 2))]),
      )
      .execute();
    if (rows.some((r) => r.level === 4)) return demoKabupaten(rows, kabupatenCode);
  }
  return demoKabupaten(await readKabupatenTree(kabupatenCode), kabupatenCode);
}

export interface DemoLoadOptions {
  households: number;
  seed?: number;
  year?: number;
  format?: DemoFormat;
  /** Keep the generated files here; a temporary directory (removed afterwards) when omitted. */
  outDir?: string;
  /** `phase` is "membuat data demo" while generating, then the import's own phases. */
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

export interface DemoLoadResult {
  files: DemoFiles;
  importId: number;
  counts: ImportSummary['counts'];
  accounts: DemoAccount[];
  /** The example criteria set adopted for the demo; null when a set was adopted already. */
  criteriaId: number | null;
  seconds: { generate: number; import: number };
}

/**
 * Generate a synthetic P3KE pair for the deployment's kabupaten and load it through the
 * real import (same validation as real data), then create the demo accounts.
 */
export async function loadDemo(ctx: AppContext, opts: DemoLoadOptions, actor: AuditActor): Promise<DemoLoadResult> {
  const kabupatenCode = ctx.config.kabupatenCode;
  const kab = await kabupatenForDemo(ctx.db, kabupatenCode);
  const year = opts.year ?? DEFAULT_DEMO_YEAR;
  const tmp = opts.outDir ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-demo-'));
  try {
    const t0 = performance.now();
    const files = await writeDemoFiles(
      kab,
      {
        households: opts.households,
        seed: opts.seed ?? DEFAULT_DEMO_SEED,
        year,
        format: opts.format ?? 'csv',
        outDir: opts.outDir ?? tmp ?? '.',
      },
      (done, total) => opts.onProgress?.({ phase: GENERATE_PHASE, done, total }),
    );
    const t1 = performance.now();
    const result = await importP3ke(
      ctx,
      { familyPath: files.familyPath, memberPath: files.memberPath, edition: `P3KE ${year} (demo)` },
      actor,
      opts.onProgress,
    );
    // The demo's aid flags become receipts, so Bantuan and the dashboard show its aid at once.
    await receiptsFromRegistryForKabupaten(ctx.db, actor, kabupatenCode);
    // The demo kabupaten has criteria adopted: the example set of the domain notes.
    const criteriaId = await adoptExampleCriteria(ctx.db, actor);
    // SYNTHETIC desa and kecamatan boundaries (labelled so), so the demo shows a map at once.
    await ensureSyntheticBoundaries(ctx.db, kabupatenCode);
    const t2 = performance.now();
    const accounts = await createDemoAccounts(ctx.db, kabupatenCode, actor);
    return {
      files,
      importId: result.importId,
      counts: result.counts,
      accounts,
      criteriaId,
      seconds: { generate: (t1 - t0) / 1000, import: (t2 - t1) / 1000 },
    };
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Whether the registry holds no household yet. */
export async function registryIsEmpty(db: Kysely<DB>): Promise<boolean> {
  return !(await db.selectFrom('household').select('id').limit(1).executeTakeFirst());
}

/**
 * On a first start with `--demo`: when the registry is empty, load a demo kabupaten of
 * `households` households. Returns undefined (and does nothing) when data is already there.
 */
export async function ensureDemoLoaded(
  ctx: AppContext,
  opts: { households?: number; onProgress?: DemoLoadOptions['onProgress'] } = {},
  actor: AuditActor = { userId: null, username: 'demo' },
): Promise<DemoLoadResult | undefined> {
  if (!(await registryIsEmpty(ctx.db))) return undefined;
  return loadDemo(ctx, { households: opts.households ?? DEFAULT_DEMO_HOUSEHOLDS, onProgress: opts.onProgress }, actor);
}

/** Reject a household count the generator cannot honour. */
export function checkHouseholdCount(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 5_000_000) {
    throw badRequest('INVALID_DEMO_SIZE', `Jumlah keluarga harus 1–5.000.000, bukan ${n}`, `Households must be 1–5,000,000, not ${n}`);
  }
  return n;
}
