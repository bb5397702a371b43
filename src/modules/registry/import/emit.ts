import type { FileRole } from './columns.js';

/** The staging tables an import fills while it reads its files. */
export type StageTable = 'household' | 'member' | 'kept' | 'issue';

export type ChunkSink = (table: StageTable, csv: string) => Promise<void>;

/** Told, in order with the chunks, that every row of a file has been sent. */
export type FileDoneSink = (role: FileRole) => Promise<void>;

/**
 * Collects CSV lines per staging table and hands them on in chunks, so a file of a million
 * rows never sits in memory: the reader drains it after every batch of rows.
 */
export class Emitter {
  private readonly pending: Record<StageTable, string[]> = { household: [], member: [], kept: [], issue: [] };

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
      if (lines.length === 0 || (!all && lines.length < this.chunkRows)) continue;
      this.pending[table] = [];
      await this.sink(table, lines.join(''));
    }
  }
}
