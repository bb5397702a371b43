import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { identifierMasker } from '../access/privacy.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { PDF_FONT, renderPdf } from '../exports/pdf.js';
import { listAttendees } from './evidence.js';
import { findMeetingView, type MeetingView } from './meetings.js';
import { ATTENDEE_ROLE_LABELS, DECISION_LABELS, DEFAULT_REQUIRED_ROLES } from './rules.js';
import { type AttendeeRole, DECISIONS, type Decision, type MeetingType } from './tables.js';

/** The berita acara and the attendance list of a meeting as PDF, with the kabupaten's kop. */

const TYPE_TITLES: Record<MeetingType, string> = {
  MUSDES: 'MUSYAWARAH DESA',
  MUSKEL: 'MUSYAWARAH KELURAHAN',
  RAKOR: 'RAPAT KOORDINASI',
  SOSIALISASI: 'SOSIALISASI',
};

const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** "Senin, 23 Februari 2026" for 2026-02-23. */
export function tanggalIndonesia(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

async function regionNames(db: Kysely<DB>, m: MeetingView) {
  const kab = await db.selectFrom('region').select('name').where('code', '=', m.kabupatenCode).executeTakeFirst();
  return { kabupaten: kab?.name ?? m.kabupatenCode, kecamatan: m.kecamatanName, desa: m.desaName };
}

function kop(names: { kabupaten: string; kecamatan: string; desa: string }, type: MeetingType) {
  const village = type === 'MUSKEL' ? 'KELURAHAN' : 'DESA';
  const kabupaten = names.kabupaten.toUpperCase().startsWith('KAB') ? names.kabupaten : `Kabupaten ${names.kabupaten}`;
  return [
    { text: `PEMERINTAH ${kabupaten.toUpperCase()}`, alignment: 'center', bold: true, fontSize: 13 },
    { text: `KECAMATAN ${names.kecamatan.toUpperCase()}`, alignment: 'center', bold: true, fontSize: 12 },
    { text: `${village} ${names.desa.toUpperCase()}`, alignment: 'center', bold: true, fontSize: 14 },
    { canvas: [{ type: 'line', x1: 0, y1: 4, x2: 515, y2: 4, lineWidth: 2 }], margin: [0, 2, 0, 10] },
  ];
}

const footer = (title: string) => (page: number, pages: number) => ({
  columns: [
    { text: title, fontSize: 7, color: '#555555' },
    { text: `Halaman ${page} dari ${pages}`, alignment: 'right', fontSize: 7 },
  ],
  margin: [40, 10, 40, 0],
});

const headerCell = (text: string) => ({ text, bold: true, fillColor: '#e8edf3' });

async function auditExport(db: Kysely<DB>, actor: Actor, m: MeetingView, document: string) {
  await db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'musdes.export',
      entity: 'musdes_meeting',
      entityId: m.id,
      regionCode: m.desaCode,
      after: { document },
    }),
  );
}

function signatureBlocks(attendees: Array<{ name: string; role: AttendeeRole }>, chair: string | null) {
  // The roles that sign a berita acara: those a meeting needs by default.
  const blocks = DEFAULT_REQUIRED_ROLES.map((role) => ({ role, who: attendees.find((a) => a.role === role) }))
    .filter((b) => b.who)
    .map((b) => ({ label: ATTENDEE_ROLE_LABELS[b.role], name: b.who?.name ?? '' }));
  if (chair && !blocks.some((b) => b.name === chair)) blocks.unshift({ label: 'Pimpinan musyawarah', name: chair });
  const cells = blocks.map((b) => ({
    stack: [{ text: b.label, bold: true }, { text: '\n\n\n\n' }, { text: `( ${b.name} )` }],
    alignment: 'center',
    margin: [0, 0, 0, 14],
  }));
  const rows: unknown[][] = [];
  for (let i = 0; i < cells.length; i += 2) rows.push([cells[i], cells[i + 1] ?? { text: '' }]);
  return rows.length ? { table: { widths: ['*', '*'], body: rows }, layout: 'noBorders', unbreakable: true } : { text: '' };
}

