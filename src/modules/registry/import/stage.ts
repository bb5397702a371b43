import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';
import type { StageTable } from './emit.js';
import { ISSUE_COLUMNS } from './issues.js';
import { type ColumnDef, HOUSEHOLD_COLUMNS, MEMBER_COLUMNS } from './records.js';

/**
 * An import reads its files into unlogged scratch tables of its own in the import_stage
 * schema, chunk by chunk, so neither the files nor the validated rows are ever held in
 * memory whole, and the server stays responsive between chunks. Only the final merge
 * (one transaction) touches the registry; the scratch tables are dropped with it.
 */
export const STAGE_SCHEMA = 'import_stage';

export function stageName(importId: number, table: StageTable): string {
  return `${STAGE_SCHEMA}.i${Math.trunc(importId)}_${table}`;
}

const withRow = (cols: readonly ColumnDef[]) => ['row_number', ...cols.map(([c]) => c), 'row_hash'];

export const STAGE_COLUMNS: Record<StageTable, string[]> = {
  household: withRow(HOUSEHOLD_COLUMNS),
  member: withRow(MEMBER_COLUMNS),
  kept: ['source_id'],
  issue: ISSUE_COLUMNS,
};

const rowDdl = (cols: readonly ColumnDef[]) => `row_number integer, ${cols.map(([c, t]) => `${c} ${t}`).join(', ')}, row_hash text`;

const STAGE_DDL: Record<StageTable, string> = {
  household: rowDdl(HOUSEHOLD_COLUMNS),
  member: rowDdl(MEMBER_COLUMNS),
  kept: 'source_id text',
  issue: 'import_id bigint, file text, row_number integer, column_name text, value text, severity text, code text, message text',
};

export async function createStage(db: Kysely<DB>, importId: number): Promise<void> {
  const ddl = (Object.keys(STAGE_DDL) as StageTable[]).map((t) => `create unlogged table ${stageName(importId, t)} (${STAGE_DDL[t]})`);
  await sql.raw(ddl.join(';\n')).execute(db);
}

/** COPY one chunk of CSV lines into a scratch table (its own short transaction). */
export async function copyToStage(database: Database, importId: number, table: StageTable, csv: Uint8Array): Promise<void> {
  await database.bulkTransaction((_trx, copy) => copy(stageName(importId, table), STAGE_COLUMNS[table], csv));
}

export async function dropStage(db: Kysely<DB>, importId: number): Promise<void> {
  const names = (Object.keys(STAGE_DDL) as StageTable[]).map((t) => stageName(importId, t));
  await sql.raw(`drop table if exists ${names.join(', ')}`).execute(db);
}

/** Drop scratch tables left by imports that were interrupted (their job is no longer running). */
export async function dropOrphanStages(db: Kysely<DB>): Promise<void> {
  const r = await sql<{ name: string }>`
    select t.table_name as name from information_schema.tables t
    where t.table_schema = ${STAGE_SCHEMA}
      and not exists (
        select 1 from import_batch b join job j on j.id = b.job_id
        where j.status = 'RUNNING' and t.table_name like 'i' || b.id || '\\_%')`.execute(db);
  if (r.rows.length === 0) return;
  await sql.raw(`drop table if exists ${r.rows.map((t) => `${STAGE_SCHEMA}."${t.name.replace(/"/g, '""')}"`).join(', ')}`).execute(db);
}
