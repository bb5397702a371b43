import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/scope.js';
import { conditionsOf, type MemberConditions } from '../households/conditions.js';
import { householdInScope } from './common.js';
import { priorityScore } from './priority.js';
import { suggestPrograms } from './suggest.js';

/** One household's aid: its receipts, open proposals, priority flags and suggested programs. */
export async function householdAid(db: Kysely<DB>, actor: Actor, householdId: number, today = new Date()) {
  const h = await householdInScope(db, actor, householdId);
  const [household, members, receipts, proposals] = await Promise.all([
    db
      .selectFrom('household')
      .select(['head_name', 'floor_type', 'wall_type', 'roof_type', 'member_count', 'head_birth_date', 'target_status'])
      .where('id', '=', h.id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('member').select(['id', 'name', 'birth_date', 'attributes']).where('household_id', '=', h.id).orderBy('id').execute(),
    db
      .selectFrom('aid_receipt as r')
      .innerJoin('aid_program as p', 'p.id', 'r.program_id')
      .select(['p.code', 'r.member_id'])
      .where('r.household_id', '=', h.id)
      .execute(),
    db
      .selectFrom('aid_proposal as a')
      .innerJoin('aid_program as p', 'p.id', 'a.program_id')
      .select(['p.code', 'a.member_id'])
      .where('a.household_id', '=', h.id)
      .where('a.status', 'in', ['PROPOSED', 'VERIFIED', 'APPROVED'])
      .execute(),
  ]);
  const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
  const conditions = members.map((m) => conditionsOf(m.attributes));
  const attrs = members.map((m) => (m.attributes ?? {}) as Record<string, unknown>);
  const sixtyAgo = new Date(Date.UTC(today.getUTCFullYear() - 60, today.getUTCMonth(), today.getUTCDate()));
  const old = (d: Date | null) => d !== null && d <= sixtyAgo;
  const flags = {
    noAid: receipts.length === 0,
    elderly: members.some((m) => old(m.birth_date)) || old(household.head_birth_date),
    alone: household.member_count === 1,
    disabled: conditions.some((c) => c.disability),
    sick: conditions.some((c) => c.chronicIllness),
  };
  return {
    householdId: h.id,
    headName: household.head_name,
    targetStatus: household.target_status,
    desaCode: h.desaCode,
    priority: flags,
    score: priorityScore(flags),
    receivedPrograms: [...new Set(receipts.map((r) => r.code))],
    members: members.map((m, i) => ({ id: Number(m.id), name: m.name, ...(conditions[i] as MemberConditions) })),
    suggestions: suggestPrograms({
      household: { floorType: household.floor_type, wallType: household.wall_type, roofType: household.roof_type },
      members: members.map((m, i) => ({ id: Number(m.id), name: m.name, birthDate: iso(m.birth_date), attributes: attrs[i] ?? {} })),
      receipts: receipts.map((r) => ({ programCode: r.code, memberId: r.member_id === null ? null : Number(r.member_id) })),
      openProposals: proposals.map((p) => ({ programCode: p.code, memberId: p.member_id === null ? null : Number(p.member_id) })),
      today,
    }),
  };
}
