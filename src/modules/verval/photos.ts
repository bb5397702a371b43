import type { FastifyReply } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { idParam } from '../../http/schemas.js';
import { type Actor, scopeColumns } from '../access/scope.js';
import { type BlobContext, openBlob, photoThumbnail } from '../blobs/service.js';

/** Verval photos: uploads recorded per household (for access checks and the orphan sweep), served full size or as thumbnails. */

export const THUMBNAIL_PX = 320;
export const photoParams = idParam.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });
export const photoQuery = z.object({ size: z.enum(['full', 'thumb']).default('full') });

/** Record that `sha256` was uploaded as a verval photo of the household (a re-upload refreshes the time). */
export async function recordUpload(db: Kysely<DB>, actor: Actor, h: { id: number; desa_code: string }, sha256: string): Promise<void> {
  await db
    .insertInto('blob_upload')
    .values({ sha256, purpose: 'verval', household_id: h.id, ...scopeColumns(h.desa_code), uploaded_by: actor.userId })
    .onConflict((oc) =>
      oc.columns(['sha256', 'purpose', 'household_id']).doUpdateSet({ uploaded_at: sql`now()`, uploaded_by: actor.userId }),
    )
    .execute();
}

/** The photo was uploaded for this household or is attached to one of its verval records. */
export async function photoOfHousehold(db: Kysely<DB>, householdId: number, sha256: string): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`
    select exists (select 1 from blob_upload where sha256 = ${sha256} and purpose = 'verval' and household_id = ${householdId})
        or exists (select 1 from verval where household_id = ${householdId} and photos ? ${sha256}) as ok`.execute(db);
  return r.rows[0]?.ok === true;
}

/**
 * Of `shas`, the photos this household may reference: uploaded for it (a verval photo upload,
 * which needs the household in the uploader's scope) or already attached to one of its verval
 * records. A hash uploaded for another household, another purpose (a kendala screenshot, a
 * musdes document) or never stored is not among them, and callers answer all of those alike.
 */
export async function photosOfHousehold(db: Kysely<DB>, householdId: number, shas: readonly string[]): Promise<Set<string>> {
  if (shas.length === 0) return new Set();
  const r = await sql<{ sha256: string }>`
    select s.sha256 from unnest(${sql.val([...shas])}::text[]) as s(sha256)
     where exists (select 1 from blob_upload u where u.sha256 = s.sha256 and u.purpose = 'verval' and u.household_id = ${householdId})
        or exists (select 1 from verval v where v.household_id = ${householdId} and v.photos ? s.sha256)`.execute(db);
  return new Set(r.rows.map((x) => x.sha256));
}

export async function sendPhoto(ctx: BlobContext, reply: FastifyReply, sha256: string, size: 'full' | 'thumb') {
  reply.header('cache-control', 'private, max-age=86400, immutable');
  if (size === 'thumb') return reply.type('image/jpeg').send(await photoThumbnail(ctx, sha256, THUMBNAIL_PX));
  const blob = await openBlob(ctx, sha256);
  return reply.type(blob.mime).send(blob.stream);
}
