import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { ProgressFn } from '../../jobs/service.js';
import { type ExternalRow, exactMatchSelect, namesDiffer, type PreparedRow, prepareRow, SOURCE_COLUMNS } from './exact.js';

/**
 * The bulk path of exact matching: rows are streamed into an unlogged staging table with
 * COPY (never held in memory whole), then the same SQL as `matchRowsExact` writes every
 * row's result into match_list_row in one statement. Only rows whose names differ beyond
 * case come back to JS for the tolerant name comparison.
 */

const stageTable = (runId: number) => `match_stage_${Math.trunc(runId)}`;

const STAGE_DDL =
  'row_number integer primary key, nik text, kk_number text, name text, birth_date date, region_code text, invalid_reason text';

/** One COPY CSV field: null is an unquoted empty field, everything else is quoted. */
function copyField(v: string | number | null): string {
  if (v === null) return '';
  return `"${String(v).replaceAll('"', '""')}"`;
}

function copyLine(p: PreparedRow): string {
  return `${[p.rowNumber, p.nik, p.kkNumber, p.name, p.birthDate, p.regionCode, p.invalidReason].map(copyField).join(',')}\n`;
}

export interface ExternalCounts {
  total: number;
  MATCHED: number;
  MATCHED_DIFF: number;
  NOT_FOUND: number;
  INVALID: number;
}

/**
 * Match a whole list for run `runId`: stage, match, store. Duplicate row numbers are
 * rejected by the staging table's key. Progress phases: membaca, mencocokkan, nama.
 */
export async function matchExternalList(
  database: Pick<Database, 'db' | 'bulkTransaction'>,
  runId: number,
  kabupatenCode: string,
  batches: AsyncIterable<readonly ExternalRow[]>,
  progress: ProgressFn = () => {},
): Promise<ExternalCounts> {
  const db = database.db;
  const stage = stageTable(runId);
  await sql.raw(`drop table if exists ${stage}; create unlogged table ${stage} (${STAGE_DDL})`).execute(db);
  try {
    let read = 0;
    let lines: string[] = [];
    const flush = async () => {
      if (lines.length === 0) return;
      const csv = lines.join('');
      lines = [];
      await database.bulkTransaction((_trx, copy) => copy(stage, [...SOURCE_COLUMNS], csv));
    };
    for await (const batch of batches) {
      for (const row of batch) lines.push(copyLine(prepareRow(row)));
      read += batch.length;
      if (lines.length >= 50_000) await flush();
      progress({ phase: 'membaca', done: read, total: 0 });
    }
    await flush();
    progress({ phase: 'mencocokkan', done: 0, total: read });
    await sql.raw(`analyze ${stage}`).execute(db);
    await db.transaction().execute(async (trx) => {
      await sql`
        insert into match_list_row (run_id, row_number, nik, kk_number, name, birth_date, region_code, result, differences, reason,
          member_id, household_id, registry_name, registry_birth_date, kabupaten_code, kecamatan_code, desa_code)
        select ${runId}, s.row_number, s.nik, s.kk_number, s.name, s.birth_date, s.region_code, r.result, r.differences, r.reason,
          r.member_id, r.household_id, r.registry_name, r.registry_birth_date, ${kabupatenCode}, r.kecamatan_code, r.desa_code
        from (${exactMatchSelect(sql.table(stage), kabupatenCode)}) r join ${sql.table(stage)} s on s.row_number = r.row_number`.execute(
        trx,
      );
      progress({ phase: 'nama', done: 0, total: read });
      await applyNameTolerance(trx, runId);
    });
    return await countResults(db, runId);
  } finally {
    await sql.raw(`drop table if exists ${stage}`).execute(db);
  }
}

/** Rows matched on NIK whose names differ beyond case: compare tolerantly, mark the real differences. */
async function applyNameTolerance(trx: Kysely<DB>, runId: number): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await trx
      .selectFrom('match_list_row')
      .select(['row_number', 'name', 'registry_name'])
      .where('run_id', '=', runId)
      .where('row_number', '>', after)
      .where('name', 'is not', null)
      .where('registry_name', 'is not', null)
      .where(sql<boolean>`lower(btrim(name)) <> lower(btrim(registry_name))`)
      .orderBy('row_number')
      .limit(20_000)
      .execute();
    if (rows.length === 0) return;
    after = rows[rows.length - 1]?.row_number ?? after;
    const differ = rows.filter((r) => namesDiffer(r.name, r.registry_name)).map((r) => r.row_number);
    if (differ.length === 0) continue;
    await sql`
      update match_list_row set differences = array_prepend('name', differences), result = 'MATCHED_DIFF'
      where run_id = ${runId} and row_number = any(${differ}::int[])`.execute(trx);
  }
}

export async function countResults(db: Kysely<DB>, runId: number): Promise<ExternalCounts> {
  const rows = await db
    .selectFrom('match_list_row')
    .select(['result', (eb) => eb.fn.countAll<number>().as('n')])
    .where('run_id', '=', runId)
    .groupBy('result')
    .execute();
  const counts: ExternalCounts = { total: 0, MATCHED: 0, MATCHED_DIFF: 0, NOT_FOUND: 0, INVALID: 0 };
  for (const r of rows) {
    counts[r.result as keyof ExternalCounts] = Number(r.n);
    counts.total += Number(r.n);
  }
  return counts;
}
