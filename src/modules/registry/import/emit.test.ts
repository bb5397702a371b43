import { describe, expect, it } from 'vitest';
import { Emitter, type StageTable } from './emit.js';

function collecting() {
  const chunks: Array<{ table: StageTable; csv: Uint8Array }> = [];
  const out = new Emitter(async (table, csv) => {
    chunks.push({ table, csv });
  }, 3);
  return { chunks, out, text: (i: number) => new TextDecoder().decode(chunks[i]?.csv) };
}

describe('Emitter', () => {
  it('hands on the lines of a table as UTF-8 once it holds a chunk of them, and everything when drained with all', async () => {
    const { chunks, out, text } = collecting();
    out.push('member', '"SITI"\n');
    out.push('member', '"ÑOÑO"\n');
    out.push('issue', 'x\n');
    await out.drain();
    expect(chunks).toHaveLength(0);
    out.push('member', '"MUHAMMAD 🙂"\n');
    out.push('member', '"AHMAD"\n');
    await out.drain();
    expect(chunks.map((c) => c.table)).toEqual(['member']);
    expect(text(0)).toBe('"SITI"\n"ÑOÑO"\n"MUHAMMAD 🙂"\n"AHMAD"\n');
    out.push('member', '"BUHARI"\n');
    await out.drain(true);
    expect(chunks.map((c) => c.table)).toEqual(['member', 'member', 'issue']);
    expect(text(1)).toBe('"BUHARI"\n');
    expect(text(2)).toBe('x\n');
    await out.drain(true);
    expect(chunks).toHaveLength(3);
  });

  it('grows for lines longer than its buffer and gives every chunk a buffer of its own from byte 0, so it can be transferred', async () => {
    const { chunks, out, text } = collecting();
    const long = `${'é'.repeat(100_000)}\n`;
    out.push('household', long);
    out.push('household', 'a\n');
    out.push('household', 'b\n');
    await out.drain();
    out.push('household', 'c\n');
    await out.drain(true);
    expect(text(0)).toBe(`${long}a\nb\n`);
    expect(text(1)).toBe('c\n');
    const [first, second] = chunks.map((c) => c.csv);
    expect(first?.byteOffset).toBe(0);
    expect(second?.byteOffset).toBe(0);
    expect(first?.buffer).not.toBe(second?.buffer);
    // Transferring the first chunk's buffer leaves the second intact.
    structuredClone(first, { transfer: [first?.buffer as ArrayBuffer] });
    expect(new TextDecoder().decode(second)).toBe('c\n');
  });
});
