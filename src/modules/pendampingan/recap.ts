import type { FastifyReply } from 'fastify';
import { notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { PDF_FONT, renderPdf } from '../exports/pdf.js';
import { streamXlsx } from '../exports/spreadsheet.js';
import { requirePeriod } from './common.js';
import { type SummaryRow, summaryRows } from './leaders.js';

/** The monthly recap of one agency (rekap bulanan pendampingan per OPD), as XLSX and PDF. */

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

export function monthWindow(month: string): { from: string; to: string; label: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}`, label: `${MONTHS[m - 1]} ${y}` };
}

export const RECAP_HEADERS = [
  'No',
  'Nama Pejabat/Staf',
  'Desa Ditugaskan',
  'Desa Dikunjungi',
  'Kunjungan',
  'Keluarga Didampingi',
  'Usulan Diadvokasi',
  'Usulan Tersalurkan',
  'Tindak Lanjut Terbuka',
  'Tindak Lanjut Terlambat',
  'Kegiatan Terakhir',
  'Tanpa Kegiatan 30 Hari',
];

const proposalsTotal = (r: SummaryRow) => Object.values(r.proposals).reduce((a, b) => a + b, 0);

function line(r: SummaryRow, i: number): unknown[] {
  return [
    i + 1,
    r.name,
    r.desaAssigned,
    r.desaVisited,
    r.visits,
    r.householdsAccompanied,
    proposalsTotal(r),
    r.proposals.DISTRIBUTED,
    r.followUpsOpen,
    r.followUpsOverdue,
    r.lastActivity ?? '-',
    r.inactive ? 'Ya' : 'Tidak',
  ];
}

async function recapData(deps: ServiceContext, actor: Actor, periodId: number, agencyId: number, month: string) {
  const period = await requirePeriod(deps.db, deps.kabupatenCode, periodId);
  const agency = await deps.db
    .selectFrom('agency')
    .select(['name', 'short_name'])
    .where('id', '=', agencyId)
    .where('kabupaten_code', '=', deps.kabupatenCode)
    .executeTakeFirst();
  if (!agency) throw notFound('OPD');
  const w = monthWindow(month);
  const rows = await summaryRows(deps, actor, periodId, 'official', agencyId, w);
  return { period, agency, w, rows };
}

const fileBase = (short: string | null, name: string, month: string) =>
  `rekap-pendampingan-${(short ?? name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}-${month}`;

async function auditRecap(
  deps: ServiceContext,
  actor: Actor,
  periodId: number,
  agencyId: number,
  month: string,
  format: string,
  rows: number,
) {
  await deps.db.transaction().execute(async (trx) => {
    await recordAudit(trx, actor, {
      action: 'pendampingan.recap.export',
      entity: 'program_period',
      entityId: periodId,
      after: { agencyId, month, format, rows },
    });
  });
}

export async function sendRecapXlsx(
  deps: ServiceContext,
  actor: Actor,
  periodId: number,
  agencyId: number,
  month: string,
  reply: FastifyReply,
) {
  const { agency, w, rows } = await recapData(deps, actor, periodId, agencyId, month);
  async function* body() {
    for (const [i, r] of rows.entries()) yield line(r, i);
  }
  await streamXlsx(reply, `${fileBase(agency.short_name, agency.name, month)}.xlsx`, `Rekap ${w.label}`, RECAP_HEADERS, body(), {
    styles: true,
    notes: {
      sheetName: 'Keterangan',
      rows: [
        ['OPD', agency.name],
        ['Bulan', w.label],
        ['Periode', `${w.from} s.d. ${w.to}`],
      ],
    },
    onFinish: (result) => auditRecap(deps, actor, periodId, agencyId, month, 'xlsx', result.rows),
  });
}

export async function renderRecapPdf(deps: ServiceContext, actor: Actor, periodId: number, agencyId: number, month: string) {
  const { period, agency, w, rows } = await recapData(deps, actor, periodId, agencyId, month);
  const title = `Rekap Pendampingan ${agency.name} — ${w.label}`;
  const head = RECAP_HEADERS.map((t) => ({ text: t, bold: true, fillColor: '#e8edf3' }));
  const content: unknown[] = [
    { text: title, fontSize: 13, bold: true, alignment: 'center' },
    { text: `${period.name} (${period.startDate} s.d. ${period.endDate})`, alignment: 'center', margin: [0, 2, 0, 10] },
  ];
  if (rows.length === 0) content.push({ text: 'Belum ada penugasan atau kegiatan pada bulan ini.', italics: true });
  else
    content.push({
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [18, '*', 45, 45, 45, 50, 50, 50, 50, 50, 55, 45],
        body: [head, ...rows.map((r, i) => line(r, i).map((v) => String(v)))],
      },
      layout: 'lightHorizontalLines',
    });
  const pdf = await renderPdf({
    info: { title, creator: 'Sasmita' },
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [30, 30, 30, 36],
    defaultStyle: { font: PDF_FONT, fontSize: 8 },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: title, fontSize: 7, color: '#555555' },
        { text: `Halaman ${page} dari ${pages}`, alignment: 'right', fontSize: 7 },
      ],
      margin: [30, 10, 30, 0],
    }),
    content,
  });
  await auditRecap(deps, actor, periodId, agencyId, month, 'pdf', rows.length);
  return { filename: `${fileBase(agency.short_name, agency.name, month)}.pdf`, pdf };
}
