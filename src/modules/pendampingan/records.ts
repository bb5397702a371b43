import type { Readable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { assertCan } from '../access/policy.js';
import { type Actor, assertDesaOf, scopeColumns } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { saveBlob } from '../blobs/service.js';
import { assertNotFuture, notAssigned, recordingOfficial, scopedHousehold, servingOn, today } from './common.js';
import type { AidAction, DocumentKind, FollowupStatus } from './tables.js';

/** Kunjungan (desa visits), pendampingan of households and their follow-ups (tindak lanjut). */

export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_PURPOSE = 'pendampingan';

/** A visit photo: sniffed, size-limited, re-encoded without metadata, recorded for its desa. */
export async function uploadPhoto(deps: ServiceContext, actor: Actor, desaCode: string, input: Readable) {
  assertDesaOf(desaCode, deps.kabupatenCode);
  assertCan(actor, 'pendampingan.record', desaCode);
  const saved = await saveBlob(deps, input, {
    maxBytes: Math.min(PHOTO_MAX_BYTES, deps.config.uploadLimit),
    allowed: ['jpeg', 'png', 'webp'],
    normalizePhoto: true,
  });
  await deps.db
    .insertInto('blob_upload')
    .values({ sha256: saved.sha256, purpose: PHOTO_PURPOSE, household_id: null, ...scopeColumns(desaCode), uploaded_by: actor.userId })
    .execute();
  return saved;
}

async function assertPhotosOfDesa(db: Kysely<DB>, desaCode: string, shas: string[]): Promise<void> {
  if (shas.length === 0) return;
  const r = await sql<{ sha256: string }>`
    select distinct sha256 from blob_upload
     where purpose = ${PHOTO_PURPOSE} and desa_code = ${desaCode} and sha256 = any(${sql.val(shas)}::text[])`.execute(db);
  const ok = new Set(r.rows.map((x) => x.sha256));
  const unknown = shas.filter((s) => !ok.has(s));
  if (unknown.length > 0) {
    throw badRequest('UNKNOWN_PHOTO', 'Foto belum diunggah untuk desa ini', 'The photo was not uploaded for this desa', {
      photos: unknown,
    });
  }
}

export interface VisitInput {
  desaCode: string;
  visitDate: string;
  place: string;
  gps: { lat: number; lon: number } | null;
  photos: string[];
  participants: string[];
  note: string | null;
  officialId?: number | undefined;
}

/** Record a desa visit; the body is JSON so that an idempotent replay returns it unchanged. */
export async function createVisit(trx: Kysely<DB>, deps: ServiceContext, actor: Actor, input: VisitInput) {
  assertDesaOf(input.desaCode, deps.kabupatenCode);
  assertCan(actor, 'pendampingan.record', input.desaCode);
  assertNotFuture(input.visitDate, 'kunjungan');
  const officialId = await recordingOfficial(trx, actor, input.officialId);
  const serving = await servingOn(trx, officialId, input.desaCode, input.visitDate);
  if (!serving) throw notAssigned();
  const photos = [...new Set(input.photos)];
  await assertPhotosOfDesa(trx, input.desaCode, photos);
  const row = await trx
    .insertInto('pendampingan_visit')
    .values({
      period_id: serving.periodId,
      official_id: officialId,
      agency_id: serving.agencyId,
      ...scopeColumns(input.desaCode),
      visit_date: input.visitDate,
      place: input.place,
      latitude: input.gps?.lat ?? null,
      longitude: input.gps?.lon ?? null,
      photos: JSON.stringify(photos),
      participants: JSON.stringify(input.participants),
      note: input.note,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await recordAudit(trx, actor, {
    action: 'pendampingan.visit.create',
    entity: 'pendampingan_visit',
    entityId: id,
    regionCode: input.desaCode,
    after: { ...input, officialId, photos },
  });
  return { id, periodId: serving.periodId, officialId, desaCode: input.desaCode, visitDate: input.visitDate };
}

export interface FollowupInput {
  title: string;
  dueDate: string;
  ownerOfficialId?: number | undefined;
}

export interface ActivityInput {
  householdId: number;
  visitId?: number | undefined;
  activityDate: string;
  visited: boolean;
  problem: string | null;
  aid: { action: AidAction; proposalId: number } | null;
  referralAgency: string | null;
  document: DocumentKind | null;
  note: string | null;
  followUps: FollowupInput[];
  officialId?: number | undefined;
}

/** Record the pendampingan of one household, with its follow-up tasks, in one transaction. */
export async function createActivity(trx: Kysely<DB>, actor: Actor, input: ActivityInput) {
  const h = await scopedHousehold(trx, actor, input.householdId);
  assertCan(actor, 'pendampingan.record', h.desa_code);
  assertNotFuture(input.activityDate, 'pendampingan');
  const officialId = await recordingOfficial(trx, actor, input.officialId);
  const serving = await servingOn(trx, officialId, h.desa_code, input.activityDate);
  if (!serving) throw notAssigned();
  if (input.visitId !== undefined) {
    const v = await trx.selectFrom('pendampingan_visit').select('desa_code').where('id', '=', input.visitId).executeTakeFirst();
    if (!v || v.desa_code !== h.desa_code) {
      throw badRequest(
        'VISIT_NOT_OF_DESA',
        'Kunjungan bukan kunjungan ke desa keluarga ini',
        'The visit is not a visit to this household’s desa',
      );
    }
  }
  if (input.aid) {
    const p = await trx.selectFrom('aid_proposal').select('household_id').where('id', '=', input.aid.proposalId).executeTakeFirst();
    if (!p || Number(p.household_id) !== h.id) {
      throw badRequest(
        'PROPOSAL_NOT_OF_HOUSEHOLD',
        'Usulan bantuan bukan milik keluarga ini',
        'The aid proposal does not belong to this household',
        { proposalId: input.aid.proposalId },
      );
    }
  }
  const owners = new Map<number, number>();
  for (const f of input.followUps) {
    const owner = f.ownerOfficialId ?? officialId;
    if (owners.has(owner)) continue;
    const s = owner === officialId ? serving : await servingOn(trx, owner, h.desa_code, today());
    if (!s)
      throw new AppError(
        422,
        'OWNER_NOT_ASSIGNED',
        'Penanggung jawab tindak lanjut tidak ditugaskan di desa ini',
        'The follow-up owner is not assigned to this desa',
        { officialId: owner },
      );
    owners.set(owner, s.agencyId);
  }
  const scope = scopeColumns(h.desa_code);
  const row = await trx
    .insertInto('pendampingan_activity')
    .values({
      period_id: serving.periodId,
      official_id: officialId,
      agency_id: serving.agencyId,
      household_id: h.id,
      visit_id: input.visitId ?? null,
      ...scope,
      activity_date: input.activityDate,
      visited: input.visited,
      problem: input.problem,
      aid_action: input.aid?.action ?? null,
      aid_proposal_id: input.aid?.proposalId ?? null,
      referral_agency: input.referralAgency,
      document_kind: input.document,
      note: input.note,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  const followUpIds: number[] = [];
  for (const f of input.followUps) {
    const owner = f.ownerOfficialId ?? officialId;
    const fu = await trx
      .insertInto('pendampingan_followup')
      .values({
        period_id: serving.periodId,
        activity_id: id,
        household_id: h.id,
        owner_official_id: owner,
        agency_id: owners.get(owner) ?? serving.agencyId,
        ...scope,
        title: f.title,
        due_date: f.dueDate,
        closed_at: null,
        closed_by: null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    followUpIds.push(Number(fu.id));
  }
  await recordAudit(trx, actor, {
    action: 'pendampingan.activity.create',
    entity: 'household',
    entityId: h.id,
    regionCode: h.desa_code,
    after: { activityId: id, ...input, officialId, followUpIds },
  });
  return { id, periodId: serving.periodId, householdId: h.id, officialId, activityDate: input.activityDate, followUpIds };
}

const NEXT: Record<FollowupStatus, FollowupStatus[]> = { OPEN: ['DONE', 'CANCELLED'], DONE: [], CANCELLED: [] };

/** Close a follow-up: OPEN → DONE or CANCELLED, once. */
export async function setFollowupStatus(deps: ServiceContext, actor: Actor, id: number, status: FollowupStatus) {
  return deps.db.transaction().execute(async (trx) => {
    const f = await trx
      .selectFrom('pendampingan_followup')
      .select(['status', 'desa_code'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!f) throw notFound('Tindak lanjut');
    assertCan(actor, 'pendampingan.record', f.desa_code);
    if (!NEXT[f.status].includes(status)) {
      throw conflict(
        'INVALID_TRANSITION',
        `Status ${f.status} tidak dapat diubah menjadi ${status}`,
        `Status ${f.status} cannot become ${status}`,
        {
          from: f.status,
          to: status,
        },
      );
    }
    await trx
      .updateTable('pendampingan_followup')
      .set({ status, closed_at: sql`now()`, closed_by: actor.userId, version: sql`version + 1` })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'pendampingan.followup.status',
      entity: 'pendampingan_followup',
      entityId: id,
      regionCode: f.desa_code,
      before: { status: f.status },
      after: { status },
    });
    return { id, status };
  });
}
