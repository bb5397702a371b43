import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, scopeColumns } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { type BlobKind, type OpenedBlob, openBlob, saveBlob } from '../blobs/service.js';
import { editableMeeting, scopedMeeting, touchMeeting } from './meetings.js';
import type { AttendeeRole, DocumentKind } from './tables.js';

/** The evidence of a meeting: its attendance list and the uploaded photos and signed scans. */

export interface AttendeeInput {
  name: string;
  role: AttendeeRole;
  institution?: string | null | undefined;
  signed?: boolean | undefined;
}

export async function listAttendees(db: Kysely<DB>, meetingId: number) {
  const rows = await db
    .selectFrom('musdes_attendee')
    .select(['id', 'name', 'role', 'institution', 'signed'])
    .where('meeting_id', '=', meetingId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function addAttendees(db: Kysely<DB>, actor: Actor, meetingId: number, input: AttendeeInput[]) {
  await db.transaction().execute(async (trx) => {
    const m = await editableMeeting(trx, actor, meetingId);
    const values = input.map((a) => ({
      meeting_id: meetingId,
      ...scopeColumns(m.desa_code),
      name: a.name.trim(),
      role: a.role,
      institution: a.institution?.trim() || null,
      signed: a.signed ?? false,
      created_by: actor.userId,
    }));
    const rows = await trx.insertInto('musdes_attendee').values(values).returning('id').execute();
    await touchMeeting(trx, actor, meetingId);
    await recordAudit(trx, actor, {
      action: 'musdes.attendees.add',
      entity: 'musdes_meeting',
      entityId: meetingId,
      regionCode: m.desa_code,
      after: values.map((v, i) => ({ id: Number(rows[i]?.id), name: v.name, role: v.role, institution: v.institution, signed: v.signed })),
    });
  });
}

async function attendeeOf(trx: Kysely<DB>, meetingId: number, attendeeId: number) {
  const a = await trx
    .selectFrom('musdes_attendee')
    .select(['id', 'name', 'role', 'institution', 'signed'])
    .where('id', '=', attendeeId)
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  if (!a) throw notFound('Peserta');
  return a;
}

export async function updateAttendee(db: Kysely<DB>, actor: Actor, meetingId: number, attendeeId: number, patch: Partial<AttendeeInput>) {
  await db.transaction().execute(async (trx) => {
    const m = await editableMeeting(trx, actor, meetingId);
    const before = await attendeeOf(trx, meetingId, attendeeId);
    const set = {
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.institution !== undefined ? { institution: patch.institution?.trim() || null } : {}),
      ...(patch.signed !== undefined ? { signed: patch.signed } : {}),
    };
    if (Object.keys(set).length === 0) return;
    await trx.updateTable('musdes_attendee').set(set).where('id', '=', attendeeId).execute();
    await touchMeeting(trx, actor, meetingId);
    await recordAudit(trx, actor, {
      action: 'musdes.attendees.update',
      entity: 'musdes_meeting',
      entityId: meetingId,
      regionCode: m.desa_code,
      before: { ...before, id: attendeeId },
      after: { ...set, id: attendeeId },
    });
  });
}

export async function removeAttendee(db: Kysely<DB>, actor: Actor, meetingId: number, attendeeId: number) {
  await db.transaction().execute(async (trx) => {
    const m = await editableMeeting(trx, actor, meetingId);
    const before = await attendeeOf(trx, meetingId, attendeeId);
    await trx.deleteFrom('musdes_attendee').where('id', '=', attendeeId).execute();
    await touchMeeting(trx, actor, meetingId);
    await recordAudit(trx, actor, {
      action: 'musdes.attendees.remove',
      entity: 'musdes_meeting',
      entityId: meetingId,
      regionCode: m.desa_code,
      before: { ...before, id: attendeeId },
    });
  });
}

/** Largest accepted evidence file (photos are scaled down to at most 1600 px afterwards). */
export const DOCUMENT_MAX_BYTES = 15 * 1024 * 1024;

/** Photos must be images; signed scans and other documents may be images or PDF. */
export const DOCUMENT_TYPES: Record<DocumentKind, BlobKind[]> = {
  PHOTO: ['jpeg', 'png', 'webp'],
  SIGNED_BERITA_ACARA: ['pdf', 'jpeg', 'png', 'webp'],
  SIGNED_ATTENDANCE: ['pdf', 'jpeg', 'png', 'webp'],
  OTHER: ['pdf', 'jpeg', 'png', 'webp'],
};

export async function listDocuments(db: Kysely<DB>, meetingId: number) {
  const rows = await db
    .selectFrom('musdes_document as d')
    .leftJoin('app_user as u', 'u.id', 'd.uploaded_by')
    .select(['d.id', 'd.kind', 'd.mime', 'd.size', 'd.filename', 'd.uploaded_at', 'u.full_name'])
    .where('d.meeting_id', '=', meetingId)
    .orderBy('d.kind')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    mime: r.mime,
    size: r.size,
    filename: r.filename,
    uploadedAt: r.uploaded_at,
    uploadedBy: r.full_name,
  }));
}

