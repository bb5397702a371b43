import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { badRequest, conflict } from '../../http/errors.js';
import { idParam } from '../../http/schemas.js';
import { rolesFor } from '../access/policy.js';
import type { Actor } from '../access/scope.js';
import { changeMembers } from '../households/changes.js';
import { closeCandidate, getCandidate, openCandidateForResolution } from './candidates.js';
import { candidateDetail } from './views.js';

/**
 * A member recorded in two households (a member-level candidate: the same NIK in two
 * households) is resolved as a member, not by marking a whole household GANDA: the member stays
 * in the household chosen and ends in the other, through the household door (history, version,
 * audit), with the candidate resolved SAME / MEMBER_GANDA in the same transaction.
 */

export interface MemberResolveInput {
  /** The member that stays (member a or member b of the candidate); the other one ends. */
  keepMemberId: number;
  note?: string | undefined;
}

export async function resolveMemberDuplicate(db: Kysely<DB>, actor: Actor, id: number, input: MemberResolveInput) {
  await db.transaction().execute(async (trx) => {
    const c = await openCandidateForResolution(trx, actor, id);
    if (c.member_a === null || c.member_b === null) {
      throw badRequest(
        'NOT_MEMBER_CANDIDATE',
        'Kandidat ini bukan anggota yang tercatat di dua keluarga; putuskan per keluarga',
        'This candidate is not one member in two households; resolve it per household',
      );
    }
    const a = { member: Number(c.member_a), household: Number(c.household_a) };
    const b = { member: Number(c.member_b), household: Number(c.household_b) };
    if (input.keepMemberId !== a.member && input.keepMemberId !== b.member) {
      throw badRequest(
        'KEEP_MEMBER_INVALID',
        'Anggota yang dipertahankan harus salah satu dari pasangan ini',
        'The kept member must be one of the pair',
        { field: 'keepMemberId' },
      );
    }
    const [kept, ended] = input.keepMemberId === a.member ? [a, b] : [b, a];
    const left = await sql<{ n: number }>`select count(*)::int as n from member where household_id = ${ended.household}`.execute(trx);
    if (Number(left.rows[0]?.n ?? 0) <= 1) {
      throw conflict(
        'MEMBER_LAST',
        'Anggota ini satu-satunya anggota keluarganya: putuskan sebagai keluarga ganda',
        'This is the only member of the household: resolve it as a duplicate household',
      );
    }
    const note = input.note?.trim() || null;
    await changeMembers(trx, actor, ended.household, [{ op: 'END', memberId: ended.member, reason: 'GANDA' }], {
      action: 'member.duplicate_end',
      roles: rolesFor('matching.resolve'),
      source: { matchCandidateId: id, keptMemberId: kept.member, keptHouseholdId: kept.household },
    });
    await closeCandidate(
      trx,
      actor,
      c,
      { status: 'SAME', resolution: 'MEMBER_GANDA', kept_household_id: kept.household, duplicate_household_id: null, note },
      {
        action: 'matching.candidate.resolve_member',
        before: { memberA: a.member, memberB: b.member },
        after: { keptMemberId: kept.member, endedMemberId: ended.member, endedFromHouseholdId: ended.household },
      },
    );
  });
  return getCandidate(db, actor, id);
}

/** POST /matching/candidates/:id/resolve-member, for the resolvers of matching/routes.ts. */
export function memberResolveRoute(app: App, ctx: AppContext, prefix: string) {
  app.post(
    `${prefix}/candidates/:id/resolve-member`,
    {
      schema: {
        tags: ['matching'],
        description:
          'A member recorded in two households: the member keepMemberId stays, the other ends (removed from its household, kept in its history), audited. 409 when the candidate is resolved or the member is the only one of its household.',
        params: idParam,
        body: z.object({ keepMemberId: z.number().int().positive(), note: z.string().max(2000).optional() }),
        response: { 200: candidateDetail },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return resolveMemberDuplicate(ctx.db, actor, req.params.id, req.body);
    },
  );
}
