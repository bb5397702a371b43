import { PassThrough } from 'node:stream';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { fitText, PdfPages, type TextStyle, textWidth, wrapText } from './pdf-pages.js';

const BODY: TextStyle = { font: 'Helvetica', size: 8 };

describe('text metrics and wrapping', () => {
  it('measures with the AFM widths of the standard fonts', () => {
    // Helvetica digits are 556/1000 em; bold is wider than regular for letters.
    expect(textWidth('3513062005800001', 'Helvetica', 8)).toBeCloseTo(16 * 0.556 * 8, 5);
    expect(textWidth('KEPALA', 'Helvetica-Bold', 8)).toBeGreaterThan(textWidth('KEPALA', 'Helvetica', 8));
    expect(textWidth('', 'Helvetica', 8)).toBe(0);
  });

  it('wraps at spaces, splits a word longer than the line, collapses whitespace and caps the lines', () => {
    expect(wrapText('  SITI \n AMINAH ', 'Helvetica', 8, 200)).toEqual(['SITI AMINAH']);
    const lines = wrapText('DUSUN KRAJAN KIDUL RT 001 RW 002 SEBELAH BALAI DESA', 'Helvetica', 8, 60);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(textWidth(l, 'Helvetica', 8)).toBeLessThanOrEqual(60);
    expect(lines.join(' ')).toBe('DUSUN KRAJAN KIDUL RT 001 RW 002 SEBELAH BALAI DESA');
    const long = wrapText('X'.repeat(100), 'Helvetica', 8, 50);
    expect(long.join('')).toBe('X'.repeat(100));
    expect(wrapText('KATA '.repeat(200), 'Helvetica', 8, 50, 3)).toHaveLength(3);
    expect(wrapText('KATA '.repeat(200), 'Helvetica', 8, 50, 3).at(-1)).toMatch(/…$/);
    expect(fitText('Lampiran SK 400/1/2026 yang sangat panjang', 'Helvetica', 7, 60)).toMatch(/…$/);
  });
});

describe('PdfPages', () => {
  it('stops producing while the reader is slow, then writes every page; WinAnsi text survives', async () => {
    const out = new PassThrough();
    const pdf = new PdfPages(out, { title: 'uji' });
    let pages = 0;
    let maxBuffered = 0;
    const producing = (async () => {
      for (let i = 0; i < 600; i++) {
        const page = pdf.addPage();
        for (let j = 0; j < 60; j++) page.text(`Halaman ${i + 1} baris ${j} ${Math.random().toString(36)}`, 30, 30 + j * 12, BODY);
        page.text('Rp 1.000 € “kutip” – Ç ☃', 30, 800, BODY);
        pages++;
        await pdf.drained();
        maxBuffered = Math.max(maxBuffered, out.readableLength + out.writableLength);
      }
      await pdf.end();
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pages).toBeLessThan(600);
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await producing;
    expect(pages).toBe(600);
    expect(maxBuffered).toBeLessThan(2 ** 20);
    const { totalPages, text } = await extractText(new Uint8Array(Buffer.concat(chunks)));
    expect(totalPages).toBe(600);
    expect(text[599]).toContain('Halaman 600 baris 59');
    expect(text[0]).toContain('Rp 1.000 € “kutip” – Ç ?');
  });
});
