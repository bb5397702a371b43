import { type Kysely, sql } from 'kysely';
import { lockTransaction } from '../../../db/advisory-locks.js';
import type { Database } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';
import { conflict } from '../../../http/errors.js';
import type { ChunkSink, FileDoneSink, StageTable } from './emit.js';
import { ISSUE_COLUMNS } from './issues.js';
import { type LoadOutcome, type MergeInput, suspendIndexes } from './load.js';
import type { ParseResult } from './parse.js';
import { DIRECT_HOUSEHOLD_COLUMNS, DIRECT_MEMBER_COLUMNS } from './records.js';

/**
 * The first load of a source (docs/adr/0007-direct-first-load.md): when the registry holds no
 * household and no member of P3KE yet, the reader's validated rows are copied straight into
 * household, member and import_issue inside ONE transaction that spans the whole import,
 * instead of into staging tables that a merge then inserts from. There is nothing to match,
 * update or remove on a first load, so the staging write and the two INSERT … SELECTs are pure
 * cost (7–12 s of a 1.3M-row import). The household indexes are rebuilt while the member file
 * is still being read; the member indexes once it is read. Killed at any point, nothing of it
 * is kept, as with the staged merge.
 */

/** Load steps after the reading (for the progress bar). */
export const DIRECT_STEPS = 3;

/** True when the registry holds no household and no member of this source. */
export async function isFirstLoad(db: Kysely<DB>, source: string): Promise<boolean> {
  const r = await sql<{ first: boolean }>`
    select not exists (select 1 from household where source = ${source})
       and not exists (select 1 from member where source = ${source}) as first`.execute(db);
  return r.rows[0]?.first === true;
}

/** A rough row count of a file from its size, to decide whether rebuilding a table's indexes pays. */
const BYTES_PER_ROW = { household: 400, member: 300 };

async function rowCount(trx: Kysely<DB>, table: 'household' | 'member' | 'import_issue'): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx);
  return Number(r.rows[0]?.n ?? 0);
}

async function shouldSuspend(trx: Kysely<DB>, table: 'household' | 'member', fileBytes: number): Promise<boolean> {
  return (await rowCount(trx, table)) <= fileBytes / BYTES_PER_ROW[table];
}

/**
 * The findings (import_issue) are maintained row by row with their three indexes and foreign
 * key unless the table is small next to the files: then rebuilding them once is cheaper even if
 * this import finds little. Only on PGlite, whose one database thread is the load's bottleneck:
 * on PostgreSQL the dropped indexes would make every earlier import's error report wait for
 * this load.
 */
async function shouldSuspendIssues(trx: Kysely<DB>, database: Database, input: DirectInput): Promise<boolean> {
  if (database.kind !== 'pglite') return false;
  const fileRows = input.familyBytes / BYTES_PER_ROW.household + input.memberBytes / BYTES_PER_ROW.member;
  return (await rowCount(trx, 'import_issue')) <= fileRows / 10;
}

/**
 * When household and member hold no row at all (of any source) and neither does any table that
 * references them, truncate them all and say so: rows copied into a table truncated in the same
 * transaction can be written frozen (COPY … FREEZE), so VACUUM has nothing left to do on them
 * and no reader rewrites their pages to set hint bits; and at wal_level=minimal (the embedded
 * database's) they are written without WAL. Nothing is lost: every table truncated was empty.
 * The truncation locks those tables until the commit; household and member are locked that
 * long anyway by their suspended indexes (an empty registry always has them suspended), and
 * the others are empty. Measured on PostgreSQL 15 with the benchmark's pair: 14.1–14.2 s
 * instead of 14.9 s, 0.5–1.0 s less of the server's CPU.
 */
async function truncateEmptyRegistry(trx: Kysely<DB>): Promise<boolean> {
  const reached = await sql<{ name: string }>`
    with recursive t(rel) as (
      select 'household'::regclass union select 'member'::regclass
      union select k.conrelid::regclass from pg_constraint k join t on k.confrelid = t.rel where k.contype = 'f')
    select c.relname as name from t join pg_class c on c.oid = t.rel`.execute(trx);
  const tables = reached.rows.map((r) => r.name);
  for (const table of tables) {
    const r = await sql<{ filled: boolean }>`select exists (select 1 from ${sql.table(table)}) as filled`.execute(trx);
    if (r.rows[0]?.filled) return false;
  }
  await sql`truncate ${sql.join(tables.map((t) => sql.table(t)))}`.execute(trx);
  return true;
}

