import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { AppError } from '../http/errors.js';
import { failInterruptedJobs, getJob, INTERRUPTED_MESSAGE, isJobKindRunning, PROGRESS_WRITE_MS, startJob } from './service.js';

let database: Database;
const actor = { userId: null, username: 'uji' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  database = await openDatabase({});
  await migrateToLatest(database);
});
afterAll(async () => {
  await database?.close();
});

describe('startJob', () => {
  it('returns at once with a RUNNING job, then records DONE with the result and summary', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const job = await startJob(database, { kind: 'test.ok', actor, summarize: (r: { n: number }) => `${r.n} baris` }, async () => {
      await gate;
      return { n: 3 };
    });
    expect((await getJob(database.db, job.id))?.status).toBe('RUNNING');
    expect(await isJobKindRunning(database.db, 'test.')).toBe(true);
    release();
    await expect(job.finished).resolves.toEqual({ n: 3 });
    const done = await getJob(database.db, job.id);
    expect(done).toMatchObject({ status: 'DONE', phase: 'selesai', message: '3 baris', result: { n: 3 }, error: null });
    expect(done?.finishedAt).toBeInstanceOf(Date);
    expect(await isJobKindRunning(database.db, 'test.')).toBe(false);
  });

  it('records FAILED with the Indonesian message of the error and rejects `finished`', async () => {
    const job = await startJob(database, { kind: 'test.fail', actor }, async () => {
      throw new AppError(400, 'X', 'Kolom wajib nik tidak ditemukan', 'Column nik missing');
    });
    await expect(job.finished).rejects.toThrow('Column nik missing');
    const failed = await getJob(database.db, job.id);
    expect(failed).toMatchObject({
      status: 'FAILED',
      error: 'Kolom wajib nik tidak ditemukan',
      message: 'Gagal: Kolom wajib nik tidak ditemukan',
    });
  });

  it('writes progress while running (throttled) and passes every report to onProgress', async () => {
    const seen: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const job = await startJob(database, { kind: 'test.progress', actor, onProgress: (p) => seen.push(p.done) }, async (progress) => {
      for (let i = 1; i <= 500; i++) progress({ phase: 'membaca', done: i, total: 500 });
      await gate;
      return null;
    });
    await sleep(PROGRESS_WRITE_MS * 3);
    const running = await getJob(database.db, job.id);
    expect(running).toMatchObject({ status: 'RUNNING', phase: 'membaca', done: 500, total: 500 });
    expect(seen).toHaveLength(500);
    release();
    await job.finished;
  });
});

describe('failInterruptedJobs', () => {
  const insertRunning = async (owner: string, ageMs = 0) =>
    (
      await database.db
        .insertInto('job')
        .values({ kind: 'test.orphan', owner, updated_at: new Date(Date.now() - ageMs) })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  it('on the embedded database fails every job left RUNNING by a previous process', async () => {
    const id = await insertRunning('elsewhere:1');
    expect(await failInterruptedJobs(database)).toBeGreaterThanOrEqual(1);
    expect(await getJob(database.db, id)).toMatchObject({ status: 'FAILED', error: INTERRUPTED_MESSAGE });
  });

  it('never fails a job running in this process', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const job = await startJob(database, { kind: 'test.live', actor }, async () => gate);
    await failInterruptedJobs(database);
    expect((await getJob(database.db, job.id))?.status).toBe('RUNNING');
    release();
    await job.finished;
  });

  it('on PostgreSQL fails only jobs of dead processes on this host or silent past their heartbeat', async () => {
    const asPostgres = { db: database.db, kind: 'postgres' as const };
    // A pid far above any real one on this host: that process is gone.
    const dead = await insertRunning(`${os.hostname()}:4194303`);
    const otherHostAlive = await insertRunning('other-host:123');
    const otherHostSilent = await insertRunning('other-host:456', 10 * 60_000);
    await failInterruptedJobs(asPostgres);
    expect((await getJob(database.db, dead))?.status).toBe('FAILED');
    expect((await getJob(database.db, otherHostAlive))?.status).toBe('RUNNING');
    expect((await getJob(database.db, otherHostSilent))?.status).toBe('FAILED');
  });
});
