import type { FileRole } from './columns.js';

/** The staging tables an import fills while it reads its files. */
export type StageTable = 'household' | 'member' | 'kept' | 'issue';

/** One chunk of CSV lines, UTF-8 encoded; a chunk owns its whole ArrayBuffer (it can be transferred). */
export type ChunkSink = (table: StageTable, csv: Uint8Array) => Promise<void>;

/** Told, in order with the chunks, that every row of a file has been sent. */
export type FileDoneSink = (role: FileRole) => Promise<void>;

/**
 * CSV lines written as UTF-8 into one growing buffer outside the JavaScript heap. Why not
 * strings joined at the end: a line held until its chunk of 25,000 is full outlives several
 * young-generation collections, so each was copied and promoted before the join copied it
 * again; written straight into bytes, the line string dies at once and the chunk reaches
 * COPY (or another thread, transferred) without being encoded or copied again.
 */
class LineBuffer {
  private bytes: Buffer;
  private length = 0;
  lines = 0;

  constructor(private capacity = 1 << 16) {
    this.bytes = Buffer.allocUnsafeSlow(capacity);
  }

  push(line: string) {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.bytes.length - this.length < line.length * 3) this.grow(line.length * 3);
    this.length += this.bytes.write(line, this.length);
    this.lines++;
  }

  private grow(need: number) {
    const next = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.length + need));
    this.bytes.copy(next, 0, 0, this.length);
    this.bytes = next;
  }

  /** The lines so far; the next chunk starts in a new buffer as large as this one grew. */
  take(): Uint8Array {
    const chunk = new Uint8Array(this.bytes.buffer, 0, this.length);
    this.capacity = this.bytes.length;
    this.bytes = Buffer.allocUnsafeSlow(this.capacity);
    this.length = 0;
    this.lines = 0;
    return chunk;
  }
}

/**
 * Collects CSV lines per staging table and hands them on in chunks, so a file of a million
 * rows never sits in memory: the reader drains it after every batch of rows.
 */
export class Emitter {
  private readonly pending: Record<StageTable, LineBuffer> = {
    household: new LineBuffer(),
    member: new LineBuffer(),
    kept: new LineBuffer(),
    issue: new LineBuffer(),
  };

  constructor(
    private readonly sink: ChunkSink,
    private readonly chunkRows = 25_000,
  ) {}

  /** Queue one CSV line (ending in a newline). */
  push(table: StageTable, line: string) {
    this.pending[table].push(line);
  }

  /** Send every full chunk, or everything when `all`. */
  async drain(all = false) {
    for (const table of Object.keys(this.pending) as StageTable[]) {
      const lines = this.pending[table];
      if (lines.lines === 0 || (!all && lines.lines < this.chunkRows)) continue;
      await this.sink(table, lines.take());
    }
  }
}
