import { type Kysely, type RawBuilder, sql } from 'kysely';
import { lockTransaction } from '../../../db/advisory-locks.js';
import type { Database, DbKind } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';
import { ISSUE_COLUMNS } from './issues.js';
import type { RegistrySource } from './parse.js';
import { type ColumnDef, HOUSEHOLD_COLUMNS, MEMBER_COLUMNS } from './records.js';
import { stageName } from './stage.js';

/*
 * The bulk importer's write path into the household tables, the one writer besides the
 * households module's door (ADR 0003 amendment): whole files set-based, `import_id` as provenance,
 * one history row per changed household. See also direct.ts (the first load).
 */

const raw = sql.raw;

export interface MergeInput {
  source: RegistrySource;
  importId: number;
  edition: string | null;
  userId: number | null;
}

export interface LoadOutcome {
  households: { staged: number; inserted: number; updated: number; unchanged: number };
  members: { staged: number; inserted: number; updated: number; unchanged: number; removed: number };
  /** Households with a history entry from this import. */
  historyRows: number;
}

export const LOAD_STEPS = 11;

const names = (cols: readonly ColumnDef[]) => cols.map(([c]) => c);

/**
 * The value a column takes when a stored row is updated from a staged one. The file's values
 * win, except that a member's attributes keep the keys the file does not carry (conditions
 * recorded in the field, e.g. disabilitas / penyakitKronis).
 */
function updatedValue(c: string, stored: string, staged: string): string {
  return c === 'attributes' ? `(${stored}.attributes || ${staged}.attributes)` : `${staged}.${c}`;
}

/**
 * A jsonb object {column: [before, after]} of the columns that an update from `after` changes:
 * one jsonb_build_object whose unchanged columns are null, stripped (jsonb_strip_nulls). Not a
 * VALUES list aggregated per row: that was a subplan per household and per member, 40 % slower
 * over a release's million members. jsonb columns are added apart, as strip_nulls would also
 * drop the null fields inside their values.
 */
function diffExpr(cols: readonly ColumnDef[], before: string, after: string): string {
  const listed = cols.filter(([, , l]) => l);
  const change = (c: string) => {
    const next = updatedValue(c, before, after);
    return { changed: `${before}.${c} is distinct from ${next}`, pair: `jsonb_build_array(${before}.${c}, ${next})` };
  };
  const plain = listed.filter(([, type]) => type !== 'jsonb').map(([c]) => c);
  const parts: string[] = [];
  // jsonb_build_object takes at most 100 arguments: 50 columns each.
  for (let i = 0; i < plain.length; i += 50) {
    const pairs = plain.slice(i, i + 50).map((c) => {
      const { changed, pair } = change(c);
      return `'${c}', case when ${changed} then ${pair} end`;
    });
    parts.push(`jsonb_strip_nulls(jsonb_build_object(${pairs.join(', ')}))`);
  }
  for (const [c, type] of listed) {
    if (type !== 'jsonb') continue;
    const { changed, pair } = change(c);
    parts.push(`case when ${changed} then jsonb_build_object('${c}', ${pair}) else '{}'::jsonb end`);
  }
  return parts.length ? `(${parts.join(' || ')})` : `'{}'::jsonb`;
}

function affected(r: { numAffectedRows?: bigint }): number {
  return Number(r.numAffectedRows ?? 0n);
}

async function count(trx: Kysely<DB>, query: string): Promise<number> {
  const r = await sql<{ n: number }>`${sql.raw(query)}`.execute(trx);
  return Number(r.rows[0]?.n ?? 0);
}

/** Below this many new rows, indexes are maintained row by row. */
const BULK_MIN_ROWS = 10_000;

