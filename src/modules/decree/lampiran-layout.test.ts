import { PassThrough } from 'node:stream';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { PdfPages } from '../exports/pdf-pages.js';
import { type LampiranHead, LampiranLayout, type LampiranRow } from './lampiran-layout.js';

const head: LampiranHead = {
  kabupatenName: 'Kabupaten Probolinggo',
  number: '400/1/2026',
  date: '10 Maret 2026',
  title: 'Penetapan Keluarga Sasaran Miskin Ekstrem Tahun 2026',
  count: 0,
  publicCopy: false,
  signatoryName: 'Drs. H. Muhammad Tantri',
  signatoryPosition: 'Bupati Probolinggo',
};

/** `n` households over kecamatan of 3 desa; every `longEvery`-th one has a long name and address that wrap. */
function rows(n: number, longEvery = 0): LampiranRow[] {
  return Array.from({ length: n }, (_, i) => {
    const desa = Math.floor(i / 37);
    const long = longEvery > 0 && i % longEvery === 0;
    return {
      kecamatanCode: `35.13.${String(Math.floor(desa / 3) + 1).padStart(2, '0')}`,
      kecamatanName: `Kecamatan${Math.floor(desa / 3) + 1}`,
      desaCode: `35.13.${String(Math.floor(desa / 3) + 1).padStart(2, '0')}.${2001 + (desa % 3)}`,
      desaName: `Desa${desa + 1}`,
      kkNumber: `3513062005${String(i).padStart(6, '0')}`,
      headNik: `3513062005${String(i).padStart(6, '0')}`,
      headName: long ? `KEPALA KELUARGA ${i} DENGAN NAMA YANG SANGAT PANJANG SEKALI BIN FULAN` : `KEPALA ${i}`,
      address: long ? `Dusun Krajan Kidul RT 001 RW 002 sebelah utara balai desa dekat masjid ${i}` : `Dusun Krajan RT 01`,
      memberCount: 1 + (i % 5),
      desil: 1,
    };
  });
}

function countPages(data: LampiranRow[]): number {
  const layout = new LampiranLayout({ ...head, count: data.length });
  layout.begin();
  for (const r of data) layout.add(r);
  return layout.end();
}

async function render(data: LampiranRow[], total: number): Promise<{ pages: number; totalPages: number; text: string[] }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const pdf = new PdfPages(out, { title: 'test' });
  const layout = new LampiranLayout({ ...head, count: data.length }, pdf, total);
  layout.begin();
  for (const r of data) layout.add(r);
  const pages = layout.end();
  await pdf.end();
  const { totalPages, text } = await extractText(new Uint8Array(Buffer.concat(chunks)));
  return { pages, totalPages, text };
}

describe('lampiran layout', () => {
  it('counts, without a document, exactly the pages it then draws', async () => {
    for (const data of [rows(0), rows(5), rows(400), rows(400, 3)]) {
      const counted = countPages(data);
      const drawn = await render(data, counted);
      expect(drawn.pages).toBe(counted);
      expect(drawn.totalPages).toBe(counted);
      expect(drawn.text[0]).toContain(`Halaman 1 dari ${counted}`);
      expect(drawn.text.at(-1)).toContain(`Halaman ${counted} dari ${counted}`);
      expect(drawn.text.at(-1)).toContain(`JUMLAH SELURUHNYA: ${data.length.toLocaleString('id-ID')} keluarga`);
    }
  });

  it('wraps long names and addresses onto more lines, so more pages, and prints all of them', async () => {
    const short = countPages(rows(400));
    const long = countPages(rows(400, 3));
    expect(long).toBeGreaterThan(short);
    const { text } = await render(rows(400, 3), long);
    const all = text.join(' ').replace(/\s+/g, ' ');
    expect(all).toContain('KEPALA KELUARGA 399 DENGAN NAMA YANG SANGAT PANJANG');
    expect(all).toContain('sebelah utara balai desa dekat masjid 399');
  });

  it('repeats the table header on every page a table continues on, and totals each desa and kecamatan', async () => {
    const data = rows(400);
    const { text } = await render(data, countPages(data));
    for (const page of text.slice(1)) expect(page).toContain('NIK Kepala');
    const all = text.join('\n');
    expect(all).toContain('Desa/Kelurahan Desa1 (35.13.01.2001)');
    expect(all).toContain('Jumlah: 37 keluarga');
    expect(all).toContain('Jumlah Kecamatan Kecamatan1: 111 keluarga');
  });
});
