import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../http/errors.js';
import type { FileRole } from './columns.js';
import type { ChunkSink, FileDoneSink, StageTable } from './emit.js';
import { type ParseProgress, type ParseRequest, type ParseResult, runParse } from './parse.js';

export type WorkerMessage =
  | { t: 'progress'; p: { phase: string; done: number; total: number } }
  | { t: 'chunk'; table: StageTable; csv: Uint8Array }
  | { t: 'fileDone'; role: FileRole }
  | { t: 'done'; result: ParseResult }
  | { t: 'error'; error: SerialisedError };

type SerialisedError = { status: number; code: string; messageId: string; messageEn: string } | { message: string };

export function serialiseError(err: unknown): SerialisedError {
  if (err instanceof AppError) return { status: err.status, code: err.code, messageId: err.messageId, messageEn: err.messageEn };
  return { message: err instanceof Error ? err.message : String(err) };
}

function reviveError(e: SerialisedError): Error {
  return 'code' in e ? new AppError(e.status, e.code, e.messageId, e.messageEn) : new Error(e.message);
}

/**
 * The reader's heap limit: what it keeps (ids seen, per file row) grows with the files, its
 * garbage should not. Without a limit V8 let the heap grow by ~400 MB of garbage between full
 * collections while reading the benchmark's 430 MB of CSV; the limit makes it collect sooner.
 * A file pair whose ids do not fit fails the import with IMPORT_READER_STOPPED, nothing stored.
 */
export function oldGenerationLimitMb(req: ParseRequest): number {
  if (req.readerHeapMb) return req.readerHeapMb;
  const inputMb = req.files.reduce((n, f) => n + fs.statSync(f.path).size, 0) / 2 ** 20;
  return Math.round(384 + inputMb);
}

/**
 * Parse on a worker thread when running compiled (parse-worker.js sits beside this file),
 * so validation and COPY use two cores; running from TypeScript sources (tests), parse in
 * this thread. Both run the same runParse; chunks reach `chunk` in order, one at a time.
 */
export function parseFiles(
  req: ParseRequest,
  progress: ParseProgress,
  chunk: ChunkSink,
  fileDone: FileDoneSink = async () => {},
): Promise<ParseResult> {
  if (!import.meta.url.endsWith('.js')) return runParse(req, progress, chunk, fileDone);
  return new Promise<ParseResult>((resolve, reject) => {
    // Reading a file allocates a few short-lived strings per cell. A larger young generation
    // (32 MB semi-spaces instead of 16) lets most of them die there instead of being promoted:
    // measured on the 1.3M-row benchmark pair, garbage collection fell from 16 % to 8 % of the
    // reading time with 64 MB; 32 MB keeps the extra memory at ~32 MB (PGlite shares the process).
    const heapMb = oldGenerationLimitMb(req);
    const worker = new Worker(new URL('./parse-worker.js', import.meta.url), {
      workerData: req,
      resourceLimits: { maxYoungGenerationSizeMb: 96, maxOldGenerationSizeMb: heapMb },
    });
    let settled = false;
    let copies = Promise.resolve();
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(err);
    };
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      if (m.t === 'progress') progress(m.p);
      else if (m.t === 'chunk') {
        copies = copies.then(async () => {
          if (settled) return;
          await chunk(m.table, m.csv);
          worker.postMessage({ t: 'ack' });
        });
        copies.catch(fail);
      } else if (m.t === 'fileDone') {
        copies = copies.then(async () => {
          if (!settled) await fileDone(m.role);
        });
        copies.catch(fail);
      } else if (m.t === 'done') {
        copies.then(() => {
          if (settled) return;
          settled = true;
          resolve(m.result);
        }, fail);
      } else fail(reviveError(m.error));
    });
    worker.on('error', (err: Error & { code?: string }) =>
      fail(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AppError(
              413,
              'IMPORT_TOO_LARGE',
              `Berkas terlalu besar untuk dibaca sekaligus (batas memori pembaca ${heapMb} MB); bagi berkas per kecamatan lalu impor satu per satu`,
              `The files are too large to read at once (reader memory limit ${heapMb} MB); split them per kecamatan and import them one by one`,
            )
          : err,
      ),
    );
    worker.on('exit', (code) => {
      if (code !== 0) {
        fail(
          new AppError(
            500,
            'IMPORT_READER_STOPPED',
            `Pembaca berkas berhenti tanpa diduga (kode ${code})`,
            `The file reader stopped unexpectedly (exit code ${code})`,
          ),
        );
      }
    });
  });
}
