import fs from 'node:fs';
import { sql } from 'kysely';
import type { Database } from '../src/db/database.js';

/**
 * The raw COPY speed of the same rows on the same database: both CSV files, as they are,
 * into plain text tables without keys, indexes or validation, in one transaction. This is
 * the ceiling an import could reach; the import's rate is compared with it.
 */
export async function rawCopy(database: Database, files: { family: string; member: string }): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  let rows = 0;
  await database.bulkTransaction(async (trx, copy) => {
    for (const [table, file] of [
      ['bench_raw_keluarga', files.family],
      ['bench_raw_anggota', files.member],
    ] as const) {
      const columns = headerOf(file);
      await sql.raw(`create table ${table} (${columns.map((c) => `"${c}" text`).join(', ')})`).execute(trx);
      const quoted = columns.map((c) => `"${c}"`);
      for await (const chunk of csvChunks(file, 8 << 20)) {
        await copy(table, quoted, chunk.text);
        rows += chunk.rows;
      }
    }
  });
  const seconds = (performance.now() - started) / 1000;
  await sql`drop table bench_raw_keluarga; drop table bench_raw_anggota`.execute(database.db);
  return { rows, seconds };
}

/** The header line of a CSV file (column names never contain commas). */
function headerOf(file: string): string[] {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    return text.slice(0, text.indexOf('\n')).replace(/\r$/, '').split(',');
  } finally {
    fs.closeSync(fd);
  }
}

/** The file without its header line, cut at line ends into pieces of about `size` characters. */
async function* csvChunks(file: string, size: number): AsyncGenerator<{ text: string; rows: number }> {
  let text = '';
  let header = true;
  for await (const part of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    text += part;
    if (header) {
      const nl = text.indexOf('\n');
      if (nl < 0) continue;
      text = text.slice(nl + 1);
      header = false;
    }
    if (text.length >= size) {
      const cut = text.lastIndexOf('\n') + 1;
      const body = text.slice(0, cut);
      text = text.slice(cut);
      yield { text: body, rows: countLines(body) };
    }
  }
  if (text.trim()) {
    const body = text.endsWith('\n') ? text : `${text}\n`;
    yield { text: body, rows: countLines(body) };
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}
