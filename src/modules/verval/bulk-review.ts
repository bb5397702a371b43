import { sql } from 'kysely';
import { AppError, forbidden } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, scopeCodes } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { REVIEWER_ROLES } from './machine.js';
import { type QueueFilter, queueCondition } from './queue.js';
import { reviewVerval } from './review.js';

/**
 * Approving a filtered part of the review queue at once, with exceptions. Each record goes
 * through the single approval (reviewVerval) in its own transaction, so every record is checked,
 * versioned, audited and applied to the registry exactly as when it is approved on its own
 * screen, and a record that fails (changed meanwhile, no longer submitted) is reported without
 * stopping the others.
 */

/** Most records one request approves; the response says how many matching records remain. */
export const BULK_APPROVE_LIMIT = 1000;

export interface BulkApproveInput extends QueueFilter {
  /** Records of the filtered set the reviewer left out (unticked). Ids outside the set are ignored. */
  exceptIds: number[];
  /** The versions the reviewer saw; a record changed since then is not approved but reported. */
  seen?: Array<{ id: number; version: number }> | undefined;
}

export interface BulkFailure {
  id: number;
  householdId: number;
  headName: string;
  code: string;
  message: string;
  messageEn: string;
}

export interface BulkApproveResult {
  /** Records in the filtered set (the queue with these filters) when the request started. */
  matched: number;
  approved: number;
  /** Left out as exceptions. */
  skipped: number;
  failed: number;
  /** Matching records beyond this request's limit, still waiting. */
  remaining: number;
  failures: BulkFailure[];
}

export async function bulkApprove(
  ctx: ServiceContext,
  actor: Actor,
  periodId: number,
  input: BulkApproveInput,
): Promise<BulkApproveResult> {
  // As the single approval: only a pendamping or operator kecamatan approves.
  if (scopeCodes(actor, REVIEWER_ROLES).length === 0) throw forbidden();
  const { db } = ctx;
  const where = await queueCondition(db, ctx.kabupatenCode, actor, periodId, input);
  const rows = await sql<{ id: number; household_id: number; head_name: string; version: number; desa_code: string }>`
    select v.id, v.household_id, h.head_name, v.version, v.desa_code
      from verval v
      join household h on h.id = v.household_id
     where ${where}
     order by v.submitted_at, v.id`.execute(db);
  const except = new Set(input.exceptIds);
  const seen = new Map((input.seen ?? []).map((s) => [s.id, s.version]));
  const chosen = rows.rows.filter((r) => !except.has(Number(r.id)));
  const batch = chosen.slice(0, BULK_APPROVE_LIMIT);
  const approvedIds: number[] = [];
  const failures: BulkFailure[] = [];
  for (const r of batch) {
    const id = Number(r.id);
    try {
      await db
        .transaction()
        .execute((trx) => reviewVerval(trx, ctx, actor, id, 'approve', { baseVersion: seen.get(id) ?? Number(r.version) }));
      approvedIds.push(id);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      failures.push({
        id,
        householdId: Number(r.household_id),
        headName: r.head_name,
        code: e.code,
        message: e.messageId,
        messageEn: e.messageEn,
      });
    }
  }
  const result: BulkApproveResult = {
    matched: rows.rows.length,
    approved: approvedIds.length,
    skipped: rows.rows.length - chosen.length,
    failed: failures.length,
    remaining: chosen.length - batch.length,
    failures,
  };
  await db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'verval.approve_bulk',
      entity: 'program_period',
      entityId: periodId,
      regionCode: input.region ?? null,
      after: {
        filter: { region: input.region ?? null, outcome: input.outcome ?? null },
        except: [...except],
        approved: approvedIds,
        failed: failures.map((f) => ({ id: f.id, code: f.code })),
        matched: result.matched,
        remaining: result.remaining,
      },
    }),
  );
  return result;
}