const TARGET: Record<Exclude<StageTable, 'kept'>, { table: string; columns: string[] }> = {
  household: { table: 'household', columns: DIRECT_HOUSEHOLD_COLUMNS },
  member: { table: 'member', columns: DIRECT_MEMBER_COLUMNS },
  issue: { table: 'import_issue', columns: ISSUE_COLUMNS },
};

export interface DirectInput extends MergeInput {
  familyBytes: number;
  memberBytes: number;
}

/**
 * Run `read` (the file reader, given the first household id) inside one transaction whose
 * chunks go straight into the registry; `complete` runs last in it (import record, audit).
 */
export async function loadDirect(
  database: Database,
  input: DirectInput,
  read: (householdIdBase: number, chunk: ChunkSink, fileDone: FileDoneSink) => Promise<ParseResult>,
  complete: (trx: Kysely<DB>, outcome: LoadOutcome, parsed: ParseResult) => Promise<void>,
  onStep: (step: number) => void = () => {},
): Promise<{ parsed: ParseResult; outcome: LoadOutcome }> {
  return database.bulkTransaction(async (trx, copy) => {
    await lockTransaction(trx, 'REGISTRY_IMPORT');
    // Household ids are handed out by the reader from one reserved range: no other writer may
    // take ids from the sequence until this commits. Writes to households wait from here on;
    // reads of household and member wait too once their indexes are suspended below (DROP INDEX
    // locks the table), while the region tree and the import list stay readable (suspendIndexes).
    await sql.raw('lock table household in share row exclusive mode').execute(trx);
    if (!(await isFirstLoad(trx, input.source))) {
      throw conflict(
        'IMPORT_RUNNING',
        'Data registri berubah saat impor dimulai; ulangi impor',
        'The registry changed as the import started; run the import again',
      );
    }
    await sql.raw(`set local work_mem = '128MB'`).execute(trx);
    const freeze = await truncateEmptyRegistry(trx);
    const restoreHouseholds = (await shouldSuspend(trx, 'household', input.familyBytes))
      ? await suspendIndexes(trx, 'household', database.kind)
      : null;
    const restoreMembers = (await shouldSuspend(trx, 'member', input.memberBytes))
      ? await suspendIndexes(trx, 'member', database.kind)
      : null;
    const restoreIssues = (await shouldSuspendIssues(trx, database, input))
      ? await suspendIndexes(trx, 'import_issue', database.kind)
      : null;
    const seq = await sql<{ base: number }>`select nextval(pg_get_serial_sequence('household', 'id'))::bigint as base`.execute(trx);
    const base = Number(seq.rows[0]?.base);

    const chunk: ChunkSink = async (table, csv) => {
      if (table === 'kept') return;
      const target = TARGET[table];
      await copy(target.table, target.columns, csv, { freeze: freeze && table !== 'issue' });
    };
    const parsed = await read(base, chunk, async (role) => {
      // Every household is in: build their indexes while the reader goes on with the members.
      if (role === 'keluarga') await restoreHouseholds?.();
    });
    const households = parsed.stored.keluarga ?? 0;
    const members = parsed.stored.anggota ?? 0;
    // Ids were handed out to every household written, the withdrawn ones included.
    const withdrawn = parsed.withdrawnHouseholds ?? [];
    const written = households + withdrawn.length;
    if (written > 0) await sql`select setval(pg_get_serial_sequence('household', 'id'), ${base + written - 1})`.execute(trx);
    // Two rows with one family id (FAMILY_ID_CONFLICT): neither family is kept; their members were refused.
    if (withdrawn.length > 0) await sql`delete from household where id = any(${withdrawn}::bigint[])`.execute(trx);
    onStep(1);
    await restoreMembers?.();
    await restoreIssues?.();
    onStep(2);
    const fixes = parsed.memberCountFixes;
    if (fixes && fixes.ids.length > 0) {
      await sql`
        update household h set member_count = f.n
        from unnest(${fixes.ids}::bigint[], ${fixes.counts}::int[]) as f(id, n)
        where h.id = f.id`.execute(trx);
    }
    const outcome: LoadOutcome = {
      households: { staged: households, inserted: households, updated: 0, unchanged: 0 },
      members: { staged: members, inserted: members, updated: 0, unchanged: 0, removed: 0 },
      historyRows: 0,
    };
    await complete(trx, outcome, parsed);
    onStep(3);
    return { parsed, outcome };
  });
}