/**
 * For a load that at least doubles a table, building its indexes and checking its foreign
 * keys once afterwards is several times faster than maintaining them row by row. Inside the
 * load transaction, drop the table's plain (non-unique) indexes, its foreign keys and its
 * unique constraints that no foreign key relies on (source, source_id: the load's own
 * not-exists checks keep it unique, and re-adding it checks that again), and return a
 * function that recreates them exactly as they were (pg_get_indexdef /
 * pg_get_constraintdef). The primary key stays. All of it commits or rolls back with the load.
 *
 * Dropping a foreign key locks the table it points at ACCESS EXCLUSIVE until the commit. On
 * PostgreSQL (`kind` 'postgres') keys to tables the load does not write would therefore stay,
 * checked row by row, so that requests reading those tables need not wait for the whole load;
 * there are none left: household's region and import, member's import and the findings' import
 * are checked per statement by triggers instead (migrations 0021, 0022). On PGlite the load
 * holds the only session anyway.
 */
export async function suspendIndexes(
  trx: Kysely<DB>,
  table: 'household' | 'member' | 'import_issue',
  kind: DbKind,
): Promise<() => Promise<void>> {
  const keepSharedForeignKeys = kind === 'postgres';
  const indexes = await sql<{ name: string; def: string }>`
    select c.relname as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i join pg_class c on c.oid = i.indexrelid
    where i.indrelid = ${table}::regclass and not i.indisunique and not i.indisprimary
      and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`.execute(trx);
  const constraints = await sql<{ name: string; def: string }>`
    select k.conname as name, pg_get_constraintdef(k.oid) as def
    from pg_constraint k where k.conrelid = ${table}::regclass
      and ((k.contype = 'f' and (${keepSharedForeignKeys} = false or k.confrelid in ('household'::regclass, 'member'::regclass)))
        or (k.contype = 'u'
        and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = k.conindid)))
    order by k.contype = 'f' desc`.execute(trx);
  for (const k of constraints.rows) await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(k.name)}`.execute(trx);
  for (const ix of indexes.rows) await sql`drop index ${sql.ref(ix.name)}`.execute(trx);
  return async () => {
    await sql.raw(`set local maintenance_work_mem = '128MB'`).execute(trx);
    // Unique constraints first (foreign keys were listed first, so re-add in reverse), then the indexes.
    for (const k of [...constraints.rows].reverse())
      await sql`alter table ${sql.table(table)} add constraint ${sql.ref(k.name)} ${sql.raw(k.def)}`.execute(trx);
    for (const ix of indexes.rows) await sql.raw(ix.def).execute(trx);
  };
}

async function bulkWorthIt(trx: Kysely<DB>, table: 'household' | 'member', newRows: number): Promise<boolean> {
  if (newRows < BULK_MIN_ROWS) return false;
  const existing = await count(trx, `select count(*)::int as n from ${table}`);
  return newRows >= existing;
}

/**
 * Merge the staged rows of one import into the registry in ONE transaction, set-based:
 * unchanged rows are not touched; changed households get a history entry ({column:
 * [before, after]}, members under "members") naming this import; members missing from a
 * newer release of their household are removed. `complete` runs last in the same
 * transaction (import record, audit); the staging tables are dropped with the commit.
 * Killed at any point, nothing of it is kept.
 */
export async function mergeStaged(
  database: Database,
  input: MergeInput,
  complete: (trx: Kysely<DB>, outcome: LoadOutcome) => Promise<void>,
  onStep: (step: number) => void = () => {},
): Promise<LoadOutcome> {
  const src = `'${input.source}'`;
  const stH = stageName(input.importId, 'household');
  const stM = stageName(input.importId, 'member');
  const stK = stageName(input.importId, 'kept');
  const stI = stageName(input.importId, 'issue');
  const hCols = names(HOUSEHOLD_COLUMNS);
  const mData = names(MEMBER_COLUMNS).filter((c) => c !== 'household_source_id');
  return database.bulkTransaction(async (trx, _copy) => {
    let step = 0;
    const next = () => onStep(++step);
    await lockTransaction(trx, 'REGISTRY_IMPORT');
    await sql.raw(`set local work_mem = '128MB'`).execute(trx);
    // A family whose id a later row used again (FAMILY_ID_CONFLICT, p3ke.ts) was staged before
    // the repeat was seen: it is withdrawn here, as its members were refused.
    await sql
      .raw(
        `delete from ${stH} h using ${stI} i
         where i.code = 'FAMILY_ID_CONFLICT' and i.row_number = h.row_number and i.value = h.source_id`,
      )
      .execute(trx);
    await sql.raw(`analyze ${stH}; analyze ${stM}; analyze ${stK}`).execute(trx);
    next();

    // Existing households of this source met again in this file; `changed` when the record differs.
    await sql
      .raw(
        `create temp table hh_match on commit drop as
         select s.source_id, h.id, h.row_hash <> s.row_hash as changed
         from ${stH} s join household h on h.source = ${src} and h.source_id = s.source_id`,
      )
      .execute(trx);
    // Statistics for the planner: without them it takes a temp table for a few thousand rows
    // and joins a release's 750,000 changed members to member by an index probe each.
    await sql.raw('analyze hh_match').execute(trx);
    const stagedHouseholds = await count(trx, `select count(*)::int as n from ${stH}`);
    const updatedHouseholds = await count(trx, 'select count(*)::int as n from hh_match where changed');
    const matchedHouseholds = await count(trx, 'select count(*)::int as n from hh_match');
    // Rows an update rewrites go into every index of the table again, as inserts do (a page
    // filled by a load leaves no room for a HOT update). On PGlite, whose load holds the only
    // session, they count towards setting the indexes aside; on PostgreSQL the dropped indexes
    // would lock the table against every reader for the rest of the merge, so only inserts do.
    const rewritten = (updated: number) => (database.kind === 'pglite' ? updated : 0);
    const restoreHouseholdIndexes = (await bulkWorthIt(
      trx,
      'household',
      stagedHouseholds - matchedHouseholds + rewritten(updatedHouseholds),
    ))
      ? await suspendIndexes(trx, 'household', database.kind)
      : null;
    next();

    const insertedHouseholds = affected(
      await sql`
        insert into household (source, ${raw(hCols.join(', '))}, row_hash, member_count, edition, import_id, target_status)
        select ${raw(src)}, ${raw(hCols.map((c) => `s.${c}`).join(', '))}, s.row_hash, coalesce(c.n, 0), ${input.edition}, ${input.importId},
               case when s.desil = 1 then 'MISKIN_EKSTREM' else 'MISKIN' end
        from ${raw(stH)} s
        left join (select household_source_id, count(*)::int as n from ${raw(stM)} group by household_source_id) c
          on c.household_source_id = s.source_id
        where not exists (select 1 from hh_match x where x.source_id = s.source_id)`.execute(trx),
    );
    next();

    // Members of this source that exist and differ (including a move to another household).
    await sql
      .raw(
        `create temp table mem_upd on commit drop as
         select s.row_number, m.id as member_id, m.household_id as old_household_id, hh.id as household_id
         from ${stM} s
         join member m on m.source = ${src} and m.source_id = s.source_id
         join household hh on hh.source = ${src} and hh.source_id = s.household_source_id
         where m.row_hash <> s.row_hash`,
      )
      .execute(trx);
    // Members of households met again that are no longer in the release (rows rejected now are kept).
    await sql
      .raw(
        `create temp table mem_del on commit drop as
         select m.id as member_id, m.household_id
         from member m join hh_match x on x.id = m.household_id
         where m.source = ${src}
           and not exists (select 1 from ${stM} s where s.source_id = m.source_id)
           and not exists (select 1 from ${stK} k where k.source_id = m.source_id)`,
      )
      .execute(trx);
    await sql.raw('analyze mem_upd; analyze mem_del').execute(trx);
    const stagedMembers = await count(trx, `select count(*)::int as n from ${stM}`);
    const updatedMembers = await count(trx, 'select count(*)::int as n from mem_upd');
    const removedMembers = await count(trx, 'select count(*)::int as n from mem_del');
    next();

    // History, written before anything changes so "before" is what was there.
    const memberEntries = `
      select x.id as household_id, 'added' as kind, jsonb_build_object('sourceId', s.source_id, 'name', s.name) as entry
        from ${stM} s join hh_match x on x.source_id = s.household_source_id
        where not exists (select 1 from member m where m.source = ${src} and m.source_id = s.source_id)
      union all
      select u.household_id, 'added', jsonb_build_object('sourceId', s.source_id, 'name', s.name, 'movedFrom', oh.source_id)
        from mem_upd u join ${stM} s on s.row_number = u.row_number join household oh on oh.id = u.old_household_id
        where u.old_household_id <> u.household_id
      union all
      select u.old_household_id, 'removed', jsonb_build_object('sourceId', m.source_id, 'name', m.name, 'movedTo', s.household_source_id)
        from mem_upd u join ${stM} s on s.row_number = u.row_number join member m on m.id = u.member_id
        where u.old_household_id <> u.household_id
      union all
      select d.household_id, 'removed', jsonb_build_object('sourceId', m.source_id, 'name', m.name)
        from mem_del d join member m on m.id = d.member_id
      union all
      select u.household_id, 'changed', jsonb_build_object('sourceId', s.source_id, 'name', s.name, 'fields', ${diffExpr(MEMBER_COLUMNS, 'm', 's')})
        from mem_upd u join ${stM} s on s.row_number = u.row_number join member m on m.id = u.member_id
        where u.old_household_id = u.household_id`;
    const memberGroup = (kind: string) =>
      `case when count(*) filter (where kind = '${kind}') > 0 then jsonb_build_object('${kind}', jsonb_agg(entry) filter (where kind = '${kind}')) else '{}'::jsonb end`;
    const historyRows = affected(
      await sql`
        insert into household_history (household_id, import_id, changed_by, changes)
        select coalesce(d.household_id, mm.household_id), ${input.importId}, ${input.userId},
               coalesce(d.changes, '{}'::jsonb)
               || case when mm.household_id is null then '{}'::jsonb else jsonb_build_object('members', mm.members) end
        from (
          select h.id as household_id, ${raw(diffExpr(HOUSEHOLD_COLUMNS, 'h', 's'))} as changes
          from hh_match x join household h on h.id = x.id join ${raw(stH)} s on s.source_id = x.source_id
          where x.changed
        ) d
        full join (
          select e.household_id, ${raw(memberGroup('added'))} || ${raw(memberGroup('removed'))} || ${raw(memberGroup('changed'))} as members
          from (${raw(memberEntries)}) e
          -- Households created by this import have no history of it. A join on the key, not a
          -- NOT EXISTS on import_id: just after a bulk insert the planner's statistics still
          -- say no household has this import_id, and it chose a nested loop over every new
          -- household for every entry (a 3,000-household pilot, then a 30,000 release: 17 s
          -- of its 23 s, 0.7 s now).
          join household h on h.id = e.household_id
          where h.import_id is distinct from ${input.importId}
          group by e.household_id
        ) mm on mm.household_id = d.household_id`.execute(trx),
    );
    next();

    const newMembers = await count(
      trx,
      `select count(*)::int as n from ${stM} s where not exists (select 1 from hh_match x where x.source_id = s.household_source_id)`,
    );
    const restoreMemberIndexes = (await bulkWorthIt(trx, 'member', newMembers + rewritten(updatedMembers)))
      ? await suspendIndexes(trx, 'member', database.kind)
      : null;
    await sql.raw('delete from member where id in (select member_id from mem_del)').execute(trx);
    await sql`
      update member m set household_id = u.household_id,
        ${raw(mData.map((c) => `${c} = ${updatedValue(c, 'm', 's')}`).join(', '))},
        row_hash = s.row_hash, import_id = ${input.importId}, updated_at = now()
      from mem_upd u join ${raw(stM)} s on s.row_number = u.row_number
      where m.id = u.member_id`.execute(trx);
    next();

    const insertedMembers = affected(
      await sql`
        insert into member (household_id, source, ${raw(mData.join(', '))}, row_hash, import_id)
        select hh.id, ${raw(src)}, ${raw(mData.map((c) => `s.${c}`).join(', '))}, s.row_hash, ${input.importId}
        from ${raw(stM)} s
        join household hh on hh.source = ${raw(src)} and hh.source_id = s.household_source_id
        where not exists (select 1 from member m where m.source = ${raw(src)} and m.source_id = s.source_id)`.execute(trx),
    );
    next();
    await restoreMemberIndexes?.();
    next();

    // Changed households take the new values; households whose members changed get a new
    // version. Both recount their members; nothing else is touched. The counts are one grouped
    // scan joined by key, not a count per household: member's indexes may have just been rebuilt
    // in this transaction after updates of its rows, and an index built so can be unusable until
    // the commit (pg_index.indcheckxmin); a per-household count would then read the whole member
    // table for every household.
    const recounted = (households: RawBuilder<unknown>) => sql`
      select m.household_id, count(*)::int as n from member m
      where m.household_id in (${households}) group by m.household_id`;
    await sql`
      update household h set ${raw(
        hCols
          .filter((c) => c !== 'source_id')
          .map((c) => `${c} = s.${c}`)
          .join(', '),
      )},
        row_hash = s.row_hash, edition = ${input.edition}, import_id = ${input.importId},
        version = h.version + 1, updated_at = now(), member_count = coalesce(c.n, 0)
      from hh_match x join ${raw(stH)} s on s.source_id = x.source_id
        left join (${recounted(sql`select id from hh_match where changed`)}) c on c.household_id = x.id
      where h.id = x.id and x.changed`.execute(trx);
    await sql`
      with t as (
        select distinct household_id as id from household_history e where e.import_id = ${input.importId}
          and not exists (select 1 from hh_match x where x.id = e.household_id and x.changed))
      update household h set import_id = ${input.importId}, version = h.version + 1, updated_at = now(),
        member_count = coalesce(c.n, 0)
      from t left join (${recounted(sql`select id from t`)}) c on c.household_id = t.id
      where h.id = t.id`.execute(trx);
    // Members this file does not carry (entered by hand, or rejected now) follow a household that moved desa.
    await sql
      .raw(
        `update member m set kabupaten_code = h.kabupaten_code, kecamatan_code = h.kecamatan_code, desa_code = h.desa_code, updated_at = now()
         from hh_match x join household h on h.id = x.id
         where x.changed and m.household_id = h.id and m.desa_code <> h.desa_code`,
      )
      .execute(trx);
    // After the updates, which would otherwise have maintained them row by row. Planner
    // statistics are refreshed after the commit (refreshRegistryStatistics).
    await restoreHouseholdIndexes?.();
    next();

    await sql.raw(`insert into import_issue (${ISSUE_COLUMNS.join(', ')}) select ${ISSUE_COLUMNS.join(', ')} from ${stI}`).execute(trx);
    next();

    const outcome: LoadOutcome = {
      households: {
        staged: stagedHouseholds,
        inserted: insertedHouseholds,
        updated: updatedHouseholds,
        unchanged: stagedHouseholds - insertedHouseholds - updatedHouseholds,
      },
      members: {
        staged: stagedMembers,
        inserted: insertedMembers,
        updated: updatedMembers,
        unchanged: stagedMembers - insertedMembers - updatedMembers,
        removed: removedMembers,
      },
      historyRows,
    };
    await complete(trx, outcome);
    await sql.raw(`drop table ${stH}, ${stM}, ${stK}, ${stI}`).execute(trx);
    next();
    return outcome;
  });
}
