import { createHash } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, notFound } from '../../http/errors.js';
import type { Role } from '../access/roles.js';
import { type Actor, assertRegionInScope, isDesaOf, scopeColumns } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { applyMemberOps, type MemberOp, type NewMember, plain, recountMembers, same } from './members.js';
import type { HouseholdTable } from './tables.js';

/**
 * The one write door of the household tables (ADR 0003, 0013). Every change of a household or
 * its members made by a person — a verval approval, a musdes finalisation, a field condition, a
 * resolved member duplicate, a proposed new household — goes through here: the row is locked,
 * the actor's scope checked (404 outside it), the version raised, a household_history row and an
 * audit entry written, all in one transaction (the caller's when it passes one). History keys are
 * the column names, as the importer writes them, so that the monitoring baseline can read a
 * household's earlier desa and status back from them. The bulk importer is the only other writer.
 */

export type HouseholdRow = Selectable<HouseholdTable>;

/** Household columns a person may correct (the verval's editable fields). */
export const HOUSEHOLD_FIELDS = [
  'head_name',
  'head_nik',
  'kk_number',
  'head_sex',
  'head_birth_date',
  'head_occupation',
  'head_education',
  'address',
  'house_ownership',
  'roof_type',
  'wall_type',
  'floor_type',
  'lighting',
  'cooking_fuel',
  'drinking_water',
  'toilet',
  'has_savings',
] as const;
export type HouseholdField = (typeof HOUSEHOLD_FIELDS)[number];
export type TargetStatus = 'MISKIN' | 'MISKIN_EKSTREM';

export interface DoorMeta {
  /** The audit action, e.g. `household.verval_apply`. */
  action: string;
  /** Roles that may make this change in the household's desa; any role of the actor when absent. */
  roles?: readonly Role[] | undefined;
  /** Where the change comes from, kept in the history row and the audit entry: `{ vervalId }`, `{ musdes }`… */
  source?: Record<string, unknown> | undefined;
  /** The audit entry's subject when it is not the household itself (a member's conditions). */
  auditAs?: { entity: string; entityId: number; before?: unknown; after?: unknown } | undefined;
}

export interface ChangeResult {
  householdId: number;
  version: number;
  changed: boolean;
  history: Record<string, unknown>;
}

/** Run `work` in the caller's transaction, or in a new one. */
export function inTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** The household locked for update; 404 when unknown or outside the actor's scope for `roles`. */
export async function lockHousehold(trx: Kysely<DB>, actor: Actor, id: number, roles?: readonly Role[]): Promise<HouseholdRow> {
  const h = await trx.selectFrom('household').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!h) throw notFound('Keluarga');
  assertRegionInScope(actor, h.desa_code, roles);
  return h;
}

/** Write the history row and the audit entry of one changed household, and raise its version. */
async function commit(
  trx: Kysely<DB>,
  actor: Actor,
  h: HouseholdRow,
  set: Record<string, unknown>,
  history: Record<string, unknown>,
  meta: DoorMeta,
): Promise<number> {
  const version = h.version + 1;
  await trx
    .updateTable('household')
    .set({ ...set, version, updated_at: new Date() })
    .where('id', '=', h.id)
    .execute();
  const changes = { ...history, ...meta.source };
  await trx
    .insertInto('household_history')
    .values({ household_id: h.id, changed_by: actor.userId, changes: JSON.stringify(changes) })
    .execute();
  await recordAudit(trx, actor, {
    action: meta.action,
    entity: 'household',
    entityId: h.id,
    regionCode: h.desa_code,
    before: Object.fromEntries(Object.entries(history).map(([k, x]) => [k, Array.isArray(x) ? x[0] : null])),
    after: changes,
    ...meta.auditAs,
  });
  return version;
}

export interface HouseholdChange {
  fields?: Partial<Record<HouseholdField, string | boolean | null>> | undefined;
  /** Indicator values merged into `indicators`. */
  indicators?: Record<string, unknown> | undefined;
  members?: readonly MemberOp[] | undefined;
}

/**
 * Change a household's fields, indicators and members at once. Values equal to the stored ones
 * are not changes; when nothing changes nothing is written and the version stays.
 */
