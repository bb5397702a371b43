/**
 * Hostile XLSX files, built in milliseconds: a minimal workbook written zip by hand, whose
 * expanded content can be gigabytes without ever being held. A deflate block flushed with
 * Z_SYNC_FLUSH only refers back inside itself, so repeating it N times inflates to its
 * content N times; an empty final block closes the stream.
 */
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** Raw deflate stream of the content. */
  deflated: Buffer;
  /** The real expanded size and CRC (0 when too costly to compute: the file is refused first). */
  size: number;
  crc: number;
  /** What the headers claim instead of the real size (a lying header). */
  declaredSize?: number;
}

const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);

/** An entry whose content is `text`. */
export function entry(name: string, text: string | Buffer): ZipEntry {
  const data = (Buffer.isBuffer(text) ? text : Buffer.from(text)) as Buffer<ArrayBuffer>;
  return { name, deflated: zlib.deflateRawSync(data, { level: 1 }), size: data.length, crc: zlib.crc32(data) };
}

/** An entry whose content is `head`, then `unit` repeated `times` times, then `tail`, never built in memory. */
export function repeatedEntry(name: string, head: string, unit: string, times: number, tail: string): ZipEntry {
  const blockOf = (s: string) => zlib.deflateRawSync(Buffer.from(s), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  // The unit repeated inside one ~1 MB block, then the block repeated.
  const perBlock = Math.max(1, Math.floor(2 ** 20 / unit.length));
  const full = Math.floor(times / perBlock);
  const rest = times % perBlock;
  const parts: Buffer[] = [blockOf(head)];
  if (full > 0) parts.push(...Array<Buffer>(full).fill(blockOf(unit.repeat(perBlock))));
  if (rest > 0) parts.push(blockOf(unit.repeat(rest)));
  parts.push(blockOf(tail), FINAL_EMPTY_BLOCK);
  return { name, deflated: Buffer.concat(parts), size: head.length + unit.length * times + tail.length, crc: 0 };
}

/** A zip of the entries (deflate, 32-bit sizes clamped to 0xffffffff for declared sizes over 4 GB). */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const declared = Math.min(e.declaredSize ?? e.size, 0xfffffffe);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.deflated.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    centrals.push(central, name);
    offset += 30 + name.length + e.deflated.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
export const SHEET_TAIL = '</sheetData></worksheet>';
export const STRINGS_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`;

/** A header row NIK | Nama as shared strings 0 and 1. */
const HEADER_ROW = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>';

/** A workbook of one sheet from its sheet and shared-strings entries. */
export function workbook(sheet: ZipEntry, strings: ZipEntry): Buffer {
  return zip([
    entry('[Content_Types].xml', CONTENT_TYPES),
    entry('_rels/.rels', RELS),
    entry('xl/workbook.xml', WORKBOOK),
    entry('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    strings,
    sheet,
  ]);
}

const plainStrings = () => entry('xl/sharedStrings.xml', `${STRINGS_HEAD}<si><t>NIK</t></si><si><t>Nama</t></si></sst>`);

/** Shared strings that expand to `gb` GB (6 by default) from a file of a few MB. */
export function sharedStringsBomb(gb = 6, lying = false): Buffer {
  const unit = `<si><t>${'A'.repeat(4000)}</t></si>`;
  const strings = repeatedEntry(
    'xl/sharedStrings.xml',
    `${STRINGS_HEAD}<si><t>NIK</t></si><si><t>Nama</t></si>`,
    unit,
    Math.ceil((gb * 2 ** 30) / unit.length),
    '</sst>',
  );
  if (lying) strings.declaredSize = 4096;
  return workbook(entry('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${HEADER_ROW}${SHEET_TAIL}`), strings);
}

/**
 * One cell of `mb` MB (1.2 GB by default) inline in the sheet, from a file of about a thousandth
 * of that. `random`: the cell is random base64 instead (hardly compressible, so not a zip bomb),
 * and the header claims 4 KB.
 */
export function hugeCell(mb = 1200, random = false): Buffer {
  const head = `${SHEET_HEAD}${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>`;
  const tail = `</t></is></c></row>${SHEET_TAIL}`;
  if (random) {
    const sheet = entry('xl/worksheets/sheet1.xml', `${head}${randomBytes(Math.ceil((mb * 2 ** 20 * 3) / 4)).toString('base64')}${tail}`);
    return workbook({ ...sheet, declaredSize: 4096 }, plainStrings());
  }
  return workbook(repeatedEntry('xl/worksheets/sheet1.xml', head, 'A'.repeat(1024), mb * 1024, tail), plainStrings());
}

/** A sheet of `rows` empty rows after the header (1.1 million by default, past Excel's 1,048,576). */
export function emptyRowFlood(rows = 1_100_000): Buffer {
  const body: string[] = [];
  for (let r = 2; r <= rows + 1; r++) body.push(`<row r="${r}"/>`);
  return workbook(entry('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${HEADER_ROW}${body.join('')}${SHEET_TAIL}`), plainStrings());
}

/** A small, sane workbook of NIK/Nama rows (what must still be read). */
export function saneWorkbook(rows: Array<[string, string]>): Buffer {
  const strings = ['NIK', 'Nama', ...rows.flat()];
  const sst = `${STRINGS_HEAD}${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
  const body = rows
    .map((_, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="s"><v>${2 + i * 2}</v></c><c r="B${i + 2}" t="s"><v>${3 + i * 2}</v></c></row>`)
    .join('');
  return workbook(entry('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${HEADER_ROW}${body}${SHEET_TAIL}`), entry('xl/sharedStrings.xml', sst));
}
