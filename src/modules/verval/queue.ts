import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isKeyInteger, isKeyTimestamp } from '../../http/cursor-keys.js';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, assertRegionFilter, regionLevel, scopeWhere } from '../access/scope.js';
import { getPeriod } from '../organisation/periods.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { REVIEWER_ROLES } from './machine.js';
import { differsFromSuggestion } from './outcome.js';
import type { VervalOutcome } from './tables.js';

/**
 * The review queue: SUBMITTED verval records in the regions where the actor may approve
 * (pendamping, operator kecamatan), oldest submission first, without the actor's own
 * submissions (someone else must review those). Keyset paged on (submitted_at, id).
 */

export interface QueueQuery {
  region?: string | undefined;
  outcome?: VervalOutcome | undefined;
  after?: string | undefined;
  /** Start after this record (the reviewer's "next"): its submission time and id, whatever its status now. */
  afterId?: number | undefined;
  pageSize: number;
}

type Cursor = [string, number];
/** A timestamptz as PostgreSQL prints it (microseconds kept, so the keyset is exact). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/;

export type QueueFilter = Pick<QueueQuery, 'region' | 'outcome'>;

/**
 * The queue's records as one SQL condition on `verval v`: the period, SUBMITTED, not the actor's
 * own submissions, in the actor's reviewer regions, and the optional region and outcome filter
 * (a region outside them is refused). Also the selection of a bulk approval.
 */
export async function queueCondition(db: Kysely<DB>, kabupatenCode: string, actor: Actor, periodId: number, q: QueueFilter) {
  await getPeriod(db, kabupatenCode, periodId);
  // A region outside the reviewer's regions answers 404 like every other out-of-scope filter.
  assertRegionFilter(actor, q.region, REVIEWER_ROLES);
  const conditions: ReturnType<typeof sql<SqlBool>>[] = [
    sql<SqlBool>`v.period_id = ${periodId}`,
    sql<SqlBool>`v.status = 'SUBMITTED'`,
    sql<SqlBool>`v.submitted_by is distinct from ${actor.userId}`,
    scopeWhere(actor, 'v', REVIEWER_ROLES),
  ];
  if (q.region) {
    const column = regionLevel(q.region) === 4 ? 'v.desa_code' : regionLevel(q.region) === 3 ? 'v.kecamatan_code' : 'v.kabupaten_code';
    conditions.push(sql<SqlBool>`${sql.ref(column)} = ${q.region}`);
  }
  if (q.outcome) conditions.push(sql<SqlBool>`v.outcome = ${q.outcome}`);
  return sql.join(conditions, sql` and `);
}

export async function reviewQueue(
  { db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  periodId: number,
  q: QueueQuery,
) {
  const filtered = await queueCondition(db, kabupatenCode, actor, periodId, q);
  const keyset = q.after
    ? (() => {
        const [at, id] = decodeCursor<Cursor>(
          q.after,
          (c) => c.length === 2 && typeof c[0] === 'string' && TIMESTAMP.test(c[0]) && isKeyTimestamp(c[0]) && isKeyInteger(c[1], true),
        );
        return sql<SqlBool>` and (v.submitted_at, v.id) > (${at}::timestamptz, ${id}::bigint)`;
      })()
    : q.afterId
      ? sql<SqlBool>` and (v.submitted_at, v.id) > (select x.submitted_at, x.id from verval x where x.id = ${q.afterId} and x.period_id = ${periodId})`
      : sql``;
  const [rows, total] = await Promise.all([
    sql<{
      id: number;
      household_id: number;
      head_name: string;
      desa_code: string;
      desa_name: string | null;
      outcome: VervalOutcome | null;
      suggested_class: string | null;
      submitted_at: Date;
      at_key: string;
      submitted_name: string | null;
      version: number;
      changes: number;
      member_changes: number;
      photos: number;
    }>`
      select v.id, v.household_id, h.head_name, v.desa_code, d.name as desa_name, v.outcome, v.suggested_class,
             v.submitted_at, v.submitted_at::text as at_key, u.full_name as submitted_name, v.version,
             (select count(*) from jsonb_object_keys(v.changes))::int as changes,
             jsonb_array_length(v.member_changes)::int as member_changes,
             jsonb_array_length(v.photos)::int as photos
        from verval v
        join household h on h.id = v.household_id
        left join region d on d.code = v.desa_code
        left join app_user u on u.id = v.submitted_by
       where ${filtered}${keyset}
       order by v.submitted_at, v.id
       limit ${q.pageSize + 1}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from verval v where ${filtered}`.execute(db),
  ]);
  const more = rows.rows.length > q.pageSize;
  const items = more ? rows.rows.slice(0, q.pageSize) : rows.rows;
  const last = items.at(-1);
  return {
    total: Number(total.rows[0]?.n ?? 0),
    nextCursor: more && last ? encodeCursor([last.at_key, Number(last.id)]) : null,
    items: items.map((r) => ({
      id: Number(r.id),
      householdId: Number(r.household_id),
      headName: r.head_name,
      desaCode: r.desa_code,
      desaName: r.desa_name,
      outcome: r.outcome,
      suggestedClass: r.suggested_class,
      differsFromSuggestion: differsFromSuggestion(r.outcome, r.suggested_class),
      submittedAt: new Date(r.submitted_at).toISOString(),
      submittedBy: r.submitted_name,
      version: r.version,
      changes: r.changes,
      memberChanges: r.member_changes,
      photos: r.photos,
    })),
  };
}
