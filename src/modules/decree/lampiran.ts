import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { identifierMasker, maskNik } from '../access/privacy.js';
import { type Actor, assertRegionInScope } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { PDF_FONT, renderPdf } from '../exports/pdf.js';
import { type StreamResult, streamXlsx } from '../exports/spreadsheet.js';
import { type DecreeRow, iterateRows, type RowFilter, regionTotals } from './rows.js';
import type { DecreeView } from './service.js';

/**
 * The lampiran (attachment) of an SK Bupati: the snapshot households by kecamatan and desa, as
 * a streamed XLSX (any size) and as PDF (pdfmake lays out the whole document in memory, so one
 * PDF holds at most PDF_MAX_ROWS households: a large kabupaten is printed per kecamatan or desa).
 * A public copy always masks NIK and No KK; otherwise they show only to roles that may see them.
 */

export const PDF_MAX_ROWS = 15_000;

export interface LampiranOptions extends RowFilter {
  /** Public copy: NIK and No KK always masked. */
  publicCopy: boolean;
}

export type Identify = (value: string | null, desaCode: string) => string | null;

export function identifierFor(actor: Actor, publicCopy: boolean): Identify {
  return publicCopy ? (v) => maskNik(v) : identifierMasker(actor);
}

/** Region filters must be in the reader's scope (404 otherwise), checked before any byte is sent. */
export function assertFilterInScope(actor: Actor, f: RowFilter): void {
  if (f.kecamatan) assertRegionInScope(actor, f.kecamatan);
  if (f.desa) assertRegionInScope(actor, f.desa);
}

/** The decree number as a file name part: 400.9/12/2026 → 400-9-12-2026. */
export function numberSlug(decree: DecreeView): string {
  return decree.number.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function fileStem(decree: DecreeView, o: LampiranOptions): string {
  const number = numberSlug(decree);
  const region = (o.desa ?? o.kecamatan ?? '').replaceAll('.', '');
  return ['lampiran-sk', number, region, o.publicCopy ? 'publik' : ''].filter((p) => p !== '').join('-');
}

async function auditExport(db: Kysely<DB>, actor: Actor, decree: DecreeView, format: string, o: LampiranOptions, result: StreamResult) {
  await db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'decree.export',
      entity: 'decree',
      entityId: decree.id,
      regionCode: o.desa ?? o.kecamatan ?? decree.kabupatenCode,
      after: {
        format,
        publicCopy: o.publicCopy,
        kecamatan: o.kecamatan ?? null,
        desa: o.desa ?? null,
        rows: result.rows,
        completed: result.completed,
      },
    }),
  );
}

export const LAMPIRAN_HEADERS = [
  'No',
  'Kode Desa',
  'Kecamatan',
  'Desa/Kelurahan',
  'No KK',
  'NIK Kepala Keluarga',
  'Kepala Keluarga',
  'Alamat',
  'Jumlah Anggota',
  'Desil',
];

/** Stream the lampiran as XLSX (streamed, formula-neutralised), audited before the last byte. */
export async function sendLampiranXlsx(db: Kysely<DB>, actor: Actor, decree: DecreeView, o: LampiranOptions, reply: FastifyReply) {
  assertFilterInScope(actor, o);
  const ident = identifierFor(actor, o.publicCopy);
  async function* rows() {
    let n = 0;
    for await (const r of iterateRows(db, actor, { kind: 'decree', decreeId: decree.id }, o)) {
      n++;
      yield [
        n,
        r.desaCode,
        r.kecamatanName,
        r.desaName,
        ident(r.kkNumber, r.desaCode),
        ident(r.headNik, r.desaCode),
        r.headName,
        r.address,
        r.memberCount,
        r.desil,
      ];
    }
  }
  return streamXlsx(reply, `${fileStem(decree, o)}.xlsx`, `Lampiran SK ${decree.number}`, LAMPIRAN_HEADERS, rows(), {
    onFinish: (result) => auditExport(db, actor, decree, 'xlsx', o, result),
  });
}

const tooLarge = (rows: number) =>
  new AppError(
    413,
    'PDF_TOO_LARGE',
    `Lampiran PDF berisi ${rows} keluarga; cetak per kecamatan atau desa (maks. ${PDF_MAX_ROWS} per berkas), atau unduh XLSX`,
    `The PDF lampiran would hold ${rows} households; print it per kecamatan or desa (at most ${PDF_MAX_ROWS} per file), or download the XLSX`,
    { rows, maxRows: PDF_MAX_ROWS },
  );

const fmt = (n: number) => n.toLocaleString('id-ID');

function longDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return d.toLocaleDateString('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

const HEAD = ['No', 'No KK', 'NIK Kepala Keluarga', 'Kepala Keluarga', 'Alamat', 'Jml Anggota', 'Desil'].map((text) => ({
  text,
  bold: true,
  fillColor: '#e8edf3',
}));

function desaTable(rows: DecreeRow[], ident: Identify): Record<string, unknown> {
  const households = rows.length;
  const members = rows.reduce((n, r) => n + r.memberCount, 0);
  const body: unknown[][] = [HEAD];
  rows.forEach((r, i) => {
    body.push([
      String(i + 1),
      ident(r.kkNumber, r.desaCode) ?? '',
      ident(r.headNik, r.desaCode) ?? '',
      r.headName,
      r.address ?? '',
      String(r.memberCount),
      r.desil === null ? '' : String(r.desil),
    ]);
  });
  body.push([
    { text: `Jumlah: ${fmt(households)} keluarga`, colSpan: 5, bold: true },
    '',
    '',
    '',
    '',
    { text: fmt(members), bold: true },
    '',
  ]);
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: [24, 78, 78, '*', '*', 34, 26], body },
    layout: 'lightHorizontalLines',
  };
}

