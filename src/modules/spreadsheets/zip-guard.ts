/**
 * The zip check an XLSX passes before any XML parser sees it (docs: issue 20, spreadsheet
 * bombs). Node built-ins only: this file is loaded by the reader thread (worker.ts) straight
 * from the TypeScript sources in tests and from dist/ in production.
 *
 * 1. The central directory: entry count, each entry's declared size, the declared total and
 *    the declared compression ratio; encrypted or unknown compression methods are refused.
 * 2. Every entry is then inflated, its output counted and thrown away: a header that lies
 *    about the size is caught by the running counter, which stops the inflation at the limit
 *    (the expanded data is never held). The entries must follow each other from byte 0 as the
 *    central directory lists them, so a streaming reader (exceljs) sees no hidden entry.
 * 3. While inflating, the XML is scanned cheaply: the longest stretch without a `<` (any text
 *    node or tag, so any single cell), the longest shared string, and in worksheets the
 *    declared dimension and the rows (their count and highest index, empty rows included).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

export interface SpreadsheetLimits {
  /** Entries in the zip. */
  maxEntries: number;
  /** Bytes one entry may expand to. */
  maxEntryBytes: number;
  /** Bytes all entries together may expand to. */
  maxTotalBytes: number;
  /** Expanded bytes per compressed byte of one entry (checked once it passes 1 MB). */
  maxRatio: number;
  /** Characters of one cell. */
  maxCellChars: number;
  /** Rows of a sheet, counted by their index (empty rows count). */
  maxRows: number;
  /** Columns of a row, counted by their index. */
  maxColumns: number;
  /** Heap limit of the reader thread, MB. */
  heapMb: number;
  /** Time limit of the zip check, ms. */
  inspectMs: number;
  /** Time limit of reading all rows of one file, ms. */
  readMs: number;
}

export type RejectionKind =
  | 'ENTRIES'
  | 'ENTRY_SIZE'
  | 'TOTAL_SIZE'
  | 'RATIO'
  | 'CELL'
  | 'ROWS'
  | 'COLUMNS'
  | 'MALFORMED'
  | 'MEMORY'
  | 'TIME';

/** Why a spreadsheet is refused: 413 when it is too big once expanded, 422 when its content is abusive or broken. */
export class SpreadsheetRejection extends Error {
  // Plain fields, no parameter properties: the reader thread strips types without transforming.
  readonly kind: RejectionKind;
  readonly status: 413 | 422;
  readonly messageEn: string;

  constructor(kind: RejectionKind, status: 413 | 422, message: string, messageEn: string) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.messageEn = messageEn;
  }
}

const mb = (n: number) => `${Math.round((n / 2 ** 20) * 10) / 10} MB`;
const id = (n: number) => n.toLocaleString('id-ID');

export const tooLarge = (kind: RejectionKind, message: string, messageEn: string) =>
  new SpreadsheetRejection(kind, 413, message, messageEn);
export const abusive = (kind: RejectionKind, message: string, messageEn: string) => new SpreadsheetRejection(kind, 422, message, messageEn);
export const malformed = (why: string, whyEn: string) =>
  abusive('MALFORMED', `berkas XLSX rusak atau tidak wajar: ${why}`, `the XLSX file is broken or abnormal: ${whyEn}`);

export const tooManyRows = (rows: number, max: number) =>
  abusive(
    'ROWS',
    `lembar kerja memuat baris sampai nomor ${id(rows)}, melebihi batas ${id(max)} baris (baris kosong ikut dihitung)`,
    `the worksheet runs to row ${rows}, over the limit of ${max} rows (empty rows count)`,
  );
export const tooManyColumns = (cols: number, max: number, row?: number) =>
  abusive(
    'COLUMNS',
    `${row ? `baris ${id(row)} ` : 'lembar kerja '}memuat ${id(cols)} kolom, melebihi batas ${id(max)} kolom`,
    `${row ? `row ${row}` : 'the worksheet'} holds ${cols} columns, over the limit of ${max}`,
  );
