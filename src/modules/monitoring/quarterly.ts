import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest } from '../../http/errors.js';
import { todayWib } from '../../lib/dates.js';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { anchorLine, latestAnchor } from '../audit/anchor.js';
import { recordAudit } from '../audit/service.js';
import { PDF_FONT, renderPdf } from '../exports/pdf.js';
import { neutraliseCell } from '../exports/spreadsheet.js';
import type { PeriodView } from '../organisation/periods.js';
import { listPeriods, periodsOn } from '../organisation/service.js';
import type { ProgressRow } from '../verval/worklist.js';
import { getDashboard, reduction, reductionPct } from './dashboard.js';
import { listIndicators } from './indicators.js';
import { fmtPct, idNumber } from './reports.js';
import { summaryProgress } from './verval-summary.js';

/**
 * Laporan triwulan to the province: per kecamatan the P3KE baseline and current extreme-poor
 * households, the reduction, verval progress of the program period running at the quarter's
 * end, extreme-poor households with and without aid, and the year's macro indicators.
 * Registry, aid and verval figures are those at the time the report is generated (the
 * header says so); the quarter picks the program period and the indicator year.
 */

export const QUARTER_NAMES = ['I', 'II', 'III', 'IV'] as const;

export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

export function quarterDates({ year, quarter }: Quarter): { start: string; end: string } {
  const startMonth = (quarter - 1) * 3;
  const end = new Date(Date.UTC(year, startMonth + 3, 0));
  return { start: `${year}-${String(startMonth + 1).padStart(2, '0')}-01`, end: end.toISOString().slice(0, 10) };
}

export interface QuarterlyRow {
  code: string;
  name: string;
  baseline: number | null;
  now: number;
  reduction: number | null;
  reductionPct: number | null;
  households: number | null;
  visited: number | null;
  approved: number | null;
  withAid: number;
  withoutAid: number;
}

export interface QuarterlyReport {
  kabupaten: { code: string; name: string };
  quarter: Quarter & { label: string; start: string; end: string };
  generatedAt: Date;
  period: PeriodView | null;
  rows: QuarterlyRow[];
  total: QuarterlyRow;
  indicator: { povertyRate: number; extremePovertyRate: number; source: string } | null;
  /** The latest audit anchor as printed ("Jejak audit: #… · …"), so a kept report pins the audit chain (ADR 0012). */
  auditTrail: string;
}

/** The program period of the quarter: the one running on its last day, else the latest started before it. */
async function periodOfQuarter(db: Kysely<DB>, kabupatenCode: string, start: string, end: string): Promise<PeriodView | null> {
  const running = await periodsOn(db, kabupatenCode, end);
  if (running[0]) return running[0];
  const all = await listPeriods({ db, kabupatenCode });
  return all.find((p) => p.startDate <= end && p.endDate >= start) ?? null;
}

