import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { ProgressFn } from '../../jobs/service.js';
import { type ExternalRow, exactMatchSelect, namesDiffer, type PreparedRow, prepareRow, SOURCE_COLUMNS } from './exact.js';

/**
 * The bulk path of exact matching: rows are streamed into an unlogged staging table with
 * COPY (never held in memory whole), then the same SQL as `matchRowsExact` writes every
 * row's result in one statement into a table of the run's own, which gets its indexes in bulk
 * and becomes the run's partition of match_list_row. Only rows whose names differ beyond case
 * come back to JS for the tolerant name comparison.
 */

const stageTable = (runId: number) => `match_stage_${Math.trunc(runId)}`;

/** The run's partition of match_list_row (migration 0017). */
const partitionTable = (runId: number) => `match_list_row_r${Math.trunc(runId)}`;

const STAGE_DDL = 'row_number integer, nik text, kk_number text, name text, birth_date date, region_code text, invalid_reason text';

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
 * rejected by the key of the run's partition (the staging table has none: COPY is faster
 * without). Progress phases: membaca, mencocokkan, nama, menyimpan hasil.
 */
export async function matchExternalList(
  database: Pick<Database, 'db' | 'bulkTransaction'>,
  runId: number,
  kabupatenCode: string,
  batches: AsyncIterable<readonly ExternalRow[]> | Iterable<readonly ExternalRow[]>,
  progress: ProgressFn = () => {},
): Promise<ExternalCounts> {
  const db = database.db;
  const stage = stageTable(runId);
  await sql.raw(`drop table if exists ${stage}; create unlogged table ${stage} (${STAGE_DDL})`).execute(db);
  let inFlight: Promise<void> = Promise.resolve();
  try {
    let read = 0;
    let lines: string[] = [];
    // One COPY in flight while the next chunk is validated: the database and JS work side by side.
    const flush = async () => {
      await inFlight;
      if (lines.length === 0) return;
      const csv = lines.join('');
      lines = [];
      inFlight = database.bulkTransaction((_trx, copy) => copy(stage, [...SOURCE_COLUMNS], csv));
      // Awaited at the next flush; until then a failure must not count as unhandled.
      inFlight.catch(() => {});
    };
    for await (const batch of batches) {
      for (const row of batch) lines.push(copyLine(prepareRow(row)));
      read += batch.length;
      if (lines.length >= 50_000) await flush();
      progress({ phase: 'membaca', done: read, total: 0 });
    }
    await flush();
    await inFlight;
    progress({ phase: 'mencocokkan', done: 0, total: read });
    await sql.raw(`analyze ${stage}`).execute(db);
    await db.transaction().execute(async (trx) => {
      // Sorting a million hits in memory instead of on disk; no JIT: compiling the query's
      // expressions cost ~1 s at a million rows and saved less (this transaction only).
      await sql`set local work_mem = '256MB'`.execute(trx);
      await sql`set local jit = off`.execute(trx);
      // The run's rows go into a table of their own without indexes; the indexes are built in
      // bulk afterwards and the table becomes the run's partition of match_list_row (0017).
      const part = sql.table(partitionTable(runId));
      await sql`create table ${part} (like match_list_row including defaults including constraints)`.execute(trx);
      await sql`
        insert into ${part} (run_id, row_number, nik, kk_number, name, birth_date, region_code, result, differences, reason,
          member_id, household_id, registry_name, registry_birth_date, kabupaten_code, kecamatan_code, desa_code)
        select ${runId}, r.row_number, r.nik, r.kk_number, r.name, r.birth_date, r.region_code, r.result, r.differences, r.reason,
          r.member_id, r.household_id, r.registry_name, r.registry_birth_date, ${kabupatenCode}, r.kecamatan_code, r.desa_code
        from (${exactMatchSelect(sql`${sql.table(stage)} as e`, kabupatenCode)}) r`.execute(trx);
      await sql`alter table ${part} add primary key (run_id, row_number)`.execute(trx);
      progress({ phase: 'nama', done: 0, total: read });
      await applyNameTolerance(trx, partitionTable(runId), runId);
      progress({ phase: 'menyimpan hasil', done: 0, total: read });
      await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
      await sql`create index on ${part} (result, row_number)`.execute(trx);
      await sql`create index on ${part} (kecamatan_code, row_number)`.execute(trx);
      await sql`alter table match_list_row attach partition ${part} for values in (${sql.lit(runId)})`.execute(trx);
    });
    return await countResults(db, runId);
  } finally {
    await inFlight.catch(() => {});
    await sql.raw(`drop table if exists ${stage}`).execute(db);
  }
}

/**
 * Rows matched on NIK whose names differ beyond case: compare tolerantly, mark the real
 * differences. One pass over the run's table through a cursor (a sequential scan, 20,000 rows
 * at a time in memory); the table is the run's own and not yet visible to anyone else.
 */
async function applyNameTolerance(trx: Kysely<DB>, table: string, runId: number): Promise<void> {
  const cursor = sql.raw(`name_check_${Math.trunc(runId)}`);
  await sql`
    declare ${cursor} no scroll cursor for
    select row_number, name, registry_name from ${sql.table(table)}
    where name is not null and registry_name is not null and lower(btrim(name)) <> lower(btrim(registry_name))`.execute(trx);
  const differ: number[] = [];
  for (;;) {
    const { rows } = await sql<{ row_number: number; name: string; registry_name: string }>`fetch 20000 from ${cursor}`.execute(trx);
    for (const r of rows) if (namesDiffer(r.name, r.registry_name)) differ.push(r.row_number);
    if (rows.length < 20000) break;
  }
  await sql`close ${cursor}`.execute(trx);
  for (let i = 0; i < differ.length; i += 20000) {
    await sql`
      update ${sql.table(table)} set differences = array_prepend('name', differences), result = 'MATCHED_DIFF'
      where row_number = any(${differ.slice(i, i + 20000)}::int[])`.execute(trx);
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

/**
 * Staging tables left by a run the server never finished (it was stopped). Called when no
 * matching job is running, so every staging table found is an orphan.
 */
export async function dropOrphanStages(db: Kysely<DB>): Promise<void> {
  const r = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_name ~ '^match_stage_[0-9]+$'`.execute(db);
  for (const t of r.rows) await sql.raw(`drop table if exists ${t.name}`).execute(db);
}