export const cellTooLong = (max: number, row?: number) =>
  abusive(
    'CELL',
    `${row ? `baris ${id(row)} memuat ` : ''}sel yang lebih panjang dari ${id(max)} karakter`,
    `${row ? `row ${row} holds ` : ''}a cell longer than ${max} characters`,
  );

/** Random access to the bytes of the file (on disk or in memory). */
export interface ByteSource {
  size: number;
  read(position: number, length: number): Buffer;
  close(): void;
}

export function fileSource(path: string): ByteSource {
  const fd = fs.openSync(path, 'r');
  return {
    size: fs.fstatSync(fd).size,
    read(position, length) {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, this.size - position)));
      const n = buf.length ? fs.readSync(fd, buf, 0, buf.length, position) : 0;
      return buf.subarray(0, n);
    },
    close: () => fs.closeSync(fd),
  };
}

export function bufferSource(data: Uint8Array): ByteSource {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return { size: buf.length, read: (position, length) => buf.subarray(position, position + length), close: () => {} };
}

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const U32 = 0xffffffff;

function findEnd(src: ByteSource): { at: number; end: Buffer } {
  const span = Math.min(src.size, 22 + 0xffff);
  const tail = src.read(src.size - span, span);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_END) return { at: src.size - span + i, end: tail.subarray(i) };
  }
  throw malformed('akhir arsip zip tidak ditemukan', 'the end of the zip archive is missing');
}

/** The central directory: count, position and size, from the end record (zip64 when the fields overflow). */
function directoryOf(src: ByteSource): { count: number; offset: number; bytes: number } {
  const { at, end } = findEnd(src);
  let count = end.readUInt16LE(10);
  let bytes = end.readUInt32LE(12);
  let offset = end.readUInt32LE(16);
  if (count === 0xffff || bytes === U32 || offset === U32) {
    const locator = src.read(at - 20, 20);
    if (locator.length < 20 || locator.readUInt32LE(0) !== SIG_LOCATOR64)
      throw malformed('zip64 tanpa penunjuk', 'zip64 without its locator');
    const end64 = src.read(Number(locator.readBigUInt64LE(8)), 56);
    if (end64.length < 56 || end64.readUInt32LE(0) !== SIG_END64) throw malformed('akhir zip64 rusak', 'broken zip64 end record');
    count = Number(end64.readBigUInt64LE(32));
    bytes = Number(end64.readBigUInt64LE(40));
    offset = Number(end64.readBigUInt64LE(48));
  }
  if (offset + bytes > at) throw malformed('direktori zip di luar berkas', 'the zip directory lies outside the file');
  return { count, offset, bytes };
}

/** Sizes and offset of a central entry, taking the zip64 extra field where the 32-bit fields overflow. */
function zip64Fields(extra: Buffer, e: Entry): void {
  for (let i = 0; i + 4 <= extra.length; ) {
    const tag = extra.readUInt16LE(i);
    const len = extra.readUInt16LE(i + 2);
    if (tag === 0x0001) {
      let p = i + 4;
      const next = () => {
        if (p + 8 > i + 4 + len) throw malformed('kolom zip64 terpotong', 'truncated zip64 field');
        const v = Number(extra.readBigUInt64LE(p));
        p += 8;
        return v;
      };
      if (e.size === U32) e.size = next();
      if (e.compressed === U32) e.compressed = next();
      if (e.offset === U32) e.offset = next();
      return;
    }
    i += 4 + len;
  }
}