export async function quarterlyReport(
  ctx: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  q: Quarter,
): Promise<QuarterlyReport> {
  const { db, kabupatenCode } = ctx;
  const today = todayWib();
  const { start, end } = quarterDates(q);
  if (start > today) {
    throw badRequest(
      'QUARTER_NOT_STARTED',
      `Triwulan ${QUARTER_NAMES[q.quarter - 1]} ${q.year} belum dimulai`,
      `Quarter ${q.quarter} of ${q.year} has not started yet`,
    );
  }
  const d = await getDashboard(ctx, actor, kabupatenCode);
  const period = await periodOfQuarter(db, kabupatenCode, start, end);
  const verval = period ? await summaryProgress(db, period.id, d.region) : null;
  const byCode = new Map<string, ProgressRow>((verval?.children ?? []).map((r) => [r.code, r]));
  const indicator = (await listIndicators(ctx)).find((i) => i.year === q.year) ?? null;
  const row = (
    r: {
      code: string;
      name: string;
      baselineExtremeHouseholds: number | null;
      extremeHouseholds: number;
      extremeWithAid: number;
      extremeWithoutAid: number;
    },
    v: ProgressRow | undefined | null,
  ): QuarterlyRow => ({
    code: r.code,
    name: r.name,
    baseline: r.baselineExtremeHouseholds,
    now: r.extremeHouseholds,
    reduction: reduction(r.baselineExtremeHouseholds, r.extremeHouseholds),
    reductionPct: reductionPct(r.baselineExtremeHouseholds, r.extremeHouseholds),
    households: v ? v.households : null,
    visited: v ? v.visited : null,
    approved: v ? v.approved : null,
    withAid: r.extremeWithAid,
    withoutAid: r.extremeWithoutAid,
  });
  return {
    kabupaten: { code: d.region.code, name: d.region.name },
    quarter: { ...q, label: `Triwulan ${QUARTER_NAMES[q.quarter - 1]} ${q.year}`, start, end },
    generatedAt: d.generatedAt,
    period,
    rows: d.children.rows.map((r) => row(r, period ? (byCode.get(r.code) ?? null) : null)),
    total: row({ ...d.totals, name: 'Jumlah' }, verval?.region ?? null),
    indicator: indicator && {
      povertyRate: indicator.povertyRate,
      extremePovertyRate: indicator.extremePovertyRate,
      source: indicator.source,
    },
    auditTrail: anchorLine(await latestAnchor(db)),
  };
}

export const QUARTERLY_HEADERS = [
  'No',
  'Kecamatan',
  'Miskin ekstrem awal (P3KE)',
  'Miskin ekstrem kini',
  'Penurunan (KK)',
  'Penurunan (%)',
  'Keluarga sasaran verval',
  'Sudah dikunjungi',
  'Disetujui',
  'Ekstrem dengan bantuan',
  'Ekstrem tanpa bantuan',
];

const fmtDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const generatedText = (r: QuarterlyReport) =>
  r.generatedAt.toLocaleString('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long', timeStyle: 'short' });

/** The lines of the report's header, the same in XLSX and PDF. */
export function headerLines(r: QuarterlyReport): string[] {
  return [
    `Kabupaten: ${r.kabupaten.name} (${r.kabupaten.code})`,
    `Periode laporan: ${r.quarter.label} (${fmtDate(r.quarter.start)} s.d. ${fmtDate(r.quarter.end)})`,
    `Periode program: ${r.period ? `${r.period.name} (${fmtDate(r.period.startDate)} s.d. ${fmtDate(r.period.endDate)})` : 'tidak ada periode program pada triwulan ini'}`,
    `Tanggal dibuat: ${generatedText(r)} WIB; data registri, bantuan dan verval per tanggal tersebut`,
    r.auditTrail,
  ];
}

export function indicatorLines(r: QuarterlyReport): string[] {
  if (!r.indicator) return [`Indikator makro tahun ${r.quarter.year}: belum diisi`];
  return [
    `Tingkat kemiskinan ${r.quarter.year}: ${fmtPct(r.indicator.povertyRate)}`,
    `Tingkat kemiskinan ekstrem ${r.quarter.year}: ${fmtPct(r.indicator.extremePovertyRate)}`,
    `Sumber: ${r.indicator.source}`,
  ];
}

const values = (r: QuarterlyRow) => [
  r.name,
  r.baseline,
  r.now,
  r.reduction,
  r.reductionPct,
  r.households,
  r.visited,
  r.approved,
  r.withAid,
  r.withoutAid,
];

export const quarterlyFileBase = (r: QuarterlyReport) =>
  `laporan-triwulan-${r.quarter.year}-${QUARTER_NAMES[r.quarter.quarter - 1]}-${r.kabupaten.code.replace('.', '')}`;

async function audit(db: Kysely<DB>, actor: Actor, r: QuarterlyReport, format: 'xlsx' | 'pdf') {
  await db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'monitoring.quarterly.export',
      entity: 'region',
      entityId: r.kabupaten.code,
      regionCode: r.kabupaten.code,
      after: { format, year: r.quarter.year, quarter: r.quarter.quarter, periodId: r.period?.id ?? null, rows: r.rows.length },
    }),
  );
}

