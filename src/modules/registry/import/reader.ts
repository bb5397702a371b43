import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import { loadConfig } from '../../../config.js';
import { type SpreadsheetLimits, xlsxRowBatches } from '../../spreadsheets/index.js';
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

/** The first 64 KB of a file as text. */
export function headOf(path: string): string {
  const fd = fs.openSync(path, 'r');
  try {
    return new StringDecoder('utf8').write(readSlice(fd, 0, SNIFF_BYTES));
  } finally {
    fs.closeSync(fd);
  }
}

/** Receives every chunk read from the file and the file's size. */
export type ChunkFn = (chunk: Buffer, totalBytes: number) => void;

const BATCH = 2000;

/** A file the reader cannot make sense of; the import fails with this reason (Indonesian and English). */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
  }
}

/**
 * The longest record a CSV file may hold. A quote that is never closed would otherwise turn
 * the rest of the file into one field, held and re-read with every chunk.
 */
export const MAX_RECORD_CHARS = 1 << 20;

/** The line ending of the header line: `\r\n` (Excel on Windows), `\n` or a lone `\r`. */
export function detectNewline(head: string): '\r\n' | '\n' | '\r' {
  const lf = head.indexOf('\n');
  if (lf > 0 && head[lf - 1] === '\r') return '\r\n';
  if (lf < 0 && head.includes('\r')) return '\r';
  return '\n';
}

function quoteProblem(code: string, row: number): UnreadableFileError {
  return code === 'MissingQuotes'
    ? new UnreadableFileError(`tanda kutip (") di baris ${row} tidak ditutup`, `the quote (") in row ${row} is never closed`)
    : new UnreadableFileError(
        `tanda kutip penutup di baris ${row} tidak diikuti pemisah kolom`,
        `the closing quote in row ${row} is not followed by a delimiter`,
      );
}

/**
 * CSV text to rows with Papa Parse (docs/adr/0006-csv-parser.md), fed in pieces: `push` returns
 * the complete records so far (an incomplete last one waits for the next piece), `end` the
 * rest. Delimiter (`,` or `;`) and line ending come from the header line; a BOM is dropped;
 * quotes that are never closed or are malformed fail with the row they are in.
 */
export class CsvTextParser {
  private readonly parser: Papa.Parser;
  /** The column delimiter found in the header line. */
  readonly delimiter: ',' | ';';
  private pending = '';
  private started = false;
  /** Records returned so far. */
  rows = 0;

  constructor(head: string) {
    const text = head.replace(/^\uFEFF/, '');
    const line = text.split(/\r?\n|\r/, 1)[0] ?? '';
    this.delimiter = detectDelimiter(line);
    this.parser = new Papa.Parser({ delimiter: this.delimiter, newline: detectNewline(text) });
  }

  push(text: string): string[][] {
    return this.parse(text, false);
  }

  end(): string[][] {
    return this.parse('', true);
  }

  private parse(text: string, last: boolean): string[][] {
    let input = this.pending + text;
    if (!this.started && input.length > 0) {
      this.started = true;
      if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
    }
    const result = this.parser.parse(input, 0, !last) as { data: string[][]; errors: Papa.ParseError[]; meta: { cursor: number } };
    const problem = result.errors.find((e) => e.type === 'Quotes');
    if (problem) throw quoteProblem(problem.code, this.rows + (problem.row ?? 0) + 1);
    this.pending = last ? '' : input.slice(result.meta.cursor);
    if (this.pending.length > MAX_RECORD_CHARS) {
      const row = this.rows + result.data.length + 1;
      throw new UnreadableFileError(
        `baris ${row} lebih panjang dari 1 MB: kemungkinan ada tanda kutip (") yang tidak ditutup`,
        `row ${row} is longer than 1 MB: probably a quote (") that is never closed`,
      );
    }
    this.rows += result.data.length;
    return result.data;
  }
}

/** A whole CSV text (a small upload) as rows; throws UnreadableFileError like the streamed reader. */
export function parseCsvText(text: string): string[][] {
  const parser = new CsvTextParser(text.slice(0, SNIFF_BYTES));
  return [...parser.push(text), ...parser.end()];
}

/** Where the first byte that is not UTF-8 sits in `buf` (an incomplete last character counts), or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i] as number;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > buf.length) return i;
    for (let k = 1; k < len; k++) if (((buf[i + k] as number) & 0xc0) !== 0x80) return i;
    const b1 = buf[i + 1] as number;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i;
    i += len;
  }
  return -1;
}

/** A file that is not UTF-8 from `row` on: refused, never decoded with replacement characters. */
function notUtf8(row: number): UnreadableFileError {
  return new UnreadableFileError(
    `baris ${row} memuat karakter yang bukan UTF-8 (misalnya huruf é dari "CSV (Comma delimited)" Excel); simpan ulang berkas sebagai "CSV UTF-8"`,
    `row ${row} holds characters that are not UTF-8 (such as é from Excel's "CSV (Comma delimited)"); save the file again as "CSV UTF-8"`,
  );
}