export function readDirectory(src: ByteSource, limits: SpreadsheetLimits): Entry[] {
  const dir = directoryOf(src);
  if (dir.count > limits.maxEntries) {
    throw abusive(
      'ENTRIES',
      `arsip XLSX memuat ${id(dir.count)} berkas, melebihi batas ${id(limits.maxEntries)}`,
      `the XLSX archive holds ${dir.count} entries, over the limit of ${limits.maxEntries}`,
    );
  }
  const raw = src.read(dir.offset, dir.bytes);
  const entries: Entry[] = [];
  let total = 0;
  for (let p = 0; entries.length < dir.count; ) {
    if (p + 46 > raw.length || raw.readUInt32LE(p) !== SIG_CENTRAL) throw malformed('direktori zip rusak', 'broken zip directory');
    const nameLen = raw.readUInt16LE(p + 28);
    const extraLen = raw.readUInt16LE(p + 30);
    const commentLen = raw.readUInt16LE(p + 32);
    const e: Entry = {
      name: raw.toString('utf8', p + 46, p + 46 + nameLen),
      flags: raw.readUInt16LE(p + 8),
      method: raw.readUInt16LE(p + 10),
      compressed: raw.readUInt32LE(p + 20),
      size: raw.readUInt32LE(p + 24),
      offset: raw.readUInt32LE(p + 42),
    };
    zip64Fields(raw.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), e);
    p += 46 + nameLen + extraLen + commentLen;
    if (e.flags & 1) throw malformed(`${e.name} terenkripsi`, `${e.name} is encrypted`);
    if (e.method !== 0 && e.method !== 8)
      throw malformed(`${e.name} memakai kompresi yang tidak dikenal`, `${e.name} uses an unknown compression`);
    checkSize(e.name, e.size, e.compressed, limits);
    total += e.size;
    if (total > limits.maxTotalBytes) throw totalTooLarge(limits);
    entries.push(e);
  }
  return entries.sort((a, b) => a.offset - b.offset);
}

const totalTooLarge = (limits: SpreadsheetLimits) =>
  tooLarge(
    'TOTAL_SIZE',
    `isi berkas XLSX setelah diekstrak melebihi batas ${mb(limits.maxTotalBytes)}`,
    `the XLSX content once expanded exceeds the limit of ${mb(limits.maxTotalBytes)}`,
  );

/** One entry's expanded size (declared or counted so far) against the entry limit and the ratio. */
function checkSize(name: string, size: number, compressed: number, limits: SpreadsheetLimits): void {
  if (size > limits.maxEntryBytes) {
    throw tooLarge(
      'ENTRY_SIZE',
      `${name} di dalam XLSX mengembang melebihi batas ${mb(limits.maxEntryBytes)}`,
      `${name} in the XLSX expands beyond the limit of ${mb(limits.maxEntryBytes)}`,
    );
  }
  if (size > 2 ** 20 && size > Math.max(compressed, 1) * limits.maxRatio) {
    throw tooLarge(
      'RATIO',
      `${name} di dalam XLSX dimampatkan lebih dari ${limits.maxRatio}:1 (bom zip)`,
      `${name} in the XLSX is compressed more than ${limits.maxRatio}:1 (zip bomb)`,
    );
  }
}

/** Scans expanded XML for what would blow up a parser, one chunk at a time (chunks of at most 64 KB). */
export class XmlScanner {
  private sinceTag = 0;
  /** Stream offset of `carry`'s first character, and of the last `<si` seen (-1: none yet). */
  private offset = 0;
  private lastString = -1;
  private carry = '';
  rows = 0;
  maxRow = 0;
  private head = '';
  private readonly runLimit: number;
  private readonly kind: 'sheet' | 'strings' | 'other';
  private readonly limits: SpreadsheetLimits;

  constructor(kind: 'sheet' | 'strings' | 'other', limits: SpreadsheetLimits) {
    this.kind = kind;
    this.limits = limits;
    // A cell of maxCellChars characters, each escaped at worst as a 10-byte character reference.
    this.runLimit = limits.maxCellChars * 10 + 4096;
  }

  push(chunk: Buffer): void {
    const first = chunk.indexOf(0x3c);
    if (first < 0) this.sinceTag += chunk.length;
    else {
      if (this.sinceTag + first > this.runLimit) throw cellTooLong(this.limits.maxCellChars);
      this.sinceTag = chunk.length - 1 - chunk.lastIndexOf(0x3c);
    }
    if (chunk.length > this.runLimit && first >= 0) this.longRuns(chunk);
    if (this.sinceTag > this.runLimit) throw cellTooLong(this.limits.maxCellChars);
    if (this.kind === 'strings') this.strings(chunk);
    else if (this.kind === 'sheet') this.sheet(chunk);
  }

