import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest } from '../../http/errors.js';
import { scopeColumns } from '../access/scope.js';
import { checkNikStructure } from '../registry/validate/identity.js';
import type { HouseholdRow } from './changes.js';

/**
 * Member changes behind the household door (`changes.ts`): add, update and end a member. Only
 * the door calls `applyMemberOps`, inside its transaction with the household locked.
 */

export interface NewMember {
  name: string;
  nik: string | null;
  sex: string | null;
  relationship: string | null;
  /** yyyy-mm-dd */
  birthDate: string | null;
  attributes?: Record<string, unknown> | undefined;
  /** Unique within the household's source: where the member comes from (`VERVAL-12-3-0`, `USULAN-…`). */
  sourceId: string;
}

export const MEMBER_FIELDS = ['name', 'nik', 'sex', 'relationship', 'birth_date'] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

export type MemberOp =
  | { op: 'ADD'; member: NewMember }
  | {
      op: 'UPDATE';
      memberId: number;
      fields?: Partial<Record<MemberField, string | null>> | undefined;
      /** Attribute values merged into `attributes`. */
      attributes?: Record<string, unknown> | undefined;
    }
  /** The member leaves the household (deceased, moved, married out, recorded twice); the row is removed, its details kept in history. */
  | { op: 'END'; memberId: number; reason: string };

/** A stored value as JSON: dates as yyyy-mm-dd. */
export const plain = (v: unknown): unknown => (v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? null));
/** Two values equal as stored (a Date and its yyyy-mm-dd are the same). */
export const same = (a: unknown, b: unknown): boolean => JSON.stringify(plain(a)) === JSON.stringify(plain(b));

export interface MemberResult {
  /** History entries: `members` (added and ended) and `<field> (<name>)` for updates. */
  history: Record<string, unknown>;
  /** True when members were added or ended (the member count must be recounted). */
  counted: boolean;
}

export async function applyMemberOps(trx: Kysely<DB>, h: HouseholdRow, ops: readonly MemberOp[]): Promise<MemberResult> {
  const history: Record<string, unknown> = {};
  const entries: Record<string, unknown>[] = [];
  let counted = false;
  for (const op of ops) {
    if (op.op === 'ADD') {
      const m = op.member;
      const record = { ...m, householdId: h.id };
      await trx
        .insertInto('member')
        .values({
          household_id: h.id,
          ...scopeColumns(h.desa_code),
          source: 'MANUAL',
          source_id: m.sourceId,
          nik: m.nik,
          name: m.name,
          sex: m.sex,
          relationship: m.relationship,
          birth_date: m.birthDate,
          attributes: JSON.stringify(m.attributes ?? {}),
          row_hash: createHash('sha256').update(JSON.stringify(record)).digest('hex'),
        })
        .execute();
      entries.push({ added: m.name, nik: m.nik, relationship: m.relationship, birthDate: m.birthDate });
      counted = true;
      continue;
    }
    const row = await trx
      .selectFrom('member')
      .selectAll()
      .where('id', '=', op.memberId)
      .where('household_id', '=', h.id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) {
      throw badRequest('MEMBER_NOT_IN_HOUSEHOLD', 'Anggota tidak terdaftar di keluarga ini', 'The member is not in this household', {
        memberId: op.memberId,
        householdId: h.id,
      });
    }
    if (op.op === 'END') {
      await trx.deleteFrom('member').where('id', '=', row.id).execute();
      entries.push({ removed: Number(row.id), name: row.name, nik: row.nik, reason: op.reason });
      counted = true;
      continue;
    }
    const set: Record<string, unknown> = {};
    for (const [field, after] of Object.entries(op.fields ?? {})) {
      if (!(MEMBER_FIELDS as readonly string[]).includes(field)) throw new Error(`not a member field: ${field}`);
      const before = row[field as MemberField];
      if (same(before, after)) continue;
      set[field] = after;
      history[`${field} (${row.name})`] = [plain(before), plain(after)];
    }
    const stored = (row.attributes ?? {}) as Record<string, unknown>;
    const attributes = { ...stored };
    let attributesChanged = false;
    for (const [key, after] of Object.entries(op.attributes ?? {})) {
      if (same(stored[key], after)) continue;
      attributes[key] = after;
      history[`${key} (${row.name})`] = [plain(stored[key]), plain(after)];
      attributesChanged = true;
    }
    if (attributesChanged) set.attributes = JSON.stringify(attributes);
    if (Object.keys(set).length) {
      await trx
        .updateTable('member')
        .set({ ...set, updated_at: new Date() })
        .where('id', '=', row.id)
        .execute();
    }
  }
  if (entries.length) history.members = entries;
  return { history, counted };
}

/** The household's member count, counted again. */
export async function recountMembers(trx: Kysely<DB>, householdId: number): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from member where household_id = ${householdId}`.execute(trx);
  return Number(r.rows[0]?.n ?? 0);
}

/** A member as a person gives it: the same checks as a registry member (ADR 0013). */
export interface MemberInput {
  name: string;
  nik: string | null;
  sex: 'L' | 'P' | null;
  birthDate: string | null;
  relationship: string | null;
}

/**
 * Check new members as the importer checks a member row: a structurally valid NIK, a real
 * birth date not in the future, no NIK twice. Throws a 400 naming the member (`members.<i>.<field>`);
 * null entries (other kinds of change in the same list) are skipped, keeping the indices.
 */
export function checkNewMembers(members: readonly (MemberInput | null)[], field = 'members'): void {
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    if (m === null) return;
    if (m.nik) {
      const problems: string[] = [];
      checkNikStructure(m.nik, (_severity, _code, message) => problems.push(message));
      if (problems.length) {
        throw badRequest('MEMBER_NIK_INVALID', `NIK ${m.name}: ${problems.join('; ')}`, `NIK of ${m.name} is not valid`, {
          field: `${field}.${i}.nik`,
        });
      }
      const first = seen.get(m.nik);
      if (first !== undefined) {
        throw badRequest('MEMBER_NIK_REPEATED', `NIK ${m.name} sama dengan anggota lain`, `${m.name} has the NIK of another member`, {
          field: `${field}.${i}.nik`,
          sameAs: first,
        });
      }
      seen.set(m.nik, i);
    }
    if (m.birthDate) {
      const d = new Date(`${m.birthDate}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m.birthDate || d.getTime() > Date.now()) {
        throw badRequest('MEMBER_BIRTH_DATE_INVALID', `Tanggal lahir ${m.name} tidak valid`, `Birth date of ${m.name} is not valid`, {
          field: `${field}.${i}.birthDate`,
        });
      }
    }
  });
}
