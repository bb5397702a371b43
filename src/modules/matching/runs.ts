import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { conflict, notFound } from '../../http/errors.js';
import { isJobKindRunning, startJob } from '../../jobs/service.js';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import type { FileType } from '../registry/import/reader.js';
import { dropOrphanStages, matchExternalList } from './external.js';
import { runFuzzy, runInternalExact } from './internal.js';
import { readListFile } from './list-file.js';
import type { ListKind, RunKind, RunStatus } from './tables.js';

/** Matching runs: each is a job with progress and a match_run row with its counts. */

/** The service context plus the database's bulk transaction, which an external list's COPY needs. */
type Ctx = ServiceContext & { database: Pick<Database, 'db' | 'bulkTransaction'> };

async function assertNoRunningMatch(ctx: Ctx): Promise<void> {
  if (await isJobKindRunning(ctx.db, 'matching.')) {
    throw conflict(
      'MATCH_RUNNING',
      'Pemadanan lain sedang berjalan; tunggu sampai selesai',
      'Another matching run is in progress; wait until it finishes',
    );
  }
}

async function createRun(
  ctx: Ctx,
  actor: Actor,
  values: { kind: RunKind; list_name?: string; list_kind?: ListKind; file_name?: string; file_sha256?: string },
): Promise<number> {
  const row = await ctx.db
    .insertInto('match_run')
    .values({ kabupaten_code: ctx.kabupatenCode, started_by: actor.userId, counts: '{}', ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function finishRun(ctx: Ctx, actor: Actor, runId: number, kind: RunKind, counts: Record<string, number>) {
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('match_run')
      .set({ status: 'DONE', counts: JSON.stringify(counts), finished_at: new Date() })
      .where('id', '=', runId)
      .execute();
    await recordAudit(trx, actor, {
      action: `matching.run.${kind.toLowerCase()}`,
      entity: 'match_run',
      entityId: runId,
      regionCode: ctx.kabupatenCode,
      after: counts,
    });
  });
}

async function failRun(ctx: Ctx, runId: number, err: unknown) {
  await ctx.db
    .updateTable('match_run')
    .set({ status: 'FAILED', error: err instanceof Error ? err.message : String(err), finished_at: new Date() })
    .where('id', '=', runId)
    .execute()
    .catch(() => undefined);
}

async function attachJob(ctx: Ctx, runId: number, jobId: number) {
  await ctx.db.updateTable('match_run').set({ job_id: jobId }).where('id', '=', runId).execute();
}

/** Start an internal run: INTERNAL (exact: same NIK, No KK, head NIK) or FUZZY (name + birth date). */
export async function startInternalRun(ctx: Ctx, actor: Actor, kind: 'INTERNAL' | 'FUZZY'): Promise<{ runId: number; jobId: number }> {
  await assertNoRunningMatch(ctx);
  const runId = await createRun(ctx, actor, { kind });
  const kab = ctx.kabupatenCode;
  const job = await startJob(
    ctx,
    {
      kind: `matching.${kind.toLowerCase()}`,
      actor,
      summarize: (r: { found: number; added: number }) => `${r.found} pasangan, ${r.added} baru`,
    },
    async (progress) => {
      try {
        progress({ phase: 'mencocokkan', done: 0, total: 0 });
        const counts = kind === 'INTERNAL' ? await runInternalExact(ctx.db, runId, kab) : await runFuzzy(ctx.db, runId, kab, progress);
        await finishRun(ctx, actor, runId, kind, { ...counts });
        return counts;
      } catch (err) {
        await failRun(ctx, runId, err);
        throw err;
      }
    },
  );
  await attachJob(ctx, runId, job.id);
  return { runId, jobId: job.id };
}

export interface ExternalUpload {
  path: string;
  type: FileType;
  fileName: string;
  listName: string;
  listKind: ListKind;
  /** Called when the job no longer needs the file (removes the upload folder). */
  cleanup?: () => void;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Start matching an uploaded external list (already sniffed as CSV/XLSX and size-limited). */
export async function startExternalRun(ctx: Ctx, actor: Actor, up: ExternalUpload): Promise<{ runId: number; jobId: number }> {
  await assertNoRunningMatch(ctx);
  await dropOrphanStages(ctx.db);
  const runId = await createRun(ctx, actor, {
    kind: 'EXTERNAL',
    list_name: up.listName,
    list_kind: up.listKind,
    file_name: up.fileName,
    file_sha256: await sha256File(up.path),
  });
  const job = await startJob(
    ctx,
    {
      kind: 'matching.external',
      actor,
      summarize: (c: { total: number; MATCHED: number; MATCHED_DIFF: number; NOT_FOUND: number; INVALID: number }) =>
        `${c.total} baris: ${c.MATCHED} padan, ${c.MATCHED_DIFF} padan dengan perbedaan, ${c.NOT_FOUND} tidak ditemukan, ${c.INVALID} tidak valid`,
    },
    async (progress) => {
      try {
        const counts = await matchExternalList(
          ctx.database,
          runId,
          ctx.kabupatenCode,
          readListFile(up.path, up.type, undefined, ctx.config.spreadsheet),
          progress,
        );
        await finishRun(ctx, actor, runId, 'EXTERNAL', { ...counts });
        return counts;
      } catch (err) {
        await failRun(ctx, runId, err);
        throw err;
      } finally {
        up.cleanup?.();
      }
    },
  );
  await attachJob(ctx, runId, job.id);
  return { runId, jobId: job.id };
}

export interface RunView {
  id: number;
  kind: RunKind;
  listName: string | null;
  listKind: ListKind | null;
  fileName: string | null;
  status: RunStatus;
  counts: Record<string, number>;
  error: string | null;
  jobId: number | null;
  startedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

function runQuery(ctx: Pick<ServiceContext, 'db' | 'kabupatenCode'>) {
  return ctx.db
    .selectFrom('match_run as r')
    .leftJoin('app_user as u', 'u.id', 'r.started_by')
    .leftJoin('job as j', 'j.id', 'r.job_id')
    .select([
      'r.id',
      'r.kind',
      'r.list_name',
      'r.list_kind',
      'r.file_name',
      // A run whose job was interrupted (server stopped) is failed, whatever its own row says.
      sql<RunStatus>`case when r.status = 'RUNNING' and j.status = 'FAILED' then 'FAILED' else r.status end`.as('status'),
      sql<string | null>`coalesce(r.error, case when r.status = 'RUNNING' and j.status = 'FAILED' then j.error end)`.as('error'),
      'r.counts',
      'r.job_id',
      'u.full_name',
      'r.started_at',
      'r.finished_at',
    ])
    .where('r.kabupaten_code', '=', ctx.kabupatenCode);
}

type RunRow = Awaited<ReturnType<ReturnType<typeof runQuery>['executeTakeFirstOrThrow']>>;

const toRunView = (r: RunRow): RunView => ({
  id: r.id,
  kind: r.kind,
  listName: r.list_name,
  listKind: r.list_kind,
  fileName: r.file_name,
  status: r.status,
  counts: r.counts ?? {},
  error: r.error,
  jobId: r.job_id,
  startedBy: r.full_name,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export async function listRuns(ctx: Pick<ServiceContext, 'db' | 'kabupatenCode'>, page: number, pageSize: number, kind?: RunKind) {
  let q = runQuery(ctx);
  if (kind) q = q.where('r.kind', '=', kind);
  const [rows, total] = await Promise.all([
    q
      .orderBy('r.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    ctx.db
      .selectFrom('match_run')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kabupaten_code', '=', ctx.kabupatenCode)
      .$if(kind !== undefined, (qb) => qb.where('kind', '=', kind as RunKind))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toRunView), total: Number(total.n) };
}

export async function getRun(ctx: Pick<ServiceContext, 'db' | 'kabupatenCode'>, id: number): Promise<RunView> {
  const r = await runQuery(ctx).where('r.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('Pemadanan');
  return toRunView(r);
}