  /** Runs inside a chunk longer than the limit (chunks are normally far smaller). */
  private longRuns(chunk: Buffer): void {
    for (let at = chunk.indexOf(0x3c); at >= 0; ) {
      const next = chunk.indexOf(0x3c, at + 1);
      if ((next < 0 ? chunk.length : next) - at > this.runLimit) throw cellTooLong(this.limits.maxCellChars);
      at = next;
    }
  }

  /** One shared string (`<si>…</si>`, rich text runs included) may not exceed a cell's worth of XML many times over. */
  private strings(chunk: Buffer): void {
    const text = this.carry + chunk.toString('latin1');
    const limit = this.runLimit * 8;
    for (let at = text.indexOf('<si'); at >= 0; at = text.indexOf('<si', at + 3)) {
      const abs = this.offset + at;
      if (this.lastString >= 0 && abs - this.lastString > limit) throw cellTooLong(this.limits.maxCellChars);
      this.lastString = abs;
    }
    if (this.lastString >= 0 && this.offset + text.length - this.lastString > limit) throw cellTooLong(this.limits.maxCellChars);
    this.carry = text.slice(-2);
    this.offset += text.length - this.carry.length;
  }

  /** Rows by their index and count, and the declared dimension, refused as soon as they pass the limit. */
  private sheet(chunk: Buffer): void {
    const text = this.carry + chunk.toString('latin1');
    if (this.head.length < 8192) {
      this.head += text.slice(0, 8192 - this.head.length);
      const dim = /<dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/.exec(this.head);
      if (dim) {
        const rows = Number(dim[4] ?? dim[2]);
        const cols = columnNumber(dim[3] ?? dim[1] ?? 'A');
        if (rows > this.limits.maxRows) throw tooManyRows(rows, this.limits.maxRows);
        if (cols > this.limits.maxColumns) throw tooManyColumns(cols, this.limits.maxColumns);
      }
    }
    let end = text.length;
    for (let at = text.indexOf('<row'); at >= 0; at = text.indexOf('<row', at + 4)) {
      const close = text.indexOf('>', at);
      if (close < 0) {
        end = at;
        break;
      }
      const c = text.charCodeAt(at + 4);
      if (c !== 0x20 && c !== 0x3e && c !== 0x2f && c !== 0x09 && c !== 0x0a && c !== 0x0d) continue;
      this.rows++;
      const r = /\sr="(\d+)"/.exec(text.slice(at, close));
      this.maxRow = Math.max(this.maxRow, r ? Number(r[1]) : this.maxRow + 1, this.rows);
      if (this.maxRow > this.limits.maxRows) throw tooManyRows(this.maxRow, this.limits.maxRows);
    }
    // Keep an unfinished `<row …` tag (or the start of one) for the next chunk.
    const keep = Math.max(end === text.length ? text.length - 4 : end, 0);
    this.carry = text.slice(keep).slice(-4096);
  }
}

