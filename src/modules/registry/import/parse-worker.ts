/**
 * Worker thread entry: reads and validates the files of one import (runParse) while the
 * main thread copies the chunks it sends into the staging tables, so parsing and database
 * work run on two cores. A chunk waits for the main thread's ack once a few are in flight.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StageTable } from './emit.js';
import { type ParseRequest, runParse } from './parse.js';
import { serialiseError, type WorkerMessage } from './parse-runner.js';

const port = parentPort;
if (!port) throw new Error('parse-worker must run in a worker thread');

const request = workerData as ParseRequest;
let credits = request.chunksAhead ?? 3;
const waiting: Array<() => void> = [];
port.on('message', (m: { t: 'ack' }) => {
  if (m.t === 'ack') {
    credits++;
    waiting.shift()?.();
  }
});

const send = (m: WorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

async function chunk(table: StageTable, csv: Uint8Array) {
  while (credits <= 0) await new Promise<void>((resolve) => waiting.push(resolve));
  credits--;
  // The chunk's buffer moves to the main thread instead of being copied (emit.ts).
  send({ t: 'chunk', table, csv }, [csv.buffer as ArrayBuffer]);
}

try {
  const result = await runParse(
    request,
    (p) => send({ t: 'progress', p }),
    chunk,
    async (role) => send({ t: 'fileDone', role }),
  );
  send({ t: 'done', result });
} catch (err) {
  send({ t: 'error', error: serialiseError(err) });
} finally {
  port.close();
}
