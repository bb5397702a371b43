import type { FastifyReply } from 'fastify';
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { identifierMasker } from '../access/privacy.js';
import { type Actor, scopeWhere } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { type StreamResult, streamCsv, streamXlsx } from '../exports/spreadsheet.js';
import { isTarget, programByCode, regionFilter } from './common.js';
import { type PriorityFactor, priorityColumns, priorityFilter, priorityJoin, scoreSql } from './priority.js';

/**
 * The drill-down of the gap analysis: target households without any aid (or without one
 * program), with their priority flags and score, highest priority first. The same filtered
 * set feeds the list (keyset pages), the export and bulk usulan.
 */

export interface GapListFilter {
  kecamatan?: string | undefined;
  desa?: string | undefined;
  /** Households without this program; absent = without any aid at all. */
  program?: string | undefined;
  /** Every chosen priority factor must hold. */
  priority?: PriorityFactor[] | undefined;
}

export interface GapHouseholdRow {
  id: number;
  kecamatan_code: string;
  kecamatan_name: string | null;
  desa_code: string;
  desa_name: string | null;
  head_name: string;
  head_nik: string | null;
  kk_number: string | null;
  address: string | null;
  member_count: number;
  no_aid: boolean;
  elderly: boolean;
  alone: boolean;
  disabled: boolean;
  sick: boolean;
  score: number;
}

/** The filtered set as a subquery (alias it) with the columns of GapHouseholdRow. */
export async function gapHouseholdsSql(
  db: Kysely<DB>,
  actor: Actor,
  kabupatenCode: string,
  f: GapListFilter,
): Promise<RawBuilder<GapHouseholdRow>> {
  const region = regionFilter(actor, 'h', kabupatenCode, f);
  let without: RawBuilder<SqlBool> = sql<SqlBool>`not exists (select 1 from aid_receipt r where r.household_id = h.id)`;
  if (f.program) {
    const p = await programByCode(db, f.program);
    without = sql<SqlBool>`not exists (select 1 from aid_receipt r where r.household_id = h.id and r.program_id = ${p.id})`;
  }
  const inner = sql`select h.id, h.kecamatan_code, kc.name as kecamatan_name, h.desa_code, d.name as desa_name, h.head_name,
      h.head_nik, h.kk_number, h.address, h.member_count, ${priorityColumns('h', 'pm')}
    from household h ${priorityJoin('h', 'pm')}
    left join region d on d.code = h.desa_code left join region kc on kc.code = h.kecamatan_code
    where ${scopeWhere(actor, 'h')} and h.kabupaten_code = ${kabupatenCode} and ${region} and ${isTarget('h')} and ${without}`;
  return sql<GapHouseholdRow>`(select x.*, ${scoreSql('x')} as score from (${inner}) x where ${priorityFilter('x', f.priority ?? [])})`;
}

const CURSOR = /^(\d{1,4}):(\d{1,18})$/;