/** "A" → 1, "Z" → 26, "AA" → 27. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

const scannerKind = (name: string): 'sheet' | 'strings' | 'other' =>
  /^xl\/worksheets\/[^/]+\.xml$/i.test(name) ? 'sheet' : /^xl\/sharedStrings\.xml$/i.test(name) ? 'strings' : 'other';

const PIECE = 64 * 1024;

/** Inflate one entry from its compressed bytes, counting the output; returns compressed bytes consumed and the expanded size. */
async function inflateCounted(src: ByteSource, e: Entry, start: number, budget: { total: number }, limits: SpreadsheetLimits) {
  const scan = new XmlScanner(scannerKind(e.name), limits);
  let out = 0;
  const count = (chunk: Buffer, fed: number) => {
    out += chunk.length;
    budget.total += chunk.length;
    if (budget.total > limits.maxTotalBytes) throw totalTooLarge(limits);
    checkSize(e.name, out, fed, limits);
    scan.push(chunk);
  };
  if (e.method === 0) {
    for (let at = 0; at < e.compressed; at += PIECE) {
      const piece = src.read(start + at, Math.min(PIECE, e.compressed - at));
      if (piece.length === 0) throw malformed(`${e.name} terpotong`, `${e.name} is truncated`);
      count(piece, e.compressed);
    }
    return { consumed: e.compressed, size: out };
  }
  const inflater = zlib.createInflateRaw({ chunkSize: PIECE });
  let fed = 0;
  let failure: unknown = null;
  let ended = false;
  inflater.on('data', (chunk: Buffer) => {
    if (failure) return;
    try {
      count(chunk, fed);
    } catch (err) {
      failure = err;
      inflater.destroy();
    }
  });
  const done = new Promise<void>((resolve, reject) => {
    inflater.on('end', () => {
      ended = true;
      resolve();
    });
    inflater.on('error', (err) =>
      reject(failure ?? malformed(`${e.name} tidak bisa diekstrak (${err.message})`, `${e.name} cannot be inflated (${err.message})`)),
    );
    inflater.on('close', () => (failure ? reject(failure) : resolve()));
  });
  done.catch(() => {});
  while (fed < e.compressed && !failure && !ended) {
    const piece = src.read(start + fed, Math.min(PIECE, e.compressed - fed));
    if (piece.length === 0) break;
    fed += piece.length;
    if (!inflater.write(piece)) await drainOrClose(inflater);
  }
  if (!failure) inflater.end();
  await done;
  if (failure) throw failure;
  if (!ended) throw malformed(`${e.name} terpotong`, `${e.name} is truncated`);
  return { consumed: inflater.bytesWritten, size: out };
}

function drainOrClose(stream: zlib.InflateRaw): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('close', done);
      resolve();
    };
    stream.on('drain', done).on('close', done);
  });
}

/**
 * Check an XLSX as a zip before it is parsed (see the top of this file). Throws a
 * SpreadsheetRejection; returns the names of the entries when the file may be parsed.
 */
export async function inspectXlsx(src: ByteSource, limits: SpreadsheetLimits): Promise<string[]> {
  const entries = readDirectory(src, limits);
  const budget = { total: 0 };
  let pos = 0;
  for (const e of entries) {
    if (e.offset !== pos) throw malformed('ada data tersembunyi di antara berkas dalam zip', 'hidden data between zip entries');
    const local = src.read(pos, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== SIG_LOCAL) throw malformed(`kepala ${e.name} rusak`, `broken header of ${e.name}`);
    const flags = local.readUInt16LE(6);
    const method = local.readUInt16LE(8);
    const lCompressed = local.readUInt32LE(18);
    const lSize = local.readUInt32LE(22);
    const start = pos + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const described = (flags & 8) !== 0;
    const sizesAgree = described || lCompressed === U32 || (lCompressed === e.compressed && lSize === e.size);
    if (method !== e.method || !sizesAgree)
      throw malformed(`kepala ${e.name} tidak cocok dengan direktori`, `the header of ${e.name} does not match the directory`);
    const { consumed, size } = await inflateCounted(src, e, start, budget, limits);
    if (consumed !== e.compressed || size !== e.size) {
      throw malformed(`ukuran ${e.name} tidak sesuai dengan yang dinyatakan`, `the size of ${e.name} differs from the declared one`);
    }
    pos = start + e.compressed;
    if (described) pos += descriptorLength(src, pos);
  }
  const dir = directoryOf(src);
  if (pos !== dir.offset) throw malformed('ada data tersembunyi sebelum direktori zip', 'hidden data before the zip directory');
  return entries.map((e) => e.name);
}

/** A data descriptor after an entry: optional signature, CRC and two sizes (4 or 8 bytes each). */
function descriptorLength(src: ByteSource, pos: number): number {
  const head = src.read(pos, 4);
  const signed = head.length === 4 && head.readUInt32LE(0) === SIG_DESCRIPTOR;
  const base = signed ? 4 : 0;
  // A zip64 descriptor has 8-byte sizes; the next record's signature tells which one this is.
  const next = src.read(pos + base + 12, 4);
  const sig = next.length === 4 ? next.readUInt32LE(0) : 0;
  return sig === SIG_LOCAL || sig === SIG_CENTRAL ? base + 12 : base + 20;
}
