import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { PDF_FONT, renderPdf } from '../exports/pdf.js';
import { streamXlsx } from '../exports/spreadsheet.js';
import { assignmentQuery, listAgencyAssignments, ROLE_LABELS } from './assignments.js';
import { orgScopeWhere } from './common.js';
import { getPeriod, type PeriodView } from './periods.js';

/** The assignment table (lampiran penugasan) of a period, as XLSX and as PDF. */

export interface ExportRow {
  kecamatanCode: string;
  kecamatanName: string;
  binaan: string;
  desaName: string;
  agencyName: string;
  officialName: string;
  nip: string;
  position: string;
  echelon: string;
  role: string;
}

async function exportRows(deps: ServiceContext, actor: Actor, periodId: number): Promise<{ period: PeriodView; rows: ExportRow[] }> {
  const period = await getPeriod(deps.db, deps.kabupatenCode, periodId);
  const binaan = await listAgencyAssignments(deps, actor, periodId);
  const agenciesOf = new Map<string, string[]>();
  for (const b of binaan) agenciesOf.set(b.kecamatanCode, [...(agenciesOf.get(b.kecamatanCode) ?? []), b.agencyName]);
  const list = await assignmentQuery(deps.db)
    .where('oa.period_id', '=', periodId)
    .where('oa.ended_at', 'is', null)
    .where(orgScopeWhere(actor, 'oa'))
    .orderBy('oa.kecamatan_code')
    .orderBy(sql`oa.desa_code nulls first`)
    .orderBy(sql`case oa.role when 'pembina_kecamatan' then 1 when 'pendamping_desa' then 2 else 3 end`)
    .orderBy('o.name')
    .execute();
  const rows = list.map((a) => ({
    kecamatanCode: a.kecamatanCode,
    kecamatanName: a.kecamatanName,
    binaan: (agenciesOf.get(a.kecamatanCode) ?? []).join(', '),
    desaName: a.desaName ?? `(Kecamatan ${a.kecamatanName})`,
    agencyName: a.agencyName,
    officialName: a.officialName,
    nip: a.nip,
    position: a.position,
    echelon: a.echelon,
    role: ROLE_LABELS[a.role].id,
  }));
  return { period, rows };
}

/** "Lampiran Penugasan Gesek Ekstrem 2024" for program "Gesek Ekstrem" and period "Gesek Ekstrem 2024". */
export function exportTitle(period: Pick<PeriodView, 'program' | 'name'>): string {
  const name = period.name.toLowerCase().startsWith(period.program.toLowerCase())
    ? period.name.slice(period.program.length).trim()
    : period.name;
  return `Lampiran Penugasan ${period.program} ${name}`.replace(/\s+/g, ' ').trim();
}

const fileBase = (period: PeriodView) =>
  `penugasan-${period.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;

async function auditExport(deps: ServiceContext, actor: Actor, periodId: number, format: string, rows: number, completed: boolean) {
  await deps.db.transaction().execute(async (trx) => {
    await recordAudit(trx, actor, {
      action: 'assignment.export',
      entity: 'program_period',
      entityId: periodId,
      after: { format, rows, completed },
    });
  });
}

const XLSX_HEADERS = [
  'No',
  'Kecamatan',
  'OPD Kecamatan Binaan',
  'Desa/Kelurahan',
  'OPD',
  'Nama Pejabat',
  'NIP',
  'Jabatan',
  'Eselon',
  'Peran',
];

export async function sendAssignmentXlsx(deps: ServiceContext, actor: Actor, periodId: number, reply: FastifyReply): Promise<void> {
  const { period, rows } = await exportRows(deps, actor, periodId);
  async function* body() {
    let n = 0;
    for (const r of rows) {
      n++;
      yield [n, r.kecamatanName, r.binaan, r.desaName, r.agencyName, r.officialName, r.nip, r.position, r.echelon, r.role];
    }
  }
  await streamXlsx(reply, `${fileBase(period)}.xlsx`, 'Penugasan', XLSX_HEADERS, body(), {
    onFinish: (result) => auditExport(deps, actor, periodId, 'xlsx', result.rows, result.completed),
  });
}

export async function renderAssignmentPdf(
  deps: ServiceContext,
  actor: Actor,
  periodId: number,
): Promise<{ filename: string; pdf: Buffer; rows: number }> {
  const { period, rows } = await exportRows(deps, actor, periodId);
  const kab = await deps.db.selectFrom('region').select('name').where('code', '=', deps.kabupatenCode).executeTakeFirst();
  const groups = new Map<string, ExportRow[]>();
  for (const r of rows) groups.set(r.kecamatanCode, [...(groups.get(r.kecamatanCode) ?? []), r]);
  const head = ['No', 'Desa/Kelurahan', 'OPD', 'Nama Pejabat', 'NIP', 'Jabatan', 'Peran'].map((t) => ({
    text: t,
    bold: true,
    fillColor: '#e8edf3',
  }));
  const content: unknown[] = [
    { text: exportTitle(period), fontSize: 14, bold: true, alignment: 'center' },
    {
      text: `${kab?.name ?? deps.kabupatenCode} — periode ${period.startDate} s.d. ${period.endDate}`,
      alignment: 'center',
      margin: [0, 2, 0, 10],
    },
  ];
  if (rows.length === 0) content.push({ text: 'Belum ada penugasan pada periode ini.', italics: true });
  for (const [, list] of groups) {
    const first = list[0];
    if (!first) continue;
    content.push({
      text: [{ text: `Kecamatan ${first.kecamatanName}`, bold: true }, first.binaan ? `  —  OPD kecamatan binaan: ${first.binaan}` : ''],
      margin: [0, 8, 0, 4],
    });
    content.push({
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [22, '*', '*', '*', 100, '*', 80],
        body: [head, ...list.map((r, i) => [String(i + 1), r.desaName, r.agencyName, r.officialName, r.nip, r.position, r.role])],
      },
      layout: 'lightHorizontalLines',
    });
  }
  const pdf = await renderPdf({
    info: { title: exportTitle(period), creator: 'Sasmita' },
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [30, 30, 30, 36],
    defaultStyle: { font: PDF_FONT, fontSize: 8.5 },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: exportTitle(period), fontSize: 7, color: '#555555' },
        { text: `Halaman ${page} dari ${pages}`, alignment: 'right', fontSize: 7 },
      ],
      margin: [30, 10, 30, 0],
    }),
    content,
  });
  await auditExport(deps, actor, periodId, 'pdf', rows.length, true);
  return { filename: `${fileBase(period)}.pdf`, pdf, rows: rows.length };
}
