import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ownCopy } from '../validate/types.js';
import { matchHeaders, normaliseHeader } from './columns.js';
import { DigitKeyIndex } from './digit-keys.js';
import { decodeUtf8, detectDelimiter, firstInvalidUtf8, type RawRow, readRows, sniffFileType } from './reader.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

async function allRows(p: string, type: 'csv' | 'xlsx'): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const batch of readRows(p, type)) out.push(...batch);
  return out;
}

describe('sniffFileType (by content, not by name)', () => {
  it('recognises CSV with comma or semicolon, with or without BOM, whatever the name', () => {
    expect(sniffFileType(file('a.xlsx', 'nik,nama\n1,2\n'))).toEqual({ type: 'csv' });
    expect(sniffFileType(file('b.txt', '\uFEFFnik;nama\r\n1;2\r\n'))).toEqual({ type: 'csv' });
  });

  it('recognises XLSX by its zip content', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['nik', 'nama']);
    const p = path.join(dir, 'data.csv');
    await wb.xlsx.writeFile(p);
    expect(sniffFileType(p)).toEqual({ type: 'xlsx' });
  });

  it('refuses other files with a reason', () => {
    const cases: Array<[string, string | Buffer, string]> = [
      ['empty.csv', '', 'kosong'],
      ['pic.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]), 'bukan berkas CSV atau XLSX'],
      ['old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), '.xls'],
      ['doc.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml')]), 'bukan lembar kerja XLSX'],
      ['latin1.csv', Buffer.from('nik,nama\n1,Jos\xe9\n', 'latin1'), 'UTF-8'],
      ['note.csv', 'hanya catatan tanpa kolom\n', 'bukan berkas CSV'],
    ];
    for (const [name, content, reason] of cases) {
      const r = sniffFileType(file(name, content));
      expect(r.type, name).toBeNull();
      expect(r.type === null ? r.reason : '', name).toContain(reason);
    }
  });
});

describe('CSV reading', () => {
  it('detects the delimiter from the header line, ignoring quoted text', () => {
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('"a,b";c;d')).toBe(';');
  });

  it('reads rows with spreadsheet row numbers, quotes, embedded line breaks and a BOM', async () => {
    const p = file('r.csv', '\uFEFFnik;alamat\r\n3513;"JL. ""MAWAR"" 2"\r\n\r\n3514;"RT 1\nRW 2"\r\n');
    const rows = await allRows(p, 'csv');
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4]);
    expect(rows[0]?.cells).toEqual(['nik', 'alamat']);
    expect(rows[1]?.cells).toEqual(['3513', 'JL. "MAWAR" 2']);
    expect(rows[3]?.cells).toEqual(['3514', 'RT 1\nRW 2']);
  });

  it('fails clearly on an unclosed or malformed quote, naming the row', async () => {
    const p = file('bad.csv', 'nik,nama\n1,"tidak ditutup\n');
    await expect(allRows(p, 'csv')).rejects.toThrow('tanda kutip (") di baris 2 tidak ditutup');
    const q = file('bad2.csv', 'nik,nama\n1,ok\n2,"JL. "MAWAR"" 2\n');
    await expect(allRows(q, 'csv')).rejects.toThrow('tanda kutip penutup di baris 3');
  });

  it('stops at a runaway quote instead of reading the rest of the file into one field', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `${i},NAMA KE ${i} DENGAN ALAMAT PANJANG`).join('\n');
    const p = file('runaway.csv', `nik,nama\n1,"dibuka\n${rows}\n`);
    await expect(allRows(p, 'csv')).rejects.toThrow(/baris 2 lebih panjang dari 1 MB/);
  });

  it('keeps characters split across read chunks and reads CRLF files without stray carriage returns', async () => {
    // 1 MB reads: put a two-byte character (é) across the first chunk boundary.
    const filler = 'x'.repeat((1 << 20) - 'nik,nama\r\n1,'.length - 1);
    const p = file('chunks.csv', `nik,nama\r\n1,${filler}é\r\n2,José\r\n`);
    const rows = await allRows(p, 'csv');
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(rows[1]?.cells[1]).toBe(`${filler}é`);
    expect(rows[2]?.cells).toEqual(['2', 'José']);
  });

  it('refuses Latin-1 bytes anywhere in the file, naming their row, instead of replacing them', async () => {
    // Past the 64 KB the sniff looks at, and across a 1 MB read boundary.
    const rows = Array.from({ length: 6000 }, (_, i) => `${i},NAMA KE ${i}`).join('\n');
    const late = Buffer.concat([Buffer.from(`nik,nama\n${rows}\n`), Buffer.from('9999,Jos\xe9\n', 'latin1'), Buffer.from('10000,Budi\n')]);
    const p = file('latin1-late.csv', late);
    expect(sniffFileType(p)).toEqual({ type: 'csv' });
    await expect(allRows(p, 'csv')).rejects.toThrow('baris 6002 memuat karakter yang bukan UTF-8');
    const filler = 'x'.repeat((1 << 20) - 'nik,nama\n1,'.length - 1);
    const split = file('latin1-split.csv', Buffer.concat([Buffer.from(`nik,nama\n1,${filler}`), Buffer.from('\xe9\n2,B\n', 'latin1')]));
    await expect(allRows(split, 'csv')).rejects.toThrow('baris 2 memuat karakter yang bukan UTF-8');
    // A whole upload read at once (organisation, indicators) is refused the same way.
    expect(() => decodeUtf8(late)).toThrow('baris 6002 memuat karakter yang bukan UTF-8');
    expect(decodeUtf8(Buffer.from('nik,nama\n1,José\n'))).toBe('nik,nama\n1,José\n');
  });

  it('finds the first byte that is not UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('abc é € 😀'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe9, 0x62]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1);
  });

  it('reads semicolon files, lone-CR line endings and a last line without a line break', async () => {
    const rows = await allRows(file('semi.csv', 'nik;nama\r1;A\r2;B'), 'csv');
    expect(rows.map((r) => r.cells)).toEqual([
      ['nik', 'nama'],
      ['1', 'A'],
      ['2', 'B'],
    ]);
  });
});

