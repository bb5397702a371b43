/**
 * The one guard every XLSX read goes through (registry imports, matching lists, aid recipient
 * lists, organisation imports, the CLI): the file is checked as a zip before any XML parser
 * sees it and read on a thread of its own with a heap and a time limit (worker.ts,
 * zip-guard.ts), so that a zip bomb, a huge cell or a flood of empty rows fails that upload
 * with a 413/422 and never the server. Limits: Config.spreadsheet (src/config.ts).
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config.js';
import { AppError } from '../../http/errors.js';
import type { CellValue } from '../registry/validate/types.js';
import type { XlsxMessage, XlsxTask } from './worker.js';
import type { SpreadsheetLimits } from './zip-guard.js';

export type { SpreadsheetLimits } from './zip-guard.js';

/** The limits of a deployment (Config.spreadsheet). */
export const spreadsheetLimits = (config: Pick<Config, 'spreadsheet'>): SpreadsheetLimits => config.spreadsheet;

/**
 * A refused spreadsheet as an HTTP error: 413 when too big once expanded, 422 when abusive or
 * broken. `label` names the file, e.g. "Berkas keluarga (p3ke.xlsx)".
 */
export function spreadsheetRejected(status: 413 | 422, reason: string, reasonEn: string, label?: string): AppError {
  const message = `${label ?? 'Lembar kerja'} ditolak: ${reason}`;
  const messageEn = `${label ? `${label}: spreadsheet` : 'Spreadsheet'} refused: ${reasonEn}`;
  return new AppError(status, status === 413 ? 'SPREADSHEET_TOO_LARGE' : 'SPREADSHEET_REJECTED', message, messageEn);
}

const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

type Input = string | Uint8Array;

interface Run {
  next(): Promise<XlsxMessage>;
  ack(): void;
  stop(): Promise<void>;
}

/** Start the reader thread; its messages come out one at a time, a crash or time-out as a rejection. */
function start(input: Input, limits: SpreadsheetLimits, task: XlsxTask['task'], chunks: boolean): Run {
  const data: XlsxTask = { task, limits, chunks, ...(typeof input === 'string' ? { path: input } : { data: input }) };
  const worker = new Worker(workerUrl, {
    workerData: data,
    // A young generation as large as the registry reader's (parse-runner.ts): exceljs makes many short-lived objects per cell.
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 96 },
  });
  const queue: XlsxMessage[] = [];
  let wake: (() => void) | null = null;
  let ended: XlsxMessage | null = null;
  const push = (m: XlsxMessage) => {
    if (ended) return;
    if (m.t === 'done' || m.t === 'rejected' || m.t === 'error') ended = m;
    queue.push(m);
    wake?.();
  };
  const ms = task === 'inspect' ? limits.inspectMs : limits.readMs;
  const timer = setTimeout(() => {
    push({
      t: 'rejected',
      kind: 'TIME',
      status: 422,
      message: `berkas tidak selesai dibaca dalam ${Math.round(ms / 1000)} detik`,
      messageEn: `the file was not read within ${Math.round(ms / 1000)} seconds`,
    });
    void worker.terminate();
  }, ms);
  worker.on('message', push);
  worker.on('error', (err: Error & { code?: string }) =>
    push(
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? {
            t: 'rejected',
            kind: 'MEMORY',
            status: 413,
            message: `isinya terlalu besar untuk dibaca (batas memori pembaca ${limits.heapMb} MB)`,
            messageEn: `its content is too large to read (reader memory limit ${limits.heapMb} MB)`,
          }
        : { t: 'error', message: err.message },
    ),
  );
  worker.on('exit', () => {
    clearTimeout(timer);
    push({ t: 'error', message: 'the spreadsheet reader stopped unexpectedly' });
  });
  return {
    async next() {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      return queue.shift() as XlsxMessage;
    },
    ack: () => worker.postMessage({ t: 'ack' }),
    async stop() {
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}

function failure(m: Extract<XlsxMessage, { t: 'rejected' | 'error' }>, label?: string): Error {
  if (m.t === 'rejected') return spreadsheetRejected(m.status, m.message, m.messageEn, label);
  return new Error(m.message);
}

/** Check an XLSX (a file or its bytes) as a zip without parsing it; throws a 413/422 AppError when it must be refused. */
export async function checkXlsx(input: Input, limits: SpreadsheetLimits, label?: string): Promise<void> {
  const run = start(input, limits, 'inspect', false);
  try {
    const m = await run.next();
    if (m.t === 'rejected' || m.t === 'error') throw failure(m, label);
  } finally {
    await run.stop();
  }
}

/**
 * The rows of the first worksheet of an XLSX in batches (row number as the sheet shows it,
 * cells), checked and read on the reader thread. `onChunk` receives the file's bytes as read.
 */
export async function* xlsxRowBatches(
  input: Input,
  limits: SpreadsheetLimits,
  onChunk?: (chunk: Buffer, total: number) => void,
): AsyncGenerator<Array<{ n: number; cells: CellValue[] }>> {
  const run = start(input, limits, 'rows', Boolean(onChunk));
  try {
    for (;;) {
      const m = await run.next();
      if (m.t === 'bytes') onChunk?.(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength), m.total);
      else if (m.t === 'rows') {
        yield m.rows;
        run.ack();
      } else if (m.t === 'done') return;
      else throw failure(m);
    }
  } finally {
    await run.stop();
  }
}
