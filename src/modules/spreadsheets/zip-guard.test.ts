import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  emptyRowFlood,
  entry,
  hugeCell,
  SHEET_HEAD,
  SHEET_TAIL,
  STRINGS_HEAD,
  saneWorkbook,
  sharedStringsBomb,
  workbook,
  zip,
} from '../../../test/helpers/hostile-xlsx.js';
import { loadConfig } from '../../config.js';
import { AppError } from '../../http/errors.js';
import { checkXlsx, type SpreadsheetLimits, xlsxRowBatches } from './index.js';
import { bufferSource, inspectXlsx, SpreadsheetRejection } from './zip-guard.js';

const LIMITS: SpreadsheetLimits = loadConfig({}, {}).spreadsheet;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-xlsx-guard-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function rejection(p: Promise<unknown>): Promise<SpreadsheetRejection | AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof SpreadsheetRejection) && !(err instanceof AppError)) throw new Error(`expected a rejection, got ${String(err)}`);
  return err;
}

async function rows(data: Buffer, limits = LIMITS) {
  const out: Array<{ n: number; cells: unknown[] }> = [];
  for await (const batch of xlsxRowBatches(data, limits)) out.push(...batch);
  return out;
}

const strings = (list: string[]) =>
  entry('xl/sharedStrings.xml', `${STRINGS_HEAD}${list.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`);
const sheet = (body: string, head = '') =>
  entry('xl/worksheets/sheet1.xml', `${SHEET_HEAD.replace('<sheetData>', `${head}<sheetData>`)}${body}${SHEET_TAIL}`);