describe('ownCopy', () => {
  it('returns the same text, for short and long cells', () => {
    const chunk = `x,P35130120010000101,${'y'.repeat(1000)}`;
    const cell = chunk.substring(2, 20);
    expect(ownCopy(cell)).toBe('P35130120010000101');
    expect(ownCopy('3513')).toBe('3513');
    expect(ownCopy('')).toBe('');
  });
});

describe('XLSX reading', () => {
  it('reads the first worksheet: text, numbers, dates, rich text and formulas', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('keluarga');
    ws.addRow(['nik', 'tanggal_lahir', 'nama', 'desil']);
    ws.addRow([
      3513064105780001,
      new Date(Date.UTC(1978, 4, 1)),
      { richText: [{ text: 'SITI ' }, { text: 'AMINAH' }] },
      { formula: '1+1', result: 2 },
    ]);
    ws.getCell('B2').numFmt = 'dd/mm/yyyy';
    ws.addRow([]);
    ws.addRow(['3513064105780002', 28625, 'AHMAD', 3]);
    wb.addWorksheet('lain').addRow(['tidak dibaca']);
    const p = path.join(dir, 'r.xlsx');
    await wb.xlsx.writeFile(p);
    const rows = await allRows(p, 'xlsx');
    expect(rows.map((r) => r.n)).toEqual([1, 2, 4]);
    expect(rows[1]?.cells[0]).toBe(3513064105780001);
    expect(rows[1]?.cells[1]).toEqual(new Date(Date.UTC(1978, 4, 1)));
    expect(rows[1]?.cells.slice(2)).toEqual(['SITI AMINAH', 2]);
    expect(rows[2]?.cells).toEqual(['3513064105780002', 28625, 'AHMAD', 3]);
  });
});

describe('matchHeaders', () => {
  it('matches headers case-insensitively, ignoring spaces and underscores', () => {
    expect(normaliseHeader(' ID_Keluarga P3KE ')).toBe('idkeluargap3ke');
    const m = matchHeaders('keluarga', ['ID KELUARGA P3KE', 'Kode_Kemdagri', 'desilkesejahteraan', 'Kepala Keluarga', 'NIK', 'warna']);
    expect(m.missing).toEqual([]);
    expect(m.index.get('kode_kemdagri')).toBe(1);
    expect(m.index.get('no_kk')).toBe(-1);
    expect(m.unknown).toEqual([[5, 'warna']]);
  });

  it('reports missing required and duplicated columns', () => {
    const m = matchHeaders('dtks', ['IDBDT', 'idbdt', 'NIK']);
    expect(m.duplicated).toEqual(['IDBDT']);
    expect(m.missing).toEqual(['IDARTBDT', 'KDPROP', 'KDKAB', 'KDKEC', 'KDDESA', 'Nama', 'Hub_KRT']);
  });
});

describe('DigitKeyIndex', () => {
  it('remembers the first row of every 16-digit key through growth', () => {
    const idx = new DigitKeyIndex(4);
    const keys = Array.from({ length: 5000 }, (_, i) => `35130615057${String(i).padStart(5, '0')}`);
    keys.forEach((k, i) => {
      expect(idx.firstOrAdd(k, i + 2)).toBe(0);
    });
    keys.forEach((k, i) => {
      expect(idx.firstOrAdd(k, 99999)).toBe(i + 2);
    });
    expect(idx.firstOrAdd('9413061505780001', 7)).toBe(0);
    expect(idx.firstOrAdd('9413061505780001', 8)).toBe(7);
  });
});
