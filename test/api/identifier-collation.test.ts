import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Migration 0023: NIK, No KK and source ids compare byte by byte (COLLATE "C"), on every table
 * that holds them, and lookups and joins by them still go through their indexes, including when
 * the other side is text of the database's default collation (a parameter, a staging table).
 */
let s: TestServer;
const NIK = '3513065505780001';

beforeAll(async () => {
  s = await startTestServer();
  await insertHouseholds(s.ctx.db, [{ desaCode: '35.13.06.2005', headName: 'SITI AMINAH', members: [{ name: 'SITI AMINAH', nik: NIK }] }]);
});
afterAll(async () => {
  await s?.close();
});

/** The plan of `query` with sequential scans and hash/merge joins ruled out, as one text. */
async function plan(db: Kysely<DB>, query: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await sql.raw('set local enable_seqscan = off; set local enable_hashjoin = off; set local enable_mergejoin = off').execute(trx);
    const r = await sql.raw<{ 'QUERY PLAN': string }>(`explain ${query}`).execute(trx);
    return r.rows.map((x) => x['QUERY PLAN']).join('\n');
  });
}

describe('identifier columns (migration 0023)', () => {
  it('are all COLLATE "C"', async () => {
    const r = await sql<{ column: string; collation: string | null }>`
      select table_name || '.' || column_name as column, collation_name as collation
      from information_schema.columns
      where table_schema = 'public' and column_name in ('nik', 'head_nik', 'kk_number', 'source_id')
      order by 1`.execute(s.ctx.db);
    expect(r.rows).toEqual(
      [
        'aid_import_row.kk_number',
        'aid_import_row.nik',
        'decree_household.head_nik',
        'decree_household.kk_number',
        'household.head_nik',
        'household.kk_number',
        'household.source_id',
        'match_list_row.kk_number',
        'match_list_row.nik',
        'member.nik',
        'member.source_id',
      ].map((column) => ({ column, collation: 'C' })),
    );
  });

  it('find a member by NIK through its index, from a parameter and from a default-collation column', async () => {
    const found = await s.ctx.db.selectFrom('member').select('name').where('nik', '=', NIK).execute();
    expect(found).toEqual([{ name: 'SITI AMINAH' }]);
    expect(await plan(s.ctx.db, `select id from member where nik = '${NIK}'`)).toContain('member_nik_idx');
    const joined = `select m.id from (values ('${NIK}'::text)) v(nik) join member m on m.nik = v.nik`;
    expect(await plan(s.ctx.db, joined)).toContain('member_nik_idx');
    const r = await sql<{ n: number }>`select count(*)::int as n from (${sql.raw(joined)}) x`.execute(s.ctx.db);
    expect(r.rows[0]?.n).toBe(1);
  });

  it('keep the (source, source_id) key usable for matching a release against the registry', async () => {
    const p = await plan(
      s.ctx.db,
      `select h.id from (values ('P3KE'::text, 'X-1'::text)) v(source, source_id)
       join household h on h.source = v.source and h.source_id = v.source_id`,
    );
    expect(p).toContain('household_source_source_id_key');
  });
});