describe('the zip check before parsing', () => {
  it('passes real workbooks, ours and exceljs ones, and they read as before', async () => {
    const sane = saneWorkbook([['3513010101010001', 'Siti']]);
    await expect(inspectXlsx(bufferSource(sane), LIMITS)).resolves.toContain('xl/worksheets/sheet1.xml');
    expect(await rows(sane)).toEqual([
      { n: 1, cells: ['NIK', 'Nama'] },
      { n: 2, cells: ['3513010101010001', 'Siti'] },
    ]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['NIK', 'Nama', 'Lahir']);
    for (let i = 0; i < 3000; i++)
      ws.addRow([`35130101010${String(i).padStart(5, '0')}`, `Warga ${i}`, new Date(Date.UTC(1990, 0, 1 + (i % 28)))]);
    const file = path.join(dir, 'exceljs.xlsx');
    await wb.xlsx.writeFile(file);
    await checkXlsx(file, LIMITS);
    const read = await rows(fs.readFileSync(file));
    expect(read).toHaveLength(3001);
    expect(read[3000]?.cells).toEqual(['3513010101002999', 'Warga 2999', new Date(Date.UTC(1990, 0, 1 + (2999 % 28)))]);
  });

  it('refuses shared strings that expand to 6 GB from the declared sizes, without inflating them', async () => {
    const bomb = sharedStringsBomb(6);
    expect(bomb.length).toBeLessThan(10 * 2 ** 20);
    const t0 = performance.now();
    const e = await rejection(inspectXlsx(bufferSource(bomb), LIMITS));
    expect(e).toMatchObject({ status: 413 });
    expect(e.message).toMatch(/sharedStrings\.xml .*(melebihi batas|dimampatkan lebih dari)/);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('stops inflating a lying header at the limit: the counter, not the header, decides', async () => {
    const bomb = sharedStringsBomb(6, true);
    const e = await rejection(inspectXlsx(bufferSource(bomb), LIMITS));
    expect(e).toMatchObject({ status: 413, kind: 'RATIO' });
    // Without the ratio, the size limits stop it all the same.
    const e2 = await rejection(inspectXlsx(bufferSource(bomb), { ...LIMITS, maxRatio: 1e9, maxEntryBytes: 50 * 2 ** 20 }));
    expect(e2).toMatchObject({ status: 413, kind: 'ENTRY_SIZE' });
    const e3 = await rejection(inspectXlsx(bufferSource(bomb), { ...LIMITS, maxRatio: 1e9, maxTotalBytes: 20 * 2 ** 20 }));
    expect(e3).toMatchObject({ status: 413, kind: 'TOTAL_SIZE' });
  });

  it('refuses a cell of 1.2 GB as a zip bomb, and a long cell under a lying header as soon as it passes the cell limit', async () => {
    expect(await rejection(inspectXlsx(bufferSource(hugeCell(1200)), LIMITS))).toMatchObject({ status: 413, kind: 'RATIO' });
    const e = await rejection(inspectXlsx(bufferSource(hugeCell(2, true)), LIMITS));
    expect(e).toMatchObject({ status: 422, kind: 'CELL' });
    expect(e.message).toContain('32.767 karakter');
    // A long shared string made of rich-text runs is refused as well.
    const runs = `<si>${'<r><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></r>'.repeat(60_000)}</si>`;
    const rich = workbook(
      sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
      entry('xl/sharedStrings.xml', `${STRINGS_HEAD}${runs}</sst>`),
    );
    expect(await rejection(inspectXlsx(bufferSource(rich), LIMITS))).toMatchObject({ status: 422, kind: 'CELL' });
  });

  it('refuses a flood of empty rows, a row index in the millions and a lying dimension before parsing', async () => {
    const t0 = performance.now();
    const flood = emptyRowFlood(1_100_000);
    const e = await rejection(inspectXlsx(bufferSource(flood), LIMITS));
    expect(e).toMatchObject({ status: 422, kind: 'ROWS' });
    expect(e.message).toContain('1.048.577');
    expect(performance.now() - t0).toBeLessThan(5000);
    const far = workbook(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="5000000"/>'), strings(['NIK']));
    expect(await rejection(inspectXlsx(bufferSource(far), LIMITS))).toMatchObject({ status: 422, kind: 'ROWS' });
    const dim = workbook(sheet('<row r="1"/>', '<dimension ref="A1:XFD1048576"/>'), strings(['NIK']));
    expect(await rejection(inspectXlsx(bufferSource(dim), LIMITS))).toMatchObject({ status: 422, kind: 'COLUMNS' });
  });

  it('refuses a row wider than the column limit and a long cell while reading, naming the row', async () => {
    const wide = workbook(
      sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="XFD2" t="s"><v>0</v></c></row>'),
      strings(['NIK']),
    );
    const e = await rejection(rows(wide));
    expect(e).toMatchObject({ status: 422, code: 'SPREADSHEET_REJECTED' });
    expect((e as AppError).messageId).toContain('baris 2 memuat 16.384 kolom');
    const long = saneWorkbook([['3513010101010001', 'x'.repeat(40_000)]]);
    const e2 = await rejection(rows(long));
    expect((e2 as AppError).messageId).toContain('baris 2 memuat sel yang lebih panjang dari 32.767 karakter');
  });

  it('refuses entries hidden from the directory, too many entries and broken zips', async () => {
    const sane = saneWorkbook([['3513010101010001', 'Siti']]);
    // A local entry the directory does not list, placed before the others: a streaming reader would see it.
    const hidden = zip([entry('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${SHEET_TAIL}`)]);
    const smuggled = Buffer.concat([hidden.subarray(0, hidden.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))), sane]);
    expect(await rejection(inspectXlsx(bufferSource(smuggled), LIMITS))).toMatchObject({ status: 422, kind: 'MALFORMED' });
    expect(await rejection(inspectXlsx(bufferSource(sane), { ...LIMITS, maxEntries: 3 }))).toMatchObject({ status: 422, kind: 'ENTRIES' });
    expect(await rejection(inspectXlsx(bufferSource(sane.subarray(0, sane.length - 30)), LIMITS))).toMatchObject({ kind: 'MALFORMED' });
  });

  it('fails the file, not the process, when the reader thread runs out of memory or time', async () => {
    const many = workbook(
      sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
      strings(Array.from({ length: 300_000 }, (_, i) => `nilai-${i}-${'x'.repeat(40)}`)),
    );
    const e = await rejection(rows(many, { ...LIMITS, heapMb: 16 }));
    expect(e).toMatchObject({ status: 413, code: 'SPREADSHEET_TOO_LARGE' });
    expect((e as AppError).messageId).toContain('batas memori pembaca 16 MB');
    const slow = await rejection(rows(many, { ...LIMITS, readMs: 1 }));
    expect(slow).toMatchObject({ status: 422 });
    expect((slow as AppError).messageId).toContain('tidak selesai dibaca');
  });
});