/** The report as an XLSX workbook (header block, table, total, macro indicators); audited. */
export async function quarterlyXlsx(ctx: Pick<ServiceContext, 'db'>, actor: Actor, r: QuarterlyReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sasmita';
  const sheet = wb.addWorksheet(`Triwulan ${QUARTER_NAMES[r.quarter.quarter - 1]} ${r.quarter.year}`);
  const add = (cells: unknown[]) => sheet.addRow(cells.map((c) => neutraliseCell(c) as ExcelJS.CellValue));
  add([`Laporan Triwulan Penanggulangan Kemiskinan Ekstrem — ${r.quarter.label}`]).font = { bold: true, size: 13 };
  for (const line of headerLines(r)) add([line]);
  add([]);
  add(QUARTERLY_HEADERS).font = { bold: true };
  const tableStart = sheet.rowCount;
  for (const [i, x] of r.rows.entries()) add([i + 1, ...values(x)]);
  add(['', ...values(r.total)]).font = { bold: true };
  add([]);
  for (const line of indicatorLines(r)) add([line]);
  sheet.columns.forEach((c, i) => {
    c.width = i === 0 ? 5 : i === 1 ? 24 : 15;
  });
  for (let n = tableStart + 1; n <= tableStart + r.rows.length + 1; n++) sheet.getRow(n).getCell(6).numFmt = '0.00';
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  await audit(ctx.db, actor, r, 'xlsx');
  return buf;
}

/** The report as a landscape A4 PDF; audited. */
export async function quarterlyPdf(ctx: Pick<ServiceContext, 'db'>, actor: Actor, r: QuarterlyReport): Promise<Buffer> {
  const title = `Laporan Triwulan Penanggulangan Kemiskinan Ekstrem — ${r.quarter.label}`;
  const num = (v: number | null) => ({ text: v === null ? '–' : idNumber.format(v), alignment: 'right' });
  const line = (no: string, x: QuarterlyRow, bold = false) =>
    [
      { text: no },
      { text: x.name },
      num(x.baseline),
      num(x.now),
      num(x.reduction),
      { text: fmtPct(x.reductionPct), alignment: 'right' },
      num(x.households),
      num(x.visited),
      num(x.approved),
      num(x.withAid),
      num(x.withoutAid),
    ].map((c) => ({ ...c, bold }));
  const head = QUARTERLY_HEADERS.map((t) => ({ text: t, bold: true, fillColor: '#e8edf3' }));
  const body = [head, ...r.rows.map((x, i) => line(String(i + 1), x)), line('', r.total, true)];
  const pdf = await renderPdf({
    info: { title, creator: 'Sasmita' },
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [30, 30, 30, 36],
    defaultStyle: { font: PDF_FONT, fontSize: 8.5 },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: `${title} — ${r.kabupaten.name}`, fontSize: 7, color: '#555555' },
        { text: `Halaman ${page} dari ${pages}`, alignment: 'right', fontSize: 7 },
      ],
      margin: [30, 10, 30, 0],
    }),
    content: [
      { text: title, fontSize: 14, bold: true, alignment: 'center', margin: [0, 0, 0, 6] },
      ...headerLines(r).map((text) => ({ text, margin: [0, 0, 0, 1] })),
      {
        table: { headerRows: 1, dontBreakRows: true, widths: [20, '*', 55, 55, 50, 45, 55, 55, 50, 55, 55], body },
        layout: 'lightHorizontalLines',
        margin: [0, 8, 0, 8],
      },
      { text: 'Indikator makro', bold: true, margin: [0, 4, 0, 2] },
      ...indicatorLines(r).map((text) => ({ text })),
    ],
  });
  await audit(ctx.db, actor, r, 'pdf');
  return pdf;
}
