import PDFDocument from 'pdfkit';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { drawRegionMap, type RegionMapData } from './pdf.js';
import { syntheticBoundaries } from './synthetic.js';

/** drawRegionMap into a real pdfkit document: a PDF comes out, its legend is text a reader (and unpdf) can find. */

function pdfOf(map: RegionMapData): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 36 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  drawRegionMap(doc, { x: 36, y: 36, width: 520, height: 360 }, map);
  doc.end();
  return done;
}

const regions = [
  { code: '35.13', parent_code: '35', level: 2 },
  { code: '35.13.01', parent_code: '35.13', level: 3 },
  { code: '35.13.02', parent_code: '35.13', level: 3 },
  ...[1, 2, 3, 4].map((i) => ({ code: `35.13.01.200${i}`, parent_code: '35.13.01', level: 4 })),
  ...[1, 2, 3].map((i) => ({ code: `35.13.02.200${i}`, parent_code: '35.13.02', level: 4 })),
];

describe('drawRegionMap', () => {
  it('draws the areas with a legend of value classes and the synthetic note', async () => {
    const shapes = syntheticBoundaries(regions, '35.13').filter((s) => s.level === 4);
    expect(shapes).toHaveLength(7);
    const map: RegionMapData = {
      title: 'Keluarga miskin ekstrem — Kab. Uji',
      metric: 'extremeHouseholds',
      synthetic: true,
      areas: shapes.map((s, i) => ({ code: s.code, name: s.code, geometry: s.geometry, value: i === 6 ? null : (i + 1) * 10 })),
    };
    const pdf = await pdfOf(map);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
    expect(text).toContain('Keluarga miskin ekstrem — Kab. Uji');
    expect(text).toContain('10 – 20');
    expect(text).toContain('50 – 60');
    expect(text).toContain('Tidak ada data');
    expect(text).toContain('SINTETIS');
  });

  it('says when there are no boundaries, and formats percentages', async () => {
    const pdf = await pdfOf({ title: 'Progres', metric: 'vervalApprovedPct', synthetic: false, areas: [] });
    const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
    expect(text).toContain('Batas wilayah belum diunggah');
    expect(text).toContain('Progres verval (disetujui)');
    expect(text).not.toContain('SINTETIS');
  });
});