export async function listGapHouseholds(
  { db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  f: GapListFilter,
  page: { after?: string | undefined; limit: number },
) {
  let after: RawBuilder<SqlBool> = sql<SqlBool>`true`;
  if (page.after) {
    const m = CURSOR.exec(page.after);
    if (!m) throw badRequest('INVALID_CURSOR', 'Penanda halaman tidak valid', 'The page cursor is invalid');
    after = sql<SqlBool>`(g.score < ${Number(m[1])} or (g.score = ${Number(m[1])} and g.id > ${m[2]}::bigint))`;
  }
  const set = await gapHouseholdsSql(db, actor, kabupatenCode, f);
  const [rows, total] = await Promise.all([
    sql<GapHouseholdRow>`select g.* from ${set} g where ${after} order by g.score desc, g.id asc limit ${page.limit + 1}`.execute(db),
    page.after ? Promise.resolve(null) : sql<{ n: number }>`select count(*)::int as n from ${set} g`.execute(db),
  ]);
  const mask = identifierMasker(actor);
  const items = rows.rows.slice(0, page.limit).map((r) => ({
    id: Number(r.id),
    kecamatanCode: r.kecamatan_code,
    kecamatanName: r.kecamatan_name,
    desaCode: r.desa_code,
    desaName: r.desa_name,
    headName: r.head_name,
    headNik: mask(r.head_nik, r.desa_code),
    kkNumber: mask(r.kk_number, r.desa_code),
    address: r.address,
    memberCount: Number(r.member_count),
    priority: { noAid: r.no_aid, elderly: r.elderly, alone: r.alone, disabled: r.disabled, sick: r.sick },
    score: Number(r.score),
  }));
  const last = items.at(-1);
  return {
    items,
    total: total ? Number(total.rows[0]?.n ?? 0) : null,
    next: rows.rows.length > page.limit && last ? `${last.score}:${last.id}` : null,
  };
}

const yes = (b: boolean) => (b ? 'YA' : 'TIDAK');

export const GAP_EXPORT_HEADERS = [
  'No',
  'Kecamatan',
  'Desa/Kelurahan',
  'No KK',
  'NIK Kepala Keluarga',
  'Kepala Keluarga',
  'Alamat',
  'Jumlah Anggota',
  'Belum Ada Bantuan',
  'Lansia (60+)',
  'Tinggal Sendiri',
  'Disabilitas',
  'Sakit Kronis',
  'Skor Prioritas',
];

/** Stream the filtered list (all pages) as CSV or XLSX, NIK masked unless allowed; audited. */
export async function exportGapHouseholds(
  { db, kabupatenCode }: ServiceContext,
  actor: Actor,
  f: GapListFilter,
  format: 'csv' | 'xlsx',
  reply: FastifyReply,
): Promise<StreamResult> {
  const set = await gapHouseholdsSql(db, actor, kabupatenCode, f);
  const mask = identifierMasker(actor);
  async function* rows(): AsyncIterable<unknown[]> {
    let n = 0;
    let cursor: RawBuilder<SqlBool> = sql<SqlBool>`true`;
    for (;;) {
      const page = await sql<GapHouseholdRow>`select g.* from ${set} g where ${cursor} order by g.score desc, g.id asc limit 1000`.execute(
        db,
      );
      for (const r of page.rows) {
        n++;
        yield [
          n,
          r.kecamatan_name,
          r.desa_name,
          mask(r.kk_number, r.desa_code),
          mask(r.head_nik, r.desa_code),
          r.head_name,
          r.address,
          Number(r.member_count),
          yes(r.no_aid),
          yes(r.elderly),
          yes(r.alone),
          yes(r.disabled),
          yes(r.sick),
          Number(r.score),
        ];
      }
      const last = page.rows.at(-1);
      if (page.rows.length < 1000 || !last) return;
      cursor = sql<SqlBool>`(g.score < ${Number(last.score)} or (g.score = ${Number(last.score)} and g.id > ${last.id}::bigint))`;
    }
  }
  const onFinish = async (result: StreamResult) => {
    await db.transaction().execute((trx) =>
      recordAudit(trx, actor, {
        action: 'aid.gap.export',
        entity: 'household',
        regionCode: f.desa ?? f.kecamatan ?? kabupatenCode,
        after: { format, filters: f, rows: result.rows, completed: result.completed },
      }),
    );
  };
  const stem = `kesenjangan-bantuan-${(f.desa ?? f.kecamatan ?? kabupatenCode).replaceAll('.', '')}-${new Date().toISOString().slice(0, 10)}`;
  if (format === 'csv') return streamCsv(reply, `${stem}.csv`, GAP_EXPORT_HEADERS, rows(), { onFinish });
  return streamXlsx(reply, `${stem}.xlsx`, 'Tanpa bantuan', GAP_EXPORT_HEADERS, rows(), { onFinish });
}
