import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { PDF_FONT, renderPdf } from '../exports/pdf.js';
import { type RegionMapData, regionMapSvg, summaryMapContent } from './pdf.js';
import { syntheticBoundaries } from './synthetic.js';

/** The summary's map rendered by pdfmake: a PDF comes out, its legend is text a reader (and unpdf) can find. */

function pdfOf(map: RegionMapData): Promise<Buffer> {
  const content = summaryMapContent(map, { width: 520, height: 360 }) ?? { text: 'Batas wilayah belum diunggah' };
  return renderPdf({ content: [{ text: map.title }, content], defaultStyle: { font: PDF_FONT, fontSize: 9 } });
}

const regions = [
  { code: '35.13', parent_code: '35', level: 2 },
  { code: '35.13.01', parent_code: '35.13', level: 3 },
  { code: '35.13.02', parent_code: '35.13', level: 3 },
  ...[1, 2, 3, 4].map((i) => ({ code: `35.13.01.200${i}`, parent_code: '35.13.01', level: 4 })),
  ...[1, 2, 3].map((i) => ({ code: `35.13.02.200${i}`, parent_code: '35.13.02', level: 4 })),
];

describe('the summary map', () => {
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
    // One filled path per area, the area without a figure in the no-data grey.
    const svg = regionMapSvg(map, 300, 200);
    expect(svg.match(/<path /g)).toHaveLength(7);
    expect(svg).toContain('fill="#d9d9d9"');
  });

  it('is left out without boundaries, and writes percentages with a decimal comma', async () => {
    expect(
      summaryMapContent({ title: 'Progres', metric: 'vervalApprovedPct', synthetic: false, areas: [] }, { width: 300, height: 200 }),
    ).toBeNull();
    const shapes = syntheticBoundaries(regions, '35.13').filter((s) => s.level === 4);
    const pdf = await pdfOf({
      title: 'Progres',
      metric: 'vervalApprovedPct',
      synthetic: false,
      areas: shapes.map((s, i) => ({ code: s.code, name: s.code, geometry: s.geometry, value: 10 + i * 12.5 })),
    });
    const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
    expect(text).toContain('Progres verval (disetujui)');
    expect(text).toContain('10,0 %');
    expect(text).not.toContain('SINTETIS');
  });
});
