import fs from 'node:fs';
import path from 'node:path';
import { FAMILY_COLUMNS, MEMBER_COLUMNS } from './columns.js';
import { type DemoKabupaten, generateHouseholds, referenceDay } from './generator.js';
import { familyRow, memberRows } from './rows.js';
import { csvWriter, type RowWriter, xlsxWriter } from './writers.js';

export type DemoFormat = 'csv' | 'xlsx';

export interface DemoFileOptions {
  households: number;
  seed: number;
  year: number;
  format: DemoFormat;
  /** Directory the two files are written to (created when missing). */
  outDir: string;
}

export interface DemoFiles {
  familyPath: string;
  memberPath: string;
  households: number;
  members: number;
}

/** Default file names: keluarga and anggota of a kabupaten, e.g. p3ke-keluarga-3513.csv. */
export function demoFileNames(kabupatenCode: string, format: DemoFormat) {
  const k = kabupatenCode.replaceAll('.', '');
  return { family: `p3ke-keluarga-${k}.${format}`, member: `p3ke-anggota-${k}.${format}` };
}

/**
 * Generate a synthetic kabupaten and write it as a P3KE pair (keluarga + anggota), streaming
 * household by household. `onProgress(householdsWritten, total)` is called now and then.
 */
export async function writeDemoFiles(
  kab: DemoKabupaten,
  opts: DemoFileOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<DemoFiles> {
  fs.mkdirSync(opts.outDir, { recursive: true });
  const names = demoFileNames(kab.kabupatenCode, opts.format);
  const familyPath = path.join(opts.outDir, names.family);
  const memberPath = path.join(opts.outDir, names.member);
  const open = (file: string, sheet: string, header: readonly string[]): RowWriter =>
    opts.format === 'xlsx' ? xlsxWriter(file, sheet, header) : csvWriter(file, header);
  const families = open(familyPath, 'keluarga', FAMILY_COLUMNS);
  const members = open(memberPath, 'anggota', MEMBER_COLUMNS);
  const refDay = referenceDay(opts.year);
  let households = 0;
  let people = 0;
  try {
    for (const h of generateHouseholds(kab, opts)) {
      await families.write(familyRow(h, kab, opts.year));
      for (const row of memberRows(h, kab, refDay)) await members.write(row);
      households += 1;
      people += h.members.length;
      if (onProgress && households % 5000 === 0) onProgress(households, opts.households);
    }
  } finally {
    await families.close();
    await members.close();
  }
  if (households % 5000 !== 0) onProgress?.(households, opts.households);
  return { familyPath, memberPath, households, members: people };
}
