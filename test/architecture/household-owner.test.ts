import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * ADR 0003: the household tables belong to the `households` module. Only its write door
 * (`src/modules/households/`) and the documented bulk importer (`src/modules/registry/import/`)
 * may write `household`, `member` and `household_history`; migrations change the schema. Any
 * other write — Kysely or raw SQL — fails this test with the file and line.
 */

const SRC = path.resolve(import.meta.dirname, '../../src');
const ALLOWED = ['modules/households/', 'modules/registry/import/', 'db/migrations/'];
const TABLES = '(?:household|member|household_history)';
const PATTERNS = [
  new RegExp(`\\b(?:insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\\(\\s*['"\`]${TABLES}(?:\\s+as\\s+\\w+)?['"\`]`, 'g'),
  new RegExp(
    `\\b(?:insert\\s+into|update|delete\\s+from|merge\\s+into|truncate(?:\\s+table)?|copy)\\s+(?:only\\s+)?"?${TABLES}"?(?![\\w.])`,
    'gi',
  ),
];

/** Code without comments: a comment may talk about "update household" without writing it. */
function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function householdWrites(code: string): number[] {
  const text = withoutComments(code);
  const lines: number[] = [];
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) lines.push(text.slice(0, m.index).split('\n').length);
  }
  return lines.sort((a, b) => a - b);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('the household tables have one owner', () => {
  it('recognises every way of writing them, and not reads or comments', () => {
    expect(householdWrites("await trx.updateTable('household').set({})")).toEqual([1]);
    expect(householdWrites("db.insertInto('household_history')\n.values(x)")).toEqual([1]);
    expect(householdWrites("x.deleteFrom('member as m')")).toEqual([1]);
    expect(householdWrites('await sql`update household set version = 1`')).toEqual([1]);
    expect(householdWrites('sql`\n  DELETE FROM member where id = 1`')).toEqual([2]);
    expect(householdWrites('sql`insert into household_history (household_id) values (1)`')).toEqual([1]);
    expect(householdWrites("trx.selectFrom('household').forUpdate()")).toEqual([]);
    expect(householdWrites('sql`update member_attr set x = 1; select * from household`')).toEqual([]);
    expect(householdWrites('// update household through the door\n/* insert into member */ const a = 1;')).toEqual([]);
  });

  it('no module but households and the bulk importer writes household, member or household_history', () => {
    const offenders = sourceFiles(SRC).flatMap((file) => {
      const rel = path.relative(SRC, file).split(path.sep).join('/');
      if (ALLOWED.some((a) => rel.startsWith(a))) return [];
      return householdWrites(fs.readFileSync(file, 'utf8')).map((line) => `src/${rel}:${line}`);
    });
    expect(offenders, 'write household tables through src/modules/households/changes.ts').toEqual([]);
  });
});