export async function addDocument(
  deps: ServiceContext,
  actor: Actor,
  meetingId: number,
  kind: DocumentKind,
  input: Readable | Buffer,
  filename: string | null,
) {
  // Checked before reading the upload, and again under the lock when it is recorded.
  await editableMeeting(deps.db, actor, meetingId);
  const blob = await saveBlob(deps, input, {
    maxBytes: Math.min(DOCUMENT_MAX_BYTES, deps.config.uploadLimit),
    allowed: DOCUMENT_TYPES[kind],
    normalizePhoto: true,
  });
  return deps.db.transaction().execute(async (trx) => {
    const m = await editableMeeting(trx, actor, meetingId);
    const row = await trx
      .insertInto('musdes_document')
      .values({
        meeting_id: meetingId,
        ...scopeColumns(m.desa_code),
        kind,
        sha256: blob.sha256,
        mime: blob.mime,
        size: blob.size,
        filename: filename?.slice(0, 200) ?? null,
        uploaded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await touchMeeting(trx, actor, meetingId);
    await recordAudit(trx, actor, {
      action: 'musdes.document.add',
      entity: 'musdes_meeting',
      entityId: meetingId,
      regionCode: m.desa_code,
      after: { documentId: Number(row.id), kind, sha256: blob.sha256, size: blob.size, mime: blob.mime },
    });
    return { id: Number(row.id), kind, mime: blob.mime, size: blob.size };
  });
}

export async function removeDocument(db: Kysely<DB>, actor: Actor, meetingId: number, documentId: number) {
  await db.transaction().execute(async (trx) => {
    const m = await editableMeeting(trx, actor, meetingId);
    const doc = await trx
      .selectFrom('musdes_document')
      .select(['id', 'kind', 'sha256'])
      .where('id', '=', documentId)
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    if (!doc) throw notFound('Dokumen');
    await trx.deleteFrom('musdes_document').where('id', '=', documentId).execute();
    await touchMeeting(trx, actor, meetingId);
    await recordAudit(trx, actor, {
      action: 'musdes.document.remove',
      entity: 'musdes_meeting',
      entityId: meetingId,
      regionCode: m.desa_code,
      before: { documentId, kind: doc.kind, sha256: doc.sha256 },
    });
  });
}

export async function openDocument(deps: ServiceContext, actor: Actor, meetingId: number, documentId: number): Promise<OpenedBlob> {
  await scopedMeeting(deps.db, actor, meetingId);
  const doc = await deps.db
    .selectFrom('musdes_document')
    .select('sha256')
    .where('id', '=', documentId)
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  if (!doc) throw notFound('Dokumen');
  return openBlob(deps, doc.sha256);
}
