import fs from 'node:fs';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { CellValue } from '../validate/types.js';

export type FileType = 'csv' | 'xlsx';

export type Sniffed = { type: FileType } | { type: null; reason: string; reasonEn: string };

/** One spreadsheet row: its number as the spreadsheet shows it (header = 1) and its cells. */
export interface RawRow {
  n: number;
  cells: CellValue[];
}

const SNIFF_BYTES = 64 * 1024;

function readSlice(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

/**
 * Tell CSV from XLSX by content, not by name: XLSX is a zip (PK\x03\x04) holding
 * xl/workbook.xml; CSV is UTF-8 text whose first line has a `,` or `;` between columns.
 */
export function sniffFileType(path: string): Sniffed {
  const fd = fs.openSync(path, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = readSlice(fd, 0, Math.min(size, SNIFF_BYTES));
    if (head.length === 0) return { type: null, reason: 'berkas kosong', reasonEn: 'the file is empty' };
    if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
      const tail = size > SNIFF_BYTES ? readSlice(fd, size - SNIFF_BYTES, SNIFF_BYTES) : Buffer.alloc(0);
      const marker = Buffer.from('xl/workbook.xml');
      if (head.includes(marker) || tail.includes(marker)) return { type: 'xlsx' };
      return { type: null, reason: 'berkas ZIP ini bukan lembar kerja XLSX', reasonEn: 'this ZIP file is not an XLSX workbook' };
    }
    if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
      return {
        type: null,
        reason: 'format .xls (Excel 97–2003) tidak didukung; simpan ulang sebagai .xlsx atau CSV',
        reasonEn: '.xls (Excel 97–2003) is not supported; save it as .xlsx or CSV',
      };
    }
    if (head.includes(0)) return { type: null, reason: 'bukan berkas CSV atau XLSX', reasonEn: 'not a CSV or XLSX file' };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    } catch {
      return {
        type: null,
        reason: 'berkas teks ini bukan UTF-8; simpan sebagai CSV UTF-8',
        reasonEn: 'this text file is not UTF-8; save it as CSV UTF-8',
      };
    }
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    if (!firstLine.includes(',') && !firstLine.includes(';')) {
      return {
        type: null,
        reason: 'bukan berkas CSV (baris pertama tidak berisi judul kolom yang dipisah koma atau titik koma)',
        reasonEn: 'not a CSV file (the first line holds no comma- or semicolon-separated column headers)',
      };
    }
    return { type: 'csv' };
  } finally {
    fs.closeSync(fd);
  }
}

/** `,` or `;`: whichever separates more columns in the header line (outside quotes). */
export function detectDelimiter(firstLine: string): ',' | ';' {
  let commas = 0;
  let semis = 0;
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

function firstLineOf(path: string): string {
  const fd = fs.openSync(path, 'r');
  try {
    const head = readSlice(fd, 0, SNIFF_BYTES).toString('utf8');
    return head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  } finally {
    fs.closeSync(fd);
  }
}

/** Receives every chunk read from the file and the file's size. */
export type ChunkFn = (chunk: Buffer, totalBytes: number) => void;

const BATCH = 2000;

/** Rows of a CSV file in batches, streamed through csv-parse. */
async function* csvRows(path: string, onChunk?: ChunkFn): AsyncGenerator<RawRow[]> {
  const total = fs.statSync(path).size;
  const file = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  if (onChunk) file.on('data', (chunk) => onChunk(chunk as Buffer, total));
  const parser = parse({
    delimiter: detectDelimiter(firstLineOf(path)),
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  });
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  pipeline(file, parser, (err) => {
    if (err) failure = err;
    ended = true;
    poke();
  });
  parser.on('readable', poke);
  let n = 0;
  try {
    for (;;) {
      const out: RawRow[] = [];
      while (out.length < BATCH) {
        const rec = parser.read() as string[] | null;
        if (rec === null) break;
        n++;
        out.push({ n, cells: rec });
      }
      if (out.length) {
        yield out;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    file.destroy();
    parser.destroy();
  }
}

/** An exceljs cell value as a plain cell: rich text joined, formulas by their result. */
export function plainCell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return plainCell(o.result);
    if (typeof o.text === 'string') return o.text;
    if (typeof o.error === 'string') return o.error;
  }
  return String(v);
}

/** Rows of the first worksheet of an XLSX file in batches, streamed with exceljs. */
async function* xlsxRows(path: string, onChunk?: ChunkFn): AsyncGenerator<RawRow[]> {
  const total = fs.statSync(path).size;
  const file = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  if (onChunk) file.on('data', (chunk) => onChunk(chunk as Buffer, total));
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of workbook) {
      let out: RawRow[] = [];
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: CellValue[] = [];
        // exceljs rows are 1-based sparse arrays.
        for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
        out.push({ n: row.number, cells });
        if (out.length >= BATCH) {
          yield out;
          out = [];
        }
      }
      if (out.length) yield out;
      return;
    }
  } finally {
    file.destroy();
  }
}

/** Rows of a CSV or XLSX file, in batches; the header is the row numbered 1 in CSV, the first row in XLSX. */
export function readRows(path: string, type: FileType, onChunk?: ChunkFn): AsyncGenerator<RawRow[]> {
  return type === 'csv' ? csvRows(path, onChunk) : xlsxRows(path, onChunk);
}
