import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { AppContext } from '../http/context.js';
import { AppError } from '../http/errors.js';
import type { AuditActor } from '../modules/audit/service.js';
import type { JobStatus } from './tables.js';

/** What a running job reports: the step it is in and how far along it is. */
export interface JobProgress {
  phase: string;
  done: number;
  total: number;
}

export type ProgressFn = (p: JobProgress) => void;

export interface JobOptions<T> {
  kind: string;
  actor: AuditActor;
  /** One line for people, written when the job is done, e.g. "1.200 baris disimpan". */
  summarize?: (result: T) => string;
  /** Also called on every progress report (the CLI draws its bar from it). */
  onProgress?: ProgressFn;
}

export interface StartedJob<T> {
  id: number;
  /** Resolves with the result once the job is recorded DONE; rejects once it is recorded FAILED. */
  finished: Promise<T>;
}

export interface JobView {
  id: number;
  kind: string;
  status: JobStatus;
  phase: string | null;
  done: number;
  total: number;
  message: string | null;
  result: unknown;
  error: string | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** Progress is written at most this often; the last report always lands. */
export const PROGRESS_WRITE_MS = 500;
/** A running job touches its row at least this often, so other processes can tell it is alive. */
const HEARTBEAT_MS = 15_000;
/** On PostgreSQL, a RUNNING job silent for this long belongs to a process that is gone. */
const STALE_MS = 120_000;
export const INTERRUPTED_MESSAGE = 'terputus (server berhenti)';

const OWNER = `${os.hostname()}:${process.pid}`;
/** Jobs running in this process: never treated as interrupted. */
const runningHere = new Set<number>();

/** The message to store for a failure: the Indonesian text of an AppError, else the error's own. */
export function describeJobError(err: unknown): string {
  if (err instanceof AppError) return err.messageId;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Writes progress to the job row, throttled, one write in flight at a time, never failing the job. */
class ProgressWriter {
  private latest: JobProgress | null = null;
  private dirty = false;
  private lastWrite = 0;
  private inflight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly id: number,
  ) {
    this.heartbeat = setInterval(() => {
      this.dirty = true;
      this.flush();
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  report(p: JobProgress) {
    this.latest = p;
    this.dirty = true;
    this.flush();
  }

  private flush() {
    if (!this.dirty || this.inflight) return;
    const wait = this.lastWrite + PROGRESS_WRITE_MS - Date.now();
    if (wait > 0) {
      if (!this.timer) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.flush();
        }, wait);
        this.timer.unref();
      }
      return;
    }
    this.dirty = false;
    this.lastWrite = Date.now();
    const p = this.latest;
    this.inflight = this.db
      .updateTable('job')
      .set({
        updated_at: new Date(),
        ...(p ? { phase: p.phase, done: Math.round(p.done), total: Math.round(p.total) } : {}),
      })
      .where('id', '=', this.id)
      .where('status', '=', 'RUNNING')
      .execute()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.inflight = null;
        this.flush();
      });
  }

  /** Stop writing and wait for the write in flight, so the final status is the last word. */
  async close() {
    clearInterval(this.heartbeat);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = false;
    while (this.inflight) await this.inflight;
  }
}

/**
 * Start `work` in the background of this process and return at once with the job id. The
 * job row shows live progress (throttled writes) and ends DONE with the result or FAILED
 * with a clear message. `work` must not hold a transaction open across a progress report's
 * write on PGlite: reports never wait for their write, so it simply lands after the commit.
 */
export async function startJob<T>(
  ctx: Pick<AppContext, 'db'>,
  opts: JobOptions<T>,
  work: (progress: ProgressFn, jobId: number) => Promise<T>,
): Promise<StartedJob<T>> {
  const row = await ctx.db
    .insertInto('job')
    .values({ kind: opts.kind, owner: OWNER, created_by: opts.actor.userId, phase: 'menunggu' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = row.id;
  runningHere.add(id);
  const writer = new ProgressWriter(ctx.db, id);
  const progress: ProgressFn = (p) => {
    writer.report(p);
    opts.onProgress?.(p);
  };

  const finished = (async () => {
    // Let the caller receive the id before any work starts.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      const result = await work(progress, id);
      await writer.close();
      await ctx.db
        .updateTable('job')
        .set({
          status: 'DONE',
          phase: 'selesai',
          message: opts.summarize ? opts.summarize(result) : null,
          result: JSON.stringify(result ?? null),
          updated_at: new Date(),
          finished_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      return result;
    } catch (err) {
      await writer.close();
      const message = describeJobError(err);
      await ctx.db
        .updateTable('job')
        .set({ status: 'FAILED', error: message, message: `Gagal: ${message}`, updated_at: new Date(), finished_at: new Date() })
        .where('id', '=', id)
        .execute()
        .catch(() => undefined);
      throw err;
    } finally {
      runningHere.delete(id);
    }
  })();
  // The caller may only want the id (HTTP 202); the outcome is in the job row either way.
  finished.catch(() => undefined);
  return { id, finished };
}

function ownerIsGone(owner: string | null): boolean {
  if (!owner) return true;
  const sep = owner.lastIndexOf(':');
  const host = owner.slice(0, sep);
  const pid = Number(owner.slice(sep + 1));
  if (host !== os.hostname() || !Number.isInteger(pid)) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Mark jobs whose process is gone as FAILED ("terputus (server berhenti)"). Called when the
 * database is opened. The embedded database has one process by construction, so every job
 * it left RUNNING was interrupted; on PostgreSQL other servers may be running jobs, so only
 * jobs of dead processes on this host, or jobs silent past their heartbeat, are failed.
 */
export async function failInterruptedJobs(database: Pick<Database, 'db' | 'kind'>): Promise<number> {
  const running = await database.db.selectFrom('job').select(['id', 'owner', 'updated_at']).where('status', '=', 'RUNNING').execute();
  if (running.length === 0) return 0;
  let ids: number[];
  if (database.kind === 'pglite') {
    ids = running.map((r) => r.id).filter((id) => !runningHere.has(id));
  } else {
    const staleBefore = Date.now() - STALE_MS;
    ids = running
      .filter((r) => !runningHere.has(r.id) && (new Date(r.updated_at).getTime() < staleBefore || ownerIsGone(r.owner)))
      .map((r) => r.id);
  }
  if (ids.length === 0) return 0;
  await database.db
    .updateTable('job')
    .set({
      status: 'FAILED',
      error: INTERRUPTED_MESSAGE,
      message: `Gagal: ${INTERRUPTED_MESSAGE}`,
      finished_at: new Date(),
      updated_at: new Date(),
    })
    .where('id', 'in', ids)
    .where('status', '=', 'RUNNING')
    .execute();
  return ids.length;
}

export function toJobView(r: {
  id: number;
  kind: string;
  status: JobStatus;
  phase: string | null;
  done: number;
  total: number;
  message: string | null;
  result: unknown;
  error: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}): JobView {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    phase: r.phase,
    done: r.done,
    total: r.total,
    message: r.message,
    result: r.result ?? null,
    error: r.error,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

export async function getJob(db: Kysely<DB>, id: number): Promise<JobView | undefined> {
  const r = await db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toJobView(r) : undefined;
}

/** True when a job whose kind starts with `prefix` is running (in any live process). */
export async function isJobKindRunning(db: Kysely<DB>, prefix: string): Promise<boolean> {
  const r = await db
    .selectFrom('job')
    .select('id')
    .where('status', '=', 'RUNNING')
    .where('kind', 'like', `${prefix}%`)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}
