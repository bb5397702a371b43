import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type BlobContext, deleteBlob } from '../blobs/service.js';

/**
 * Housekeeping for verval, run at server start and once a day:
 * - idempotency keys older than 7 days are deleted (a phone retries within minutes, not weeks);
 * - verval photos uploaded more than 24 hours ago and attached to no verval record are removed.
 *
 * The blob store keeps no references of its own, so the sweep only considers blobs recorded in
 * blob_upload with purpose 'verval', and skips any blob also recorded for another purpose
 * (kendala screenshots are not recorded there; they are stored unchanged, while verval photos
 * are re-encoded, so the two never share a sha256 in practice).
 */

export const IDEMPOTENCY_TTL_DAYS = 7;
export const ORPHAN_PHOTO_HOURS = 24;
export const SWEEP_INTERVAL_MS = 24 * 60 * 60 * 1000;

export interface SweepResult {
  idempotencyKeys: number;
  photos: number;
}

export async function sweepVerval(db: Kysely<DB>, ctx: BlobContext, now = new Date()): Promise<SweepResult> {
  const keyCutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_DAYS * 24 * 3600 * 1000);
  const keys = await db.deleteFrom('idempotency_key').where('created_at', '<', keyCutoff).executeTakeFirst();
  const photoCutoff = new Date(now.getTime() - ORPHAN_PHOTO_HOURS * 3600 * 1000);
  const orphans = await db.transaction().execute(async (trx) => {
    const rows = await sql<{ sha256: string }>`
      delete from blob_upload u
       where u.purpose = 'verval'
         and u.sha256 in (
           select b.sha256 from blob_upload b
            where b.purpose = 'verval'
            group by b.sha256
           having max(b.uploaded_at) < ${photoCutoff})
         and not exists (select 1 from blob_upload o where o.sha256 = u.sha256 and o.purpose <> 'verval')
         and not exists (select 1 from verval v where v.photos ? u.sha256)
      returning u.sha256`.execute(trx);
    return [...new Set(rows.rows.map((r) => r.sha256))];
  });
  let photos = 0;
  for (const sha of orphans) if (deleteBlob(ctx, sha)) photos++;
  return { idempotencyKeys: Number(keys.numDeletedRows), photos };
}

/** Run the sweep now and then daily; the timer never keeps the process alive. The returned stop waits for a running sweep. */
export function startVervalSweep(
  db: Kysely<DB>,
  ctx: BlobContext,
  log: { error: (obj: unknown, msg: string) => void },
  intervalMs = SWEEP_INTERVAL_MS,
): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const run = () => {
    if (running) return;
    running = sweepVerval(db, ctx)
      .catch((err) => log.error({ err }, 'verval sweep failed'))
      .finally(() => {
        running = null;
      });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
