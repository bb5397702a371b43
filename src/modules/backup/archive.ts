import type { Readable, Writable } from 'node:stream';

/**
 * The backup container: a gzip stream of framed records. Each record is one JSON line
 * (`{"type": ...}`) followed by its content as chunks, each `<length>\n<bytes>`, ending
 * with `0\n`. Chunks let a table stream out of COPY without knowing its size first.
 */
export class ArchiveWriter {
  constructor(private readonly out: Writable) {}

  private write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const ok = this.out.write(data, (err) => (err ? reject(err) : undefined));
      if (ok) resolve();
      else this.out.once('drain', resolve);
    });
  }

  async record(meta: Record<string, unknown>, content?: Readable | Buffer): Promise<number> {
    await this.write(`${JSON.stringify(meta)}\n`);
    let bytes = 0;
    const chunks: AsyncIterable<Buffer | string> | Iterable<Buffer> =
      content === undefined ? [] : Buffer.isBuffer(content) ? [content] : content;
    for await (const chunk of chunks) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (buf.length === 0) continue;
      await this.write(`${buf.length}\n`);
      await this.write(buf);
      bytes += buf.length;
    }
    await this.write('0\n');
    return bytes;
  }
}

export interface ArchiveRecord {
  meta: Record<string, unknown>;
  content: Buffer;
}

/** Reads records written by ArchiveWriter from a (gunzipped) byte stream. */
export async function* readArchive(input: AsyncIterable<Buffer>): AsyncGenerator<ArchiveRecord> {
  const it = input[Symbol.asyncIterator]();
  let buf: Buffer = Buffer.alloc(0);
  let done = false;
  const fill = async () => {
    const next = await it.next();
    if (next.done) {
      done = true;
      return;
    }
    buf = buf.length ? Buffer.concat([buf, next.value]) : next.value;
  };
  const readLine = async (): Promise<string | null> => {
    for (;;) {
      const nl = buf.indexOf(10);
      if (nl >= 0) {
        const line = buf.subarray(0, nl).toString('utf8');
        buf = buf.subarray(nl + 1);
        return line;
      }
      if (done) {
        if (buf.length) throw new Error('backup file is truncated');
        return null;
      }
      await fill();
    }
  };
  const readBytes = async (n: number): Promise<Buffer> => {
    while (buf.length < n) {
      if (done) throw new Error('backup file is truncated');
      await fill();
    }
    const out = buf.subarray(0, n);
    buf = buf.subarray(n);
    return out;
  };
  for (;;) {
    const line = await readLine();
    if (line === null) return;
    let meta: Record<string, unknown>;
    try {
      meta = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error('not a Sasmita backup file (bad record header)');
    }
    const parts: Buffer[] = [];
    for (;;) {
      const lenLine = await readLine();
      if (lenLine === null) throw new Error('backup file is truncated');
      const len = Number(lenLine);
      if (!Number.isInteger(len) || len < 0) throw new Error('not a Sasmita backup file (bad chunk length)');
      if (len === 0) break;
      parts.push(Buffer.from(await readBytes(len)));
    }
    yield { meta, content: Buffer.concat(parts) };
  }
}