export async function changeHousehold(
  db: Kysely<DB>,
  actor: Actor,
  householdId: number,
  change: HouseholdChange,
  meta: DoorMeta,
): Promise<ChangeResult> {
  return inTransaction(db, async (trx) => {
    const h = await lockHousehold(trx, actor, householdId, meta.roles);
    const set: Record<string, unknown> = {};
    const history: Record<string, unknown> = {};
    for (const [column, after] of Object.entries(change.fields ?? {})) {
      if (!(HOUSEHOLD_FIELDS as readonly string[]).includes(column)) throw new Error(`not a household field: ${column}`);
      const before = h[column as HouseholdField];
      if (same(before, after)) continue;
      set[column] = after;
      history[column] = [plain(before), plain(after)];
    }
    const stored = (h.indicators ?? {}) as Record<string, unknown>;
    const indicators = { ...stored };
    for (const [key, after] of Object.entries(change.indicators ?? {})) {
      if (same(stored[key], after)) continue;
      indicators[key] = after;
      history[`indicators.${key}`] = [plain(stored[key]), plain(after)];
    }
    if (Object.keys(history).some((k) => k.startsWith('indicators.'))) set.indicators = JSON.stringify(indicators);
    const members = await applyMemberOps(trx, h, change.members ?? []);
    Object.assign(history, members.history);
    if (Object.keys(history).length === 0) return { householdId: h.id, version: h.version, changed: false, history };
    if (members.counted) set.member_count = await recountMembers(trx, h.id);
    const version = await commit(trx, actor, h, set, history, meta);
    return { householdId: h.id, version, changed: true, history };
  });
}

/** Add, update or end members of a household. */
export function changeMembers(db: Kysely<DB>, actor: Actor, householdId: number, ops: readonly MemberOp[], meta: DoorMeta) {
  return changeHousehold(db, actor, householdId, { members: ops }, meta);
}

/**
 * Move a household and its members to another desa of the kabupaten: the decision of the origin
 * desa's finalised musdes (ADR 0013). Scope is checked on the origin; the destination must be a
 * desa of the region table.
 */
export async function moveHousehold(
  db: Kysely<DB>,
  actor: Actor,
  householdId: number,
  destinationDesaCode: string,
  meta: DoorMeta,
): Promise<ChangeResult> {
  return inTransaction(db, async (trx) => {
    const h = await lockHousehold(trx, actor, householdId, meta.roles);
    if (h.desa_code === destinationDesaCode) return { householdId: h.id, version: h.version, changed: false, history: {} };
    const desa = await trx
      .selectFrom('region')
      .select('code')
      .where('code', '=', destinationDesaCode)
      .where('level', '=', 4)
      .executeTakeFirst();
    if (!desa || !isDesaOf(destinationDesaCode, h.kabupaten_code)) {
      throw badRequest('DESTINATION_UNKNOWN', 'Desa tujuan tidak dikenal', 'Unknown destination desa', { destinationDesaCode });
    }
    const to = scopeColumns(destinationDesaCode);
    await trx
      .updateTable('member')
      .set({ ...to, updated_at: new Date() })
      .where('household_id', '=', h.id)
      .execute();
    const history: Record<string, unknown> = { desa_code: [h.desa_code, to.desa_code] };
    if (h.kecamatan_code !== to.kecamatan_code) history.kecamatan_code = [h.kecamatan_code, to.kecamatan_code];
    const version = await commit(trx, actor, h, to, history, meta);
    return { householdId: h.id, version, changed: true, history };
  });
}

export interface TargetChange {
  householdId: number;
  targetStatus?: TargetStatus | undefined;
  /** Ends the household (deceased, duplicate): it leaves the registry's counts. */
  ended?: string | undefined;
  /** Per-household provenance added to its history row. */
  note?: Record<string, unknown> | undefined;
}

/**
 * Change the target status (and end) of many households at once, set-based: a musdes decides on a
 * whole desa. Every household is locked and must be in the actor's scope, or nothing changes.
 * One history row per changed household; one audit entry lists them all.
 */
