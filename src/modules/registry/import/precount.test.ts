import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { precountMembers } from './precount.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'precount-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

describe('precountMembers', () => {
  it('counts member rows per family id, header skipped, ids trimmed and unquoted', async () => {
    const p = file('a.csv', 'id_individu,ID_Keluarga_P3KE,nama\nI1,F1,A\nI2, F1 ,B\nI3,"F2",C\n\nI4,F1,"D, E"\n');
    expect(Object.fromEntries(await precountMembers(p))).toEqual({ F1: 3, F2: 1 });
  });

  it('reads semicolon files with CRLF line ends, a BOM and quoted delimiters before the id column', async () => {
    const p = file('b.csv', '\uFEFFnama;id_keluarga_p3ke\r\n"X;Y";F1\r\n"Z ""Q""";F2\r\nW;F2');
    expect(Object.fromEntries(await precountMembers(p))).toEqual({ F1: 1, F2: 2 });
  });

  it('is only an estimate across a quoted line break: the line after it counts under another id', async () => {
    const p = file('c.csv', 'id_keluarga_p3ke,alamat\nF1,"RT 1\nRW 2"\nF1,X\n');
    const counts = await precountMembers(p);
    expect(counts.get('F1')).toBe(2);
    expect(counts.size).toBe(2);
  });

  it('adds up a family whose members are not together, and tells apart ids of the same length', async () => {
    const p = file('e.csv', 'id_keluarga_p3ke,nama\nF1,A\nF1,B\nF2,C\nF1,D\nF3,E\nF3,F\n"F2",G\n,H\n,I\nF1,J\n');
    expect(Object.fromEntries(await precountMembers(p))).toEqual({ F1: 4, F2: 2, F3: 2 });
  });

  it('counts lines cut across the 1 MB pieces the file is read in', async () => {
    // 30,000 lines of ~120 bytes: ~3.6 MB, so lines are cut at piece ends.
    const lines = ['nama,id_keluarga_p3ke,alamat'];
    for (let i = 0; i < 30_000; i++) lines.push(`ANGGOTA ${i},F${Math.floor(i / 3)},${'X'.repeat(90 + (i % 17))}`);
    const counts = await precountMembers(file('f.csv', `${lines.join('\n')}\n`));
    expect(counts.size).toBe(10_000);
    expect([...counts.values()].every((n) => n === 3)).toBe(true);
  });

  it('counts nothing when the file has no id_keluarga_p3ke column', async () => {
    const p = file('d.csv', 'nama,nik\nA,1\n');
    expect((await precountMembers(p)).size).toBe(0);
  });
});
