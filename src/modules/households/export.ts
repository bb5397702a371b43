import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { identifierMasker } from '../access/privacy.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { type StreamResult, streamCsv, streamXlsx } from '../exports/spreadsheet.js';
import type { HouseholdFilters } from './filters.js';
import type { SortOrder } from './keyset.js';
import { assertFilterRegions, type HouseholdExportRow, iterateHouseholds } from './service.js';

/** Export of a filtered household list: the same rows as the list, Indonesian headers, audited. */

const yaTidak = (v: boolean | null) => (v === null ? null : v ? 'YA' : 'TIDAK');

const STATUS_LABEL: Record<string, string> = {
  MISKIN_EKSTREM: 'Miskin ekstrem',
  MISKIN: 'Miskin',
  TIDAK_MISKIN: 'Tidak miskin',
};

type Column = [header: string, value: (r: HouseholdExportRow, ident: (v: string | null) => string | null) => unknown];

export const EXPORT_COLUMNS: Column[] = [
  ['Kode Wilayah', (r) => r.desaCode],
  ['Kecamatan', (r) => r.kecamatanName],
  ['Desa/Kelurahan', (r) => r.desaName],
  ['No KK', (r, ident) => ident(r.kkNumber)],
  ['NIK Kepala Keluarga', (r, ident) => ident(r.headNik)],
  ['Kepala Keluarga', (r) => r.headName],
  ['Jenis Kelamin', (r) => r.headSex],
  ['Tanggal Lahir', (r) => r.headBirthDate],
  ['Alamat', (r) => r.address],
  ['Desil', (r) => r.desil],
  ['Status Sasaran', (r) => STATUS_LABEL[r.targetStatus] ?? r.targetStatus],
  ['Sumber Data', (r) => r.source],
  ['ID Sumber', (r) => r.sourceId],
  ['Edisi Data', (r) => r.edition],
  ['Tahun Data', (r) => r.dataYear],
  ['Jumlah Anggota', (r) => r.memberCount],
  ['Penerima BPNT', (r) => yaTidak(r.aid.bpnt)],
  ['Penerima BPUM', (r) => yaTidak(r.aid.bpum)],
  ['Penerima BST', (r) => yaTidak(r.aid.bst)],
  ['Penerima PKH', (r) => yaTidak(r.aid.pkh)],
  ['Penerima Sembako', (r) => yaTidak(r.aid.sembako)],
  ['Risiko Stunting', (r) => yaTidak(r.stuntingRisk)],
  ['Kepemilikan Rumah', (r) => r.houseOwnership],
  ['Jenis Atap', (r) => r.roofType],
  ['Jenis Dinding', (r) => r.wallType],
  ['Jenis Lantai', (r) => r.floorType],
  ['Sumber Penerangan', (r) => r.lighting],
  ['Bahan Bakar Memasak', (r) => r.cookingFuel],
  ['Sumber Air Minum', (r) => r.drinkingWater],
  ['Fasilitas BAB', (r) => r.toilet],
  ['Memiliki Simpanan', (r) => yaTidak(r.hasSavings)],
  ['Diperbarui', (r) => r.updatedAt],
];

export const EXPORT_HEADERS = ['No', ...EXPORT_COLUMNS.map(([h]) => h)];

async function* exportRows(db: Kysely<DB>, actor: Actor, f: HouseholdFilters, so: SortOrder): AsyncIterable<unknown[]> {
  const mask = identifierMasker(actor);
  let n = 0;
  for await (const r of iterateHouseholds(db, actor, f, so)) {
    const ident = (v: string | null) => mask(v, r.desaCode);
    n++;
    yield [n, ...EXPORT_COLUMNS.map(([, value]) => value(r, ident))];
  }
}

function fileStem(f: HouseholdFilters): string {
  const region = (f.desa ?? f.kecamatan ?? '').replaceAll('.', '');
  const date = new Date().toISOString().slice(0, 10);
  return ['keluarga', region, date].filter((p) => p !== '').join('-');
}

/**
 * Stream the filtered households as CSV or XLSX. Region filters are checked before the
 * response starts (404 out of scope); the export is audited with its filters and row count
 * before the last byte is sent, also when the download is cut short.
 */
export async function exportHouseholds(
  db: Kysely<DB>,
  actor: Actor,
  f: HouseholdFilters,
  so: SortOrder,
  format: 'csv' | 'xlsx',
  reply: FastifyReply,
): Promise<StreamResult> {
  await assertFilterRegions(db, actor, f);
  const rows = exportRows(db, actor, f, so);
  const onFinish = async (result: StreamResult) => {
    await db.transaction().execute((trx) =>
      recordAudit(trx, actor, {
        action: 'household.export',
        entity: 'household',
        regionCode: f.desa ?? f.kecamatan ?? null,
        after: { format, filters: f, sort: so, rows: result.rows, completed: result.completed },
      }),
    );
  };
  const filename = `${fileStem(f)}.${format}`;
  if (format === 'csv') return streamCsv(reply, filename, EXPORT_HEADERS, rows, { onFinish });
  return streamXlsx(reply, filename, 'Keluarga', EXPORT_HEADERS, rows, { onFinish });
}
