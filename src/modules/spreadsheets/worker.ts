/**
 * The reader thread of one XLSX file (started by index.ts with its own heap and time limit):
 * checks the zip (zip-guard.ts), then, for a read, streams the first worksheet's rows with
 * exceljs, refusing a row past the row limit, a row wider than the column limit or a cell
 * longer than the cell limit before handing it on. Batches wait for the reader's ack once a
 * few are in flight. Node built-ins and packages only, siblings by their own extension: this
 * file runs from the TypeScript sources in tests and from dist/ in production.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import type { CellValue } from '../registry/validate/types.js';

export interface XlsxTask {
  task: 'inspect' | 'rows';
  path?: string;
  data?: Uint8Array;
  limits: import('./zip-guard.js').SpreadsheetLimits;
  /** Send the file's bytes as they are read (for hashing and progress). */
  chunks: boolean;
}

export type XlsxMessage =
  | { t: 'bytes'; chunk: Uint8Array; total: number }
  | { t: 'rows'; rows: Array<{ n: number; cells: CellValue[] }> }
  | { t: 'done' }
  | { t: 'rejected'; kind: string; status: 413 | 422; message: string; messageEn: string }
  | { t: 'error'; message: string };

const BATCH = 2000;
const AHEAD = 4;

const sibling = (name: string) => new URL(`./${name}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

const port = parentPort;
if (!port) throw new Error('the spreadsheet worker must run in a worker thread');
const task = workerData as XlsxTask;
const send = (m: XlsxMessage) => port.postMessage(m);

let credits = AHEAD;
const waiting: Array<() => void> = [];
port.on('message', (m: { t: 'ack' }) => {
  if (m.t !== 'ack') return;
  credits++;
  waiting.shift()?.();
});

async function readRows(guard: typeof import('./zip-guard.js'), plainCell: (v: unknown) => CellValue): Promise<void> {
  const { limits } = task;
  const { default: ExcelJS } = await import('exceljs');
  const total = task.path ? fs.statSync(task.path).size : (task.data?.byteLength ?? 0);
  const input = task.path ? fs.createReadStream(task.path, { highWaterMark: 1 << 20 }) : Readable.from([Buffer.from(task.data ?? [])]);
  if (task.chunks)
    input.on('data', (chunk: Buffer | string) =>
      send({ t: 'bytes', chunk: typeof chunk === 'string' ? Buffer.from(chunk) : chunk, total }),
    );
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of workbook) {
      let out: Array<{ n: number; cells: CellValue[] }> = [];
      for await (const row of sheet) {
        if (row.number > limits.maxRows) throw guard.tooManyRows(row.number, limits.maxRows);
        const values = row.values as unknown[];
        // exceljs rows are 1-based sparse arrays.
        if (values.length - 1 > limits.maxColumns) throw guard.tooManyColumns(values.length - 1, limits.maxColumns, row.number);
        const cells: CellValue[] = [];
        for (let i = 1; i < values.length; i++) {
          const cell = plainCell(values[i]);
          if (typeof cell === 'string' && cell.length > limits.maxCellChars) throw guard.cellTooLong(limits.maxCellChars, row.number);
          cells.push(cell);
        }
        out.push({ n: row.number, cells });
        if (out.length >= BATCH) {
          while (credits <= 0) await new Promise<void>((resolve) => waiting.push(resolve));
          credits--;
          send({ t: 'rows', rows: out });
          out = [];
        }
      }
      if (out.length) send({ t: 'rows', rows: out });
      return;
    }
  } finally {
    input.destroy();
  }
}

try {
  const guard: typeof import('./zip-guard.js') = await import(sibling('zip-guard'));
  const { plainCell }: typeof import('./cells.js') = await import(sibling('cells'));
  const source = task.path ? guard.fileSource(task.path) : guard.bufferSource(task.data ?? new Uint8Array());
  try {
    await guard.inspectXlsx(source, task.limits);
  } finally {
    source.close();
  }
  if (task.task === 'rows') await readRows(guard, plainCell);
  send({ t: 'done' });
} catch (err) {
  const r = err as { kind?: string; status?: 413 | 422; message?: string; messageEn?: string };
  if (r.kind && r.status && r.messageEn)
    send({ t: 'rejected', kind: r.kind, status: r.status, message: r.message ?? '', messageEn: r.messageEn });
  else send({ t: 'error', message: err instanceof Error ? err.message : String(err) });
} finally {
  port.close();
}
