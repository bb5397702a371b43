import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { PDF_FONT, renderPdf } from '../exports/pdf.js';
import { streamXlsx } from '../exports/spreadsheet.js';
import { type Dashboard, getDashboard, type RegionFigures } from './dashboard.js';

/** Rekap per kecamatan (for the kabupaten) or per desa (for a kecamatan), as XLSX and PDF; audited. */

const HEADERS = [
  'No',
  'Kode',
  'Wilayah',
  'Keluarga',
  'Anggota',
  'Miskin ekstrem (awal)',
  'Miskin ekstrem (kini)',
  'Penurunan (%)',
  'Ekstrem dengan bantuan',
  'Ekstrem tanpa bantuan',
  'Cakupan bantuan (%)',
];

export const idNumber = new Intl.NumberFormat('id-ID');
const idPercent = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const fmtPct = (v: number | null) => (v === null ? '–' : `${idPercent.format(v)}%`);

const cells = (r: RegionFigures) => [
  r.code,
  r.name,
  r.households,
  r.members,
  r.baselineExtremeHouseholds,
  r.extremeHouseholds,
  r.reductionPct,
  r.extremeWithAid,
  r.extremeWithoutAid,
  r.aidCoveragePct,
];

/** The rows of the rekap: the children of the region, or the region itself when it is a desa. */
const reportRows = (d: Dashboard) => (d.children.rows.length ? d.children.rows : [d.totals]);

const fileBase = (d: Dashboard) => `rekap-${d.region.code.replaceAll('.', '')}-${d.region.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

async function audit(db: Kysely<DB>, actor: Actor, d: Dashboard, format: string, rows: number, completed: boolean) {
  await db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'monitoring.report.export',
      entity: 'region',
      entityId: d.region.code,
      regionCode: d.region.code,
      after: { format, rows, completed },
    }),
  );
}

export async function sendReportXlsx(ctx: Pick<ServiceContext, 'db' | 'kabupatenCode'>, actor: Actor, code: string, reply: FastifyReply) {
  const d = await getDashboard(ctx, actor, code);
  const rows = reportRows(d);
  async function* body() {
    let n = 0;
    for (const r of rows) yield [++n, ...cells(r)];
    if (d.children.rows.length) yield ['', d.totals.code, `Jumlah ${d.totals.name}`, ...cells(d.totals).slice(2)];
  }
  await streamXlsx(reply, `${fileBase(d)}.xlsx`, 'Rekap', HEADERS, body(), {
    onFinish: (result) => audit(ctx.db, actor, d, 'xlsx', result.rows, result.completed),
  });
}

export async function renderReportPdf(
  ctx: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  code: string,
): Promise<{ filename: string; pdf: Buffer }> {
  const d = await getDashboard(ctx, actor, code);
  const rows = reportRows(d);
  const title = `Rekap Penanggulangan Kemiskinan Ekstrem — ${d.region.name}`;
  const num = (v: number | null) => ({ text: v === null ? '–' : idNumber.format(v), alignment: 'right' });
  const pctCell = (v: number | null) => ({ text: fmtPct(v), alignment: 'right' });
  const line = (no: string, r: RegionFigures, bold = false) =>
    [
      no,
      r.name,
      num(r.households),
      num(r.members),
      num(r.baselineExtremeHouseholds),
      num(r.extremeHouseholds),
      pctCell(r.reductionPct),
      num(r.extremeWithAid),
      num(r.extremeWithoutAid),
      pctCell(r.aidCoveragePct),
    ].map((c) => (typeof c === 'string' ? { text: c, bold } : { ...c, bold }));
  const head = HEADERS.filter((h) => h !== 'Kode').map((t) => ({ text: t, bold: true, fillColor: '#e8edf3' }));
  const body = [head, ...rows.map((r, i) => line(String(i + 1), r))];
  if (d.children.rows.length) body.push(line('', { ...d.totals, name: 'Jumlah' }, true));
  const baseline = d.extremePoverty.baseline;
  const pdf = await renderPdf({
    info: { title, creator: 'Sasmita' },
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [30, 30, 30, 36],
    defaultStyle: { font: PDF_FONT, fontSize: 8.5 },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: title, fontSize: 7, color: '#555555' },
        { text: `Halaman ${page} dari ${pages}`, alignment: 'right', fontSize: 7 },
      ],
      margin: [30, 10, 30, 0],
    }),
    content: [
      { text: title, fontSize: 14, bold: true, alignment: 'center' },
      {
        text: baseline
          ? `Data awal: impor #${baseline.importId} (${baseline.importFinishedAt.toISOString().slice(0, 10)}); dicetak ${d.generatedAt.toISOString().slice(0, 10)}`
          : `Belum ada impor data awal; dicetak ${d.generatedAt.toISOString().slice(0, 10)}`,
        alignment: 'center',
        margin: [0, 2, 0, 10],
      },
      {
        table: { headerRows: 1, dontBreakRows: true, widths: [22, '*', 50, 50, 60, 60, 50, 60, 60, 55], body },
        layout: 'lightHorizontalLines',
      },
    ],
  });
  await audit(ctx.db, actor, d, 'pdf', rows.length, true);
  return { filename: `${fileBase(d)}.pdf`, pdf };
}