export async function renderBeritaAcaraPdf(db: Kysely<DB>, actor: Actor, meetingId: number) {
  const m = await findMeetingView(db, actor, meetingId);
  const names = await regionNames(db, m);
  const attendees = await listAttendees(db, m.id);
  const decisions = await db
    .selectFrom('musdes_decision as d')
    .innerJoin('household as h', 'h.id', 'd.household_id')
    .select(['h.head_name', 'h.kk_number', 'h.address', 'd.decision', 'd.reason', 'd.verval_outcome'])
    .where('d.meeting_id', '=', m.id)
    .orderBy('d.decision')
    .orderBy('h.head_name')
    .execute();
  const mask = identifierMasker(actor);
  const counts = Object.fromEntries(DECISIONS.map((d) => [d, decisions.filter((x) => x.decision === d).length])) as Record<
    Decision,
    number
  >;
  const title = `BERITA ACARA ${TYPE_TITLES[m.type]}`;
  const draft = m.status !== 'FINALISED';
  const pdf = await renderPdf({
    info: { title: `${title} ${m.number ?? ''}`.trim(), creator: 'Sasmita' },
    pageSize: 'A4',
    pageMargins: [40, 36, 40, 40],
    defaultStyle: { font: PDF_FONT, fontSize: 10 },
    ...(draft ? { watermark: { text: 'DRAF', opacity: 0.08, bold: true } } : {}),
    footer: footer(`${title} — ${names.desa}`),
    content: [
      ...kop(names, m.type),
      { text: title, alignment: 'center', bold: true, fontSize: 13 },
      { text: 'PENANGGULANGAN KEMISKINAN EKSTREM', alignment: 'center', bold: true },
      { text: `Nomor: ${m.number ?? '........................'}`, alignment: 'center', margin: [0, 2, 0, 12] },
      {
        text: `Pada hari ini ${tanggalIndonesia(m.heldOn)}, bertempat di ${m.place}, telah dilaksanakan ${TYPE_TITLES[m.type].toLowerCase()} ${names.desa}, Kecamatan ${names.kecamatan}${m.chair ? `, dipimpin oleh ${m.chair}` : ''}, dalam rangka ${m.periodName}.`,
        alignment: 'justify',
      },
      ...(m.agenda ? [{ text: 'Agenda:', bold: true, margin: [0, 8, 0, 2] }, { text: m.agenda }] : []),
      { text: `Musyawarah dihadiri oleh ${attendees.length} orang (daftar hadir terlampir):`, margin: [0, 8, 0, 4] },
      {
        ul: Object.entries(
          attendees.reduce<Record<string, string[]>>((acc, a) => {
            const label = ATTENDEE_ROLE_LABELS[a.role];
            acc[label] = [...(acc[label] ?? []), a.name];
            return acc;
          }, {}),
        ).map(([label, people]) => `${label}: ${people.join(', ')}`),
      },
      { text: 'Hasil musyawarah atas hasil verifikasi dan validasi data keluarga:', bold: true, margin: [0, 10, 0, 4] },
      {
        table: {
          widths: ['*', 60],
          body: [
            [headerCell('Keputusan'), headerCell('Keluarga')],
            ...DECISIONS.map((d) => [DECISION_LABELS[d], { text: String(counts[d]), alignment: 'right' }]),
            [
              { text: 'Jumlah', bold: true },
              { text: String(decisions.length), alignment: 'right', bold: true },
            ],
          ],
        },
        layout: 'lightHorizontalLines',
      },
      {
        text: 'Keluarga yang keluar dari sasaran miskin ekstrem tetap tercatat sebagai keluarga miskin dan tetap menerima bantuan yang menjadi haknya.',
        italics: true,
        fontSize: 9,
        margin: [0, 6, 0, 10],
      },
      { text: 'Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.', margin: [0, 0, 0, 14] },
      signatureBlocks(attendees, m.chair),
      { text: `LAMPIRAN BERITA ACARA NOMOR ${m.number ?? '-'}`, bold: true, pageBreak: 'before', alignment: 'center' },
      { text: 'Keputusan per keluarga', alignment: 'center', margin: [0, 2, 0, 8] },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: [22, '*', 90, 70, 90, '*'],
          body: [
            ['No', 'Kepala keluarga', 'No KK', 'Hasil verval', 'Keputusan', 'Alasan'].map(headerCell),
            ...decisions.map((d, i) => [
              String(i + 1),
              d.head_name,
              mask(d.kk_number, m.desaCode) ?? '-',
              d.verval_outcome ?? '-',
              DECISION_LABELS[d.decision],
              d.reason ?? '',
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
        fontSize: 8.5,
      },
    ],
  });
  await auditExport(db, actor, m, 'berita-acara');
  return { filename: `berita-acara-${m.id}.pdf`, pdf };
}

export async function renderAttendancePdf(db: Kysely<DB>, actor: Actor, meetingId: number) {
  const m = await findMeetingView(db, actor, meetingId);
  const names = await regionNames(db, m);
  const attendees = await listAttendees(db, m.id);
  const title = `DAFTAR HADIR ${TYPE_TITLES[m.type]}`;
  const pdf = await renderPdf({
    info: { title, creator: 'Sasmita' },
    pageSize: 'A4',
    pageMargins: [40, 36, 40, 40],
    defaultStyle: { font: PDF_FONT, fontSize: 10 },
    footer: footer(`${title} — ${names.desa}`),
    content: [
      ...kop(names, m.type),
      { text: title, alignment: 'center', bold: true, fontSize: 13 },
      {
        text: `${tanggalIndonesia(m.heldOn)} — ${m.place}${m.number ? ` — Berita acara nomor ${m.number}` : ''}`,
        alignment: 'center',
        margin: [0, 2, 0, 12],
      },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: [22, '*', 90, '*', 90],
          heights: (row: number) => (row === 0 ? 14 : 28),
          body: [
            ['No', 'Nama', 'Unsur', 'Lembaga/jabatan', 'Tanda tangan'].map(headerCell),
            ...attendees.map((a, i) => [
              String(i + 1),
              a.name,
              ATTENDEE_ROLE_LABELS[a.role],
              a.institution ?? '',
              { text: a.signed ? `${i + 1}. (sudah ditandatangani)` : `${i + 1}.`, fontSize: 8, color: '#555555' },
            ]),
          ],
        },
      },
    ],
  });
  await auditExport(db, actor, m, 'daftar-hadir');
  return { filename: `daftar-hadir-${m.id}.pdf`, pdf };
}
