import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { identifierMasker, maskNik } from '../access/privacy.js';
import { type Actor, assertRegionFilter } from '../access/scope.js';
import { anchorForEntry, anchorLine } from '../audit/anchor.js';
import { recordAudit } from '../audit/service.js';
import { type StreamResult, streamXlsx } from '../exports/spreadsheet.js';
import { iterateRows, type RowFilter } from './rows.js';
import type { DecreeView } from './service.js';

/**
 * The lampiran (attachment) of an SK Bupati: the snapshot households by kecamatan and desa, as
 * a streamed XLSX (here) and a streamed PDF (lampiran-pdf.ts), both at any size. A public copy
 * always masks NIK and No KK; otherwise they show only to roles that may see them.
 */

export interface LampiranOptions extends RowFilter {
  /** Public copy: NIK and No KK always masked. */
  publicCopy: boolean;
}

export type Identify = (value: string | null, desaCode: string) => string | null;

export function identifierFor(actor: Actor, publicCopy: boolean): Identify {
  return publicCopy ? (v) => maskNik(v) : identifierMasker(actor);
}

/** Region filters must overlap the reader's scope (404 otherwise), checked before any byte is sent; rows stay scoped. */
export function assertFilterInScope(actor: Actor, f: RowFilter): void {
  assertRegionFilter(actor, f.kecamatan);
  assertRegionFilter(actor, f.desa);
}

/** The decree number as a file name part: 400.9/12/2026 → 400-9-12-2026. */
export function numberSlug(decree: DecreeView): string {
  return decree.number.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function fileStem(decree: DecreeView, o: LampiranOptions): string {
  const number = numberSlug(decree);
  const region = (o.desa ?? o.kecamatan ?? '').replaceAll('.', '');
  return ['lampiran-sk', number, region, o.publicCopy ? 'publik' : ''].filter((p) => p !== '').join('-');
}

/** Every lampiran download is audited with the rows sent and whether all of them were. */
export async function auditExport(
  db: Kysely<DB>,
  actor: Actor,
  decree: DecreeView,
  format: string,
  o: LampiranOptions,
  result: StreamResult,
) {
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

/**
 * The audit anchor printed on the lampiran: the first anchor taken after the decree was
 * finalised (the same on every copy), so a kept copy pins the audit chain's head (ADR 0012).
 */
export async function auditTrailLine(db: Kysely<DB>, decree: DecreeView): Promise<string> {
  return anchorLine(await anchorForEntry(db, 'decree', decree.id, 'decree.finalise'));
}

/** The decree date as printed: 2026-03-10 → 10 Maret 2026. */
export function longDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return d.toLocaleDateString('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
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
  const trail = await auditTrailLine(db, decree);
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
    notes: { sheetName: 'Jejak audit', rows: [[`Lampiran SK ${decree.number}`], [trail]] },
  });
}