// One PDF at a time: each holds up to ~400 MB while pdfmake lays it out.
let pdfQueue: Promise<unknown> = Promise.resolve();

/** Render the lampiran as PDF: kop, decree title/number/date, per kecamatan/desa sections with totals, page numbers, signature. */
export async function renderLampiranPdf(
  db: Kysely<DB>,
  actor: Actor,
  decree: DecreeView,
  o: LampiranOptions,
): Promise<{ filename: string; pdf: Buffer; rows: number }> {
  assertFilterInScope(actor, o);
  const src = { kind: 'decree', decreeId: decree.id } as const;
  const totals = await regionTotals(db, actor, src);
  const inFilter = totals.kecamatan
    .filter((k) => !o.kecamatan || k.code === o.kecamatan)
    .map((k) => ({ ...k, desa: k.desa.filter((d) => !o.desa || d.code === o.desa) }))
    .filter((k) => k.desa.length > 0);
  const count = inFilter.reduce((n, k) => n + k.desa.reduce((m, d) => m + d.households, 0), 0);
  if (count > PDF_MAX_ROWS) throw tooLarge(count);
  const run = pdfQueue.then(async () => {
    const kab = await db.selectFrom('region').select('name').where('code', '=', decree.kabupatenCode).executeTakeFirst();
    const kabName = kab?.name ?? decree.kabupatenCode;
    const ident = identifierFor(actor, o.publicCopy);
    const byDesa = new Map<string, DecreeRow[]>();
    for await (const r of iterateRows(db, actor, src, o)) {
      const list = byDesa.get(r.desaCode);
      if (list) list.push(r);
      else byDesa.set(r.desaCode, [r]);
    }
    const content: unknown[] = [
      { text: `PEMERINTAH ${kabName.toUpperCase()}`, style: 'kop' },
      { canvas: [{ type: 'line', x1: 0, y1: 4, x2: 535, y2: 4, lineWidth: 1.5 }], margin: [0, 0, 0, 8] },
      { text: `LAMPIRAN KEPUTUSAN BUPATI ${kabName.replace(/^Kabupaten\s+/i, '').toUpperCase()}`, bold: true, alignment: 'center' },
      {
        table: {
          widths: [60, 8, '*'],
          body: [
            ['NOMOR', ':', decree.number],
            ['TANGGAL', ':', longDate(decree.decreeDate)],
            ['TENTANG', ':', decree.title],
          ],
        },
        layout: 'noBorders',
        margin: [0, 6, 0, 10],
      },
      {
        text: `Daftar keluarga sasaran miskin ekstrem: ${fmt(count)} keluarga${o.publicCopy ? ' (salinan publik: NIK dan No KK disamarkan)' : ''}`,
        margin: [0, 0, 0, 6],
      },
    ];
    let households = 0;
    let members = 0;
    for (const k of inFilter) {
      content.push({ text: `Kecamatan ${k.name}`, style: 'kecamatan' });
      let kh = 0;
      let km = 0;
      for (const d of k.desa) {
        const rows = byDesa.get(d.code) ?? [];
        content.push({ text: `Desa/Kelurahan ${d.name} (${d.code})`, style: 'desa' });
        content.push(desaTable(rows, ident));
        kh += rows.length;
        km += rows.reduce((n, r) => n + r.memberCount, 0);
      }
      content.push({ text: `Jumlah Kecamatan ${k.name}: ${fmt(kh)} keluarga, ${fmt(km)} jiwa`, bold: true, margin: [0, 4, 0, 0] });
      households += kh;
      members += km;
    }
    if (inFilter.length === 0) content.push({ text: 'Tidak ada keluarga sasaran pada lampiran ini.', italics: true });
    content.push({ text: `JUMLAH SELURUHNYA: ${fmt(households)} keluarga, ${fmt(members)} jiwa`, bold: true, margin: [0, 10, 0, 0] });
    content.push({
      unbreakable: true,
      margin: [300, 24, 0, 0],
      stack: [
        `Ditetapkan tanggal ${longDate(decree.decreeDate)}`,
        { text: decree.signatoryPosition.toUpperCase(), bold: true, margin: [0, 4, 0, 48] },
        { text: decree.signatoryName, bold: true, decoration: 'underline' },
      ],
    });
    const title = `Lampiran SK ${decree.number}`;
    const pdf = await renderPdf({
      info: { title, creator: 'Sasmita' },
      pageSize: 'A4',
      pageMargins: [30, 30, 30, 40],
      defaultStyle: { font: PDF_FONT, fontSize: 8 },
      styles: {
        kop: { fontSize: 14, bold: true, alignment: 'center' },
        kecamatan: { fontSize: 11, bold: true, margin: [0, 10, 0, 2] },
        desa: { fontSize: 9, bold: true, margin: [0, 6, 0, 2] },
      },
      footer: (page: number, pages: number) => ({
        columns: [
          { text: title, fontSize: 7, color: '#555555' },
          { text: `Halaman ${page} dari ${pages}`, alignment: 'right', fontSize: 7 },
        ],
        margin: [30, 12, 30, 0],
      }),
      content,
    });
    await auditExport(db, actor, decree, 'pdf', o, { rows: households, completed: true });
    return { filename: `${fileStem(decree, o)}.pdf`, pdf, rows: households };
  });
  pdfQueue = run.catch(() => undefined);
  return run;
}