/** The line (1-based) of byte `offset`, counting line feeds (or lone carriage returns) before it. */
function lineAt(bytes: (position: number, length: number) => Buffer, offset: number): number {
  let lf = 0;
  let cr = 0;
  for (let at = 0; at < offset; at += 1 << 20) {
    const piece = bytes(at, Math.min(1 << 20, offset - at));
    for (let i = piece.indexOf(10); i >= 0; i = piece.indexOf(10, i + 1)) lf++;
    for (let i = piece.indexOf(13); i >= 0; i = piece.indexOf(13, i + 1)) cr++;
    if (piece.length === 0) break;
  }
  return (lf > 0 ? lf : cr) + 1;
}

/** The UTF-8 text of a whole CSV upload; a byte that is not UTF-8 refuses the file naming its row. */
export function decodeUtf8(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    const at = firstInvalidUtf8(data);
    throw notUtf8(lineAt((p, n) => data.subarray(p, p + n), Math.max(at, 0)));
  }
}

/** The row of the first byte of a file that is not UTF-8, read again from the file (an error path only). */
function invalidRowInFile(path: string, from: number): number {
  const fd = fs.openSync(path, 'r');
  try {
    const read = (p: number, n: number) => readSlice(fd, p, n);
    // Start at a character boundary at or before `from`, then look for the first invalid byte.
    let start = Math.max(0, from - 3);
    const back = read(start, from - start);
    for (let i = back.length - 1; i >= 0; i--) {
      if (((back[i] as number) & 0xc0) !== 0x80) {
        start += i;
        break;
      }
    }
    const size = fs.fstatSync(fd).size;
    for (let at = start; at < size; ) {
      const piece = read(at, 1 << 20);
      const bad = firstInvalidUtf8(piece);
      if (bad < 0) at += piece.length;
      // A character cut by the end of the piece is checked again at the start of the next one.
      else if (bad > 0 && bad >= piece.length - 3 && at + piece.length < size) at += bad;
      else return lineAt(read, at + bad);
    }
    return lineAt(read, size);
  } finally {
    fs.closeSync(fd);
  }
}

/** Bytes parsed at a time (below V8's 128 KB large-object threshold once decoded). */
const PARSE_PIECE = 64 * 1024;

/**
 * Rows of a CSV file in batches: read in 1 MB chunks, decoded as UTF-8 across chunk boundaries.
 * A byte that is not UTF-8, anywhere in the file, stops the reading with its row: the sniff only
 * sees the first 64 KB, and a replacement character must never reach the registry.
 */
async function* csvRows(path: string, onChunk?: ChunkFn): AsyncGenerator<RawRow[]> {
  const total = fs.statSync(path).size;
  const parser = new CsvTextParser(headOf(path));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let position = 0;
  const decode = (bytes: Buffer, last: boolean): string => {
    try {
      return decoder.decode(bytes, { stream: !last });
    } catch {
      throw notUtf8(invalidRowInFile(path, position));
    } finally {
      position += bytes.length;
    }
  };
  const file = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  let n = 0;
  const numbered = (records: string[][]): RawRow[] => records.map((cells) => ({ n: ++n, cells }));
  try {
    for await (const chunk of file as AsyncIterable<Buffer>) {
      onChunk?.(chunk, total);
      // Parsed in 64 KB pieces: a string of 1 MB lives in V8's large-object space until a full
      // garbage collection, and every cell (a substring of it) keeps it there; 64 KB strings
      // die young with their cells. Measured: peak memory of the 1.3M-row PGlite import
      // 1.7 GB with 1 MB pieces.
      for (let at = 0; at < chunk.length; at += PARSE_PIECE) {
        const rows = numbered(parser.push(decode(chunk.subarray(at, at + PARSE_PIECE), false)));
        for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
      }
    }
    const rows = numbered([...parser.push(decode(Buffer.alloc(0), true)), ...parser.end()]);
    for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
  } finally {
    file.destroy();
  }
}

/** Rows of a CSV or XLSX file, in batches; the header is the row numbered 1 in CSV, the first row in XLSX. */
export function readRows(path: string, type: FileType, onChunk?: ChunkFn, limits?: SpreadsheetLimits): AsyncGenerator<RawRow[]> {
  // XLSX: checked as a zip and read on a thread of its own with the spreadsheet limits (src/modules/spreadsheets/).
  return type === 'csv' ? csvRows(path, onChunk) : xlsxRowBatches(path, limits ?? loadConfig().spreadsheet, onChunk);
}
