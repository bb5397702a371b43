import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { PDF_FONT, renderPdf } from '../exports/pdf.js';
import { getDashboard } from './dashboard.js';
import { getWorkProgress } from './progress.js';
import { fmtPct, idNumber } from './reports.js';
import { getTrends, type MonthPoint, type TrendTarget } from './trends.js';

/**
 * The one-page summary for a meeting (issue 23): the dashboard's figures, the trend chart of
 * extreme-poor households against the target path, the map of the region and the best child
 * regions by reduction, on one A4 page, dated and with the data's as-of time. Audited like the
 * rekap.
 */

/**
 * The region's map on the summary: pdfmake content that fits in `width` × `height` points, read
 * in the reader's scope, or null when the kabupaten has no boundaries (the page then says so).
 * The maps module provides it (maps/summary-map.ts); http/routes.ts connects the two, so that
 * monitoring does not import maps.
 */
export type SummaryMapHook = (
  actor: Actor,
  regionCode: string,
  box: { width: number; height: number },
) => Promise<Record<string, unknown> | null>;

const WIB = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long', timeStyle: 'short' });
const WIB_DATE = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long' });
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
export const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1] ?? ''} ${m.slice(0, 4)}`;

/** The trend as pdfmake canvas lines: extreme-poor households (solid) and the target path (dashed). */
export function trendCanvas(points: MonthPoint[], width: number, height: number): Record<string, unknown>[] {
  const max = Math.max(1, ...points.map((p) => Math.max(p.extremeHouseholds, p.targetExtremeHouseholds)));
  const x = (i: number) => (points.length <= 1 ? width / 2 : (i / (points.length - 1)) * width);
  const y = (v: number) => height - (v / max) * height;
  const axis = [
    { type: 'line', x1: 0, y1: height, x2: width, y2: height, lineWidth: 0.5, lineColor: '#888888' },
    { type: 'line', x1: 0, y1: 0, x2: 0, y2: height, lineWidth: 0.5, lineColor: '#888888' },
  ];
  if (points.length === 0) return axis;
  const line = (values: number[], color: string, dash?: { length: number }) =>
    values.length === 1
      ? { type: 'ellipse', x: x(0), y: y(values[0] ?? 0), r1: 2, r2: 2, color }
      : {
          type: 'polyline',
          lineWidth: 1.5,
          lineColor: color,
          ...(dash ? { dash } : {}),
          points: values.map((v, i) => ({ x: x(i), y: y(v) })),
        };
  return [
    ...axis,
    line(
      points.map((p) => p.targetExtremeHouseholds),
      '#c92a2a',
      { length: 4 },
    ),
    line(
      points.map((p) => p.extremeHouseholds),
      '#0b7285',
    ),
  ];
}

export async function renderSummaryPdf(
  ctx: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  code: string,
  target: TrendTarget,
  mapHook?: SummaryMapHook,
): Promise<{ filename: string; pdf: Buffer }> {
  const [d, trends, work] = await Promise.all([
    getDashboard(ctx, actor, code),
    getTrends(ctx, actor, code, target),
    getWorkProgress(ctx, actor, code),
  ]);
  const title = `Ringkasan Penanggulangan Kemiskinan Ekstrem — ${d.region.name}`;
  const printed = new Date();
  const first = trends.registry[0];
  const last = trends.registry[trends.registry.length - 1];
  const macro = trends.macro[trends.macro.length - 1];
  const v = work.verval?.totals;
  const kpi = (label: string, value: string) => [
    { text: label, color: '#444444' },
    { text: value, bold: true, alignment: 'right' },
  ];
  const kpis = [
    kpi('Keluarga dalam data', idNumber.format(d.totals.households)),
    kpi(
      'Miskin ekstrem (data awal)',
      d.totals.baselineExtremeHouseholds === null ? '–' : idNumber.format(d.totals.baselineExtremeHouseholds),
    ),
    kpi('Miskin ekstrem (kini)', idNumber.format(d.totals.extremeHouseholds)),
    kpi('Penurunan', fmtPct(d.extremePoverty.reductionPct)),
    kpi('Persentase miskin ekstrem dari keluarga dalam data', fmtPct(last?.extremeRatePct ?? null)),
    kpi(`Target (${target.year})`, fmtPct(target.ratePct)),
    kpi('Ekstrem tanpa bantuan', idNumber.format(d.aid.withoutAid)),
    kpi('Cakupan bantuan', fmtPct(d.aid.coveragePct)),
    kpi('Verval: dikunjungi', v ? `${idNumber.format(v.visited)} (${fmtPct(work.verval?.totals.visitedPct ?? null)})` : '–'),
    kpi(
      'Musdes final (desa)',
      work.musdes ? `${idNumber.format(work.musdes.totals.finalised)} dari ${idNumber.format(work.musdes.totals.desa)}` : '–',
    ),
    ...(macro ? [kpi(`Kemiskinan ekstrem BPS ${macro.year}`, fmtPct(macro.extremePovertyRate))] : []),
  ];
  const chartW = 250;
  const chartH = 120;
  const mapBox = { width: 250, height: 190 };
  const map = mapHook ? await mapHook(actor, d.region.code, mapBox) : null;
  const top = d.extremePoverty.ranking.slice(0, 10);
  const pdf = await renderPdf({
    info: { title, creator: 'Sasmita' },
    pageSize: 'A4',
    pageMargins: [36, 36, 36, 40],
    defaultStyle: { font: PDF_FONT, fontSize: 9 },
    footer: () => ({
      text: `Sasmita · dicetak ${WIB.format(printed)} WIB`,
      fontSize: 7,
      color: '#555555',
      margin: [36, 12, 36, 0],
    }),
    content: [
      { text: title, fontSize: 15, bold: true },
      {
        text: `Tanggal ${WIB_DATE.format(printed)} · Data per ${WIB.format(trends.asOf)} WIB`,
        color: '#444444',
        margin: [0, 2, 0, 10],
      },
      {
        columns: [
          {
            width: '*',
            stack: [
              { text: 'Angka utama', bold: true, fontSize: 11, margin: [0, 0, 0, 4] },
              { table: { widths: ['*', 'auto'], body: kpis }, layout: 'lightHorizontalLines' },
            ],
          },
          {
            width: mapBox.width,
            stack: [
              { text: 'Peta wilayah', bold: true, fontSize: 11, margin: [0, 0, 0, 4] },
              // The maps module's drawing (SummaryMapHook), or a framed box when there are no boundaries.
              map ?? {
                table: {
                  widths: [mapBox.width - 10],
                  heights: [mapBox.height],
                  body: [
                    [
                      {
                        text: 'Batas wilayah belum diunggah',
                        alignment: 'center',
                        color: '#888888',
                        margin: [0, mapBox.height / 2 - 6, 0, 0],
                      },
                    ],
                  ],
                },
              },
            ],
          },
        ],
        columnGap: 16,
      },
      { text: 'Keluarga miskin ekstrem per bulan', bold: true, fontSize: 11, margin: [0, 14, 0, 4] },
      {
        columns: [
          { width: chartW + 10, canvas: trendCanvas(trends.registry, chartW, chartH) },
          {
            width: '*',
            stack: [
              { text: [{ text: '— ', color: '#0b7285' }, 'keluarga miskin ekstrem'] },
              { text: [{ text: '- - ', color: '#c92a2a' }, `jalur target ${fmtPct(target.ratePct)} pada akhir ${target.year}`] },
              {
                text:
                  first && last
                    ? `${monthLabel(first.month)}: ${idNumber.format(first.extremeHouseholds)} (${fmtPct(first.extremeRatePct)}) → ${monthLabel(last.month)}: ${idNumber.format(last.extremeHouseholds)} (${fmtPct(last.extremeRatePct)})`
                    : 'Belum ada data keluarga.',
                margin: [0, 8, 0, 0],
              },
            ],
          },
        ],
      },
      ...(top.length
        ? [
            { text: 'Penurunan tertinggi', bold: true, fontSize: 11, margin: [0, 14, 0, 4] },
            {
              table: {
                headerRows: 1,
                widths: [20, '*', 70, 70, 60],
                body: [
                  ['No', 'Wilayah', 'Awal', 'Kini', 'Penurunan'].map((t) => ({ text: t, bold: true, fillColor: '#e8edf3' })),
                  ...top.map((r) => [
                    String(r.rank),
                    r.name,
                    { text: idNumber.format(r.baseline), alignment: 'right' },
                    { text: idNumber.format(r.now), alignment: 'right' },
                    { text: fmtPct(r.reductionPct), alignment: 'right' },
                  ]),
                ],
              },
              layout: 'lightHorizontalLines',
            },
          ]
        : []),
    ],
  });
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'monitoring.summary.export',
      entity: 'region',
      entityId: d.region.code,
      regionCode: d.region.code,
      after: { format: 'pdf' },
    }),
  );
  const base = `ringkasan-${d.region.code.replaceAll('.', '')}-${printed.toISOString().slice(0, 10)}`;
  return { filename: `${base}.pdf`, pdf };
}
