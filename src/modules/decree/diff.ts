import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/scope.js';
import { type TargetDecision, targetDecisions } from '../musdes/queries.js';
import { type DecreeRow, type RowFilter, type RowKeys, type RowSource, selectRows } from './rows.js';
import type { DecreeView } from './service.js';

/**
 * The difference between a decree and the previous one, set-based over the two snapshots:
 * ADDED = in this decree and not in the previous, REMOVED = the other way round. Each entry
 * carries why: the finalised musdes that last decided on the household (number, date,
 * decision, reason) and what the registry shows (a new household, a target status that
 * changed, a household ended as deceased or duplicate, or one no longer in the data).
 */

export const DIFF_CHANGES = ['ADDED', 'REMOVED'] as const;
export type DiffChange = (typeof DIFF_CHANGES)[number];

export const REASON_CODES = [
  'NEW_HOUSEHOLD',
  'BECAME_TARGET',
  'NO_LONGER_TARGET',
  'ENDED_MENINGGAL',
  'ENDED_GANDA',
  'NOT_IN_REGISTRY',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const REASON_LABELS: Record<ReasonCode, { id: string; en: string }> = {
  NEW_HOUSEHOLD: { id: 'Keluarga baru dalam data', en: 'New household in the registry' },
  BECAME_TARGET: { id: 'Status menjadi miskin ekstrem', en: 'Target status became extreme poor' },
  NO_LONGER_TARGET: { id: 'Status tidak lagi miskin ekstrem', en: 'No longer extreme poor' },
  ENDED_MENINGGAL: { id: 'Meninggal (keputusan musdes)', en: 'Deceased (musdes decision)' },
  ENDED_GANDA: { id: 'Data ganda (keputusan musdes)', en: 'Duplicate (musdes decision)' },
  NOT_IN_REGISTRY: { id: 'Tidak ada lagi dalam data keluarga', en: 'No longer in the household registry' },
};

export interface DiffEntry extends DecreeRow {
  change: DiffChange;
  reasonCode: ReasonCode;
  /** The household's target status in the registry now (null when it is gone). */
  currentStatus: string | null;
  /** The finalised musdes that last decided on the household, if any. */
  musdes: TargetDecision | null;
}

/** The two snapshots a change compares: rows come from `from`, absent in `other`. */
function sides(decree: DecreeView, change: DiffChange): { from: number; other: number } | null {
  const prev = decree.previous?.id;
  // The first decree has nothing to differ from.
  if (prev === undefined) return null;
  return change === 'ADDED' ? { from: decree.id, other: prev } : { from: prev, other: decree.id };
}

/** Reasons for a batch of diff rows: one query over the registry for the whole batch. */
async function withReasons(db: Kysely<DB>, previousAt: Date | null, change: DiffChange, rows: DecreeRow[]): Promise<DiffEntry[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.householdId);
  const [now, decisions] = await Promise.all([
    db.selectFrom('household').select(['id', 'target_status', 'ended_reason', 'created_at']).where('id', 'in', ids).execute(),
    targetDecisions(db, ids),
  ]);
  const byId = new Map(now.map((h) => [Number(h.id), h]));
  return rows.map((r) => {
    const h = byId.get(r.householdId);
    let reasonCode: ReasonCode;
    if (change === 'REMOVED')
      reasonCode = !h ? 'NOT_IN_REGISTRY' : h.ended_reason ? `ENDED_${h.ended_reason as 'MENINGGAL' | 'GANDA'}` : 'NO_LONGER_TARGET';
    else reasonCode = h && previousAt && h.created_at > previousAt ? 'NEW_HOUSEHOLD' : 'BECAME_TARGET';
    return { ...r, change, reasonCode, currentStatus: h?.target_status ?? null, musdes: decisions.get(r.householdId) ?? null };
  });
}

async function previousFinalisedAt(db: Kysely<DB>, decree: DecreeView): Promise<Date | null> {
  if (!decree.previous) return null;
  const p = await db.selectFrom('decree').select('finalised_at').where('id', '=', decree.previous.id).executeTakeFirst();
  return p?.finalised_at ?? null;
}

/** One page (keyset) of a change, in lampiran order, with reasons. */
export async function diffPage(
  db: Kysely<DB>,
  actor: Actor,
  decree: DecreeView,
  change: DiffChange,
  f: RowFilter,
  keys: RowKeys | undefined,
  limit: number,
  previousAt?: Date | null,
): Promise<{ items: DiffEntry[]; last: RowKeys | undefined }> {
  const s = sides(decree, change);
  if (!s) return { items: [], last: undefined };
  const src: RowSource = { kind: 'decree', decreeId: s.from };
  const where = sql<SqlBool>`not exists (select 1 from decree_household o where o.decree_id = ${s.other} and o.household_id = t.household_id)`;
  const { rows, last } = await selectRows(db, actor, src, { ...f, where }, keys, limit);
  const at = previousAt === undefined ? await previousFinalisedAt(db, decree) : previousAt;
  return { items: await withReasons(db, at, change, rows), last };
}

/** Every change (ADDED, then REMOVED) in keyset batches, for the diff export. */
export async function* iterateDiff(db: Kysely<DB>, actor: Actor, decree: DecreeView, batchSize = 2000): AsyncGenerator<DiffEntry> {
  const at = await previousFinalisedAt(db, decree);
  for (const change of DIFF_CHANGES) {
    let keys: RowKeys | undefined;
    for (;;) {
      const { items, last } = await diffPage(db, actor, decree, change, {}, keys, batchSize, at);
      yield* items;
      if (items.length < batchSize || !last) break;
      keys = last;
    }
  }
}
