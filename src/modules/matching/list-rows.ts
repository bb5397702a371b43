import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { identifierMasker } from '../access/privacy.js';
import { type Actor, scopeWhere } from '../access/scope.js';
import type { ExactResult } from './exact.js';

/**
 * Results of an external list, per row. A reader sees the rows matched to households of
 * their regions; rows not matched to any household (NOT_FOUND, INVALID) belong to the
 * kabupaten and are seen by kabupaten-level readers only. NIK/No KK masked per role.
 */

export interface ListRowQuery {
  result?: ExactResult | undefined;
  /** Keyset: rows after this row number. */
  after?: number | undefined;
  limit: number;
}

function base(db: Kysely<DB>, actor: Actor, runId: number, result?: ExactResult) {
  let q = db
    .selectFrom('match_list_row as l')
    .where('l.run_id', '=', runId)
    // Unmatched rows have no kecamatan/desa: only kabupaten-level scopes cover them.
    .where(scopeWhere(actor, 'l'));
  if (result) q = q.where('l.result', '=', result);
  return q;
}

const COLUMNS = [
  'l.row_number',
  'l.nik',
  'l.kk_number',
  'l.name',
  'l.birth_date',
  'l.region_code',
  'l.result',
  'l.differences',
  'l.reason',
  'l.household_id',
  'l.member_id',
  'l.registry_name',
  'l.registry_birth_date',
  'l.kabupaten_code',
  'l.desa_code',
] as const;

type Row = {
  row_number: number;
  nik: string | null;
  kk_number: string | null;
  name: string | null;
  birth_date: Date | null;
  region_code: string | null;
  result: string;
  differences: string[];
  reason: string | null;
  household_id: number | null;
  member_id: number | null;
  registry_name: string | null;
  registry_birth_date: Date | null;
  kabupaten_code: string;
  desa_code: string | null;
};

const day = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString().slice(0, 10));

function viewer(actor: Actor) {
  const mask = identifierMasker(actor);
  return (r: Row) => ({
    rowNumber: r.row_number,
    nik: mask(r.nik, r.desa_code ?? r.kabupaten_code),
    kkNumber: mask(r.kk_number, r.desa_code ?? r.kabupaten_code),
    name: r.name,
    birthDate: day(r.birth_date),
    regionCode: r.region_code,
    result: r.result as ExactResult,
    differences: r.differences,
    reason: r.reason,
    householdId: r.household_id,
    memberId: r.member_id,
    registryName: r.registry_name,
    registryBirthDate: day(r.registry_birth_date),
    desaCode: r.desa_code,
  });
}

export type ListRowView = ReturnType<ReturnType<typeof viewer>>;

export async function listRows(db: Kysely<DB>, actor: Actor, runId: number, q: ListRowQuery) {
  const view = viewer(actor);
  const rows = (await base(db, actor, runId, q.result)
    .select([...COLUMNS])
    .$if(q.after !== undefined, (b) => b.where('l.row_number', '>', q.after as number))
    .orderBy('l.row_number')
    .limit(q.limit + 1)
    .execute()) as Row[];
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map(view);
  const counts = await base(db, actor, runId)
    .select(['l.result', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('l.result')
    .execute();
  return {
    items,
    nextAfter: more ? (items[items.length - 1]?.rowNumber ?? null) : null,
    counts: Object.fromEntries(counts.map((c) => [c.result, Number(c.n)])) as Record<string, number>,
  };
}

export const EXPORT_HEADERS = [
  'Baris',
  'NIK',
  'No KK',
  'Nama (daftar)',
  'Tanggal lahir (daftar)',
  'Kode wilayah (daftar)',
  'Hasil',
  'Perbedaan',
  'Keterangan',
  'ID keluarga',
  'Nama (registri)',
  'Tanggal lahir (registri)',
  'Desa (registri)',
];

export const RESULT_LABEL: Record<ExactResult, string> = {
  MATCHED: 'Padan',
  MATCHED_DIFF: 'Padan dengan perbedaan',
  NOT_FOUND: 'Tidak ditemukan',
  INVALID: 'Tidak valid',
};

const DIFF_LABEL: Record<string, string> = { name: 'nama', birthDate: 'tanggal lahir', region: 'wilayah' };

/** Every visible row of a run for an export, in keyset batches (NIK masked per role). */
export async function* exportRows(db: Kysely<DB>, actor: Actor, runId: number, result?: ExactResult): AsyncGenerator<unknown[]> {
  const view = viewer(actor);
  let after = 0;
  for (;;) {
    const rows = (await base(db, actor, runId, result)
      .select([...COLUMNS])
      .where('l.row_number', '>', after)
      .orderBy('l.row_number')
      .limit(5000)
      .execute()) as Row[];
    if (rows.length === 0) return;
    for (const raw of rows) {
      const r = view(raw);
      yield [
        r.rowNumber,
        r.nik,
        r.kkNumber,
        r.name,
        r.birthDate,
        r.regionCode,
        RESULT_LABEL[r.result],
        r.differences.map((d) => DIFF_LABEL[d] ?? d).join(', '),
        r.reason,
        r.householdId,
        r.registryName,
        r.registryBirthDate,
        r.desaCode,
      ];
    }
    after = rows[rows.length - 1]?.row_number ?? after;
  }
}