export async function changeTargetStatus(
  db: Kysely<DB>,
  actor: Actor,
  items: readonly TargetChange[],
  meta: DoorMeta & { regionCode: string },
): Promise<Array<TargetChange & { before: string }>> {
  if (items.length === 0) return [];
  return inTransaction(db, async (trx) => {
    const ids = items.map((i) => i.householdId);
    const rows = await trx
      .selectFrom('household')
      .select(['id', 'desa_code', 'target_status', 'ended_reason'])
      .where('id', 'in', ids)
      .orderBy('id')
      .forUpdate()
      .execute();
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const applied: Array<TargetChange & { before: string }> = [];
    for (const it of items) {
      const r = byId.get(it.householdId);
      if (!r) throw notFound('Keluarga');
      assertRegionInScope(actor, r.desa_code, meta.roles);
      const targetStatus = it.targetStatus && it.targetStatus !== r.target_status ? it.targetStatus : undefined;
      const ended = it.ended && r.ended_reason === null ? it.ended : undefined;
      if (targetStatus || ended) applied.push({ householdId: it.householdId, targetStatus, ended, note: it.note, before: r.target_status });
    }
    const groups = new Map<string, number[]>();
    for (const t of applied) {
      const key = `${t.targetStatus ?? ''}|${t.ended ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), t.householdId]);
    }
    for (const [key, group] of groups) {
      const [status, ended] = key.split('|');
      await trx
        .updateTable('household')
        .set({
          ...(status ? { target_status: status } : {}),
          ...(ended ? { ended_reason: ended, ended_at: sql`now()` } : {}),
          version: sql`version + 1`,
          updated_at: sql`now()`,
        })
        .where('id', 'in', group)
        .execute();
    }
    const historyOf = (t: TargetChange & { before: string }) => ({
      ...(t.targetStatus ? { target_status: [t.before, t.targetStatus] } : {}),
      ...(t.ended ? { ended_reason: [null, t.ended] } : {}),
    });
    for (let i = 0; i < applied.length; i += 1000) {
      await trx
        .insertInto('household_history')
        .values(
          applied.slice(i, i + 1000).map((t) => ({
            household_id: t.householdId,
            changed_by: actor.userId,
            changes: JSON.stringify({ ...historyOf(t), ...meta.source, ...t.note }),
          })),
        )
        .execute();
    }
    if (applied.length) {
      await recordAudit(trx, actor, {
        action: meta.action,
        entity: 'household',
        regionCode: meta.regionCode,
        after: { ...meta.source, households: applied.map((t) => ({ householdId: t.householdId, ...historyOf(t) })) },
      });
    }
    return applied;
  });
}

export interface ProposedHousehold {
  desaCode: string;
  kkNumber: string | null;
  headName: string;
  headNik: string | null;
  headSex: string | null;
  headBirthDate: string | null;
  address: string | null;
  members: readonly NewMember[];
}

/**
 * A household found in the field that is not in the data (USULAN_BARU): created as a MANUAL
 * household of the desa, poor but not (yet) extreme poor, with its members; the musdes decides
 * whether it is added to the extreme-poor list.
 */
export async function createProposedHousehold(
  db: Kysely<DB>,
  actor: Actor,
  input: ProposedHousehold,
  meta: DoorMeta & { sourceId: string },
): Promise<{ householdId: number; version: number }> {
  return inTransaction(db, async (trx) => {
    assertRegionInScope(actor, input.desaCode, meta.roles);
    const record = {
      ...scopeColumns(input.desaCode),
      source: 'MANUAL',
      source_id: meta.sourceId,
      kk_number: input.kkNumber,
      head_name: input.headName,
      head_nik: input.headNik,
      head_sex: input.headSex,
      head_birth_date: input.headBirthDate,
      address: input.address,
      target_status: 'MISKIN',
    };
    const h = await trx
      .insertInto('household')
      .values({ ...record, row_hash: createHash('sha256').update(JSON.stringify(record)).digest('hex') })
      .returningAll()
      .executeTakeFirstOrThrow();
    const members = await applyMemberOps(
      trx,
      h,
      input.members.map((m) => ({ op: 'ADD', member: m })),
    );
    const set = { member_count: await recountMembers(trx, h.id) };
    const history = { source_id: [null, meta.sourceId], head_name: [null, input.headName], ...members.history };
    const version = await commit(trx, actor, h, set, history, meta);
    return { householdId: Number(h.id), version };
  });
}
