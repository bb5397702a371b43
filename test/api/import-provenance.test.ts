import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATEMENT_CHECKED_REFERENCES } from '../../src/db/references.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * import_id on household, member, household_history and import_issue names the import that
 * wrote the row, and household.desa_code names a region. Migrations 0021 and 0022 check them
 * once per statement instead of by row-by-row foreign keys; these are the guarantees the keys
 * gave, on the real database of the run.
 */
let s: TestServer;
let named: number;
let unnamed: number;
let householdId: number;
const MISSING = 987_654_321;

const batch = async () =>
  Number((await s.ctx.db.insertInto('import_batch').values({ kind: 'P3KE' }).returning('id').executeTakeFirstOrThrow()).id);

/** The SQLSTATE a statement failed with (23503: a foreign key violation), or 'ok'. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (err) {
    return String((err as { code?: string }).code);
  }
}

/** The message of a statement that failed, or 'ok': tells which rule refused it. */
async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (err) {
    return `${(err as { code?: string }).code}: ${(err as Error).message}`;
  }
}

beforeAll(async () => {
  s = await startTestServer();
  named = await batch();
  unnamed = await batch();
  [householdId = 0] = await insertHouseholds(s.ctx.db, [
    { desaCode: '35.13.06.2005', headName: 'SITI AMINAH', members: [{ name: 'SITI AMINAH' }, { name: 'ROHMAN' }] },
  ]);
  await s.ctx.db.updateTable('household').set({ import_id: named }).where('id', '=', householdId).execute();
  await s.ctx.db.updateTable('member').set({ import_id: named }).where('household_id', '=', householdId).execute();
});
afterAll(async () => {
  await s?.close();
});

describe('import provenance (import_id)', () => {
  it('refuses a household, member or history entry naming an import that does not exist, and keeps the row as it was', async () => {
    const db = s.ctx.db;
    expect(await outcome(() => db.updateTable('household').set({ import_id: MISSING }).where('id', '=', householdId).execute())).toBe(
      '23503',
    );
    expect(
      await outcome(() => db.updateTable('member').set({ import_id: MISSING }).where('household_id', '=', householdId).execute()),
    ).toBe('23503');
    expect(
      await outcome(() =>
        db.insertInto('household_history').values({ household_id: householdId, import_id: MISSING, changes: '{}' }).execute(),
      ),
    ).toBe('23503');
    const h = await db.selectFrom('household').select('import_id').where('id', '=', householdId).executeTakeFirstOrThrow();
    expect(Number(h.import_id)).toBe(named);
    const m = await db.selectFrom('member').select('import_id').where('household_id', '=', householdId).execute();
    expect(m.map((r) => Number(r.import_id))).toEqual([named, named]);
  });

  it('accepts an import that exists, and no import at all', async () => {
    const db = s.ctx.db;
    expect(
      await outcome(() =>
        db.insertInto('household_history').values({ household_id: householdId, import_id: named, changes: '{}' }).execute(),
      ),
    ).toBe('ok');
    expect(
      await outcome(() =>
        db.insertInto('household_history').values({ household_id: householdId, import_id: null, changes: '{}' }).execute(),
      ),
    ).toBe('ok');
  });

  it('keeps an import that rows still name: deleting or truncating it is refused, an import nothing names can go', async () => {
    const db = s.ctx.db;
    expect(await outcome(() => db.deleteFrom('import_batch').where('id', '=', named).execute())).toBe('23503');
    expect(await outcome(() => sql`truncate import_batch cascade`.execute(db))).toBe('23503');
    expect(await outcome(() => db.deleteFrom('import_batch').where('id', '=', unnamed).execute())).toBe('ok');
    const left = await db.selectFrom('import_batch').select('id').where('id', 'in', [named, unnamed]).execute();
    expect(left.map((r) => Number(r.id))).toEqual([named]);
  });

  it('refuses a finding naming an import that does not exist; deleting an import deletes its findings', async () => {
    const db = s.ctx.db;
    const finding = (importId: number) =>
      db
        .insertInto('import_issue')
        .values({
          import_id: importId,
          file: 'keluarga',
          row_number: 2,
          severity: 'ERROR',
          code: 'NIK_LENGTH',
          message: 'NIK harus 16 digit',
        })
        .execute();
    expect(await outcome(() => finding(MISSING))).toBe('23503');
    const own = await batch();
    expect(await outcome(() => finding(own))).toBe('ok');
    expect(await outcome(() => db.updateTable('import_issue').set({ import_id: MISSING }).where('import_id', '=', own).execute())).toBe(
      '23503',
    );
    await db.deleteFrom('import_batch').where('id', '=', own).execute();
    const left = await db.selectFrom('import_issue').select('id').where('import_id', '=', own).execute();
    expect(left).toEqual([]);
  });
});

describe('household region (desa_code)', () => {
  it('refuses a household in a desa the region tree does not hold, inserted or moved there', async () => {
    const db = s.ctx.db;
    expect(await outcome(() => insertHouseholds(db, [{ desaCode: '35.13.06.2999', headName: 'TIDAK ADA' }]))).toBe('23503');
    expect(
      await outcome(() => db.updateTable('household').set({ desa_code: '35.13.06.2999' }).where('id', '=', householdId).execute()),
    ).toBe('23503');
    const h = await db.selectFrom('household').select('desa_code').where('id', '=', householdId).executeTakeFirstOrThrow();
    expect(h.desa_code).toBe('35.13.06.2005');
  });

  it('keeps a region that a household names: deleting, recoding or truncating it is refused', async () => {
    const db = s.ctx.db;
    // Other tables name regions too (roles, assignments); the message says the household refused it.
    const named = '23503: region 35.13.06.2005 is still named by household.desa_code';
    expect(await refusal(() => db.deleteFrom('region').where('code', '=', '35.13.06.2005').execute())).toBe(named);
    expect(await refusal(() => db.updateTable('region').set({ code: '35.13.06.2998' }).where('code', '=', '35.13.06.2005').execute())).toBe(
      named,
    );
    expect(await refusal(() => sql`truncate region cascade`.execute(db))).toBe('23503: region is still named by household.desa_code');
    expect(await outcome(() => db.updateTable('region').set({ name: 'Desa Lain' }).where('code', '=', '35.13.06.2005').execute())).toBe(
      'ok',
    );
    const r = await db.selectFrom('region').select('code').where('code', '=', '35.13.06.2005').executeTakeFirst();
    expect(r?.code).toBe('35.13.06.2005');
  });
});

describe('the list of references checked by triggers (src/db/references.ts)', () => {
  it('names every table whose inserts a reference trigger checks, so a restore orders them after what they name', async () => {
    const r = await sql<{ tbl: string; fn: string }>`
      select distinct t.tgrelid::regclass::text as tbl, p.proname as fn
      from pg_trigger t join pg_proc p on p.oid = t.tgfoid
      where not t.tgisinternal and p.proname in ('registry_import_ref_check', 'household_region_ref_check')
      order by 1, 2`.execute(s.ctx.db);
    const listed = STATEMENT_CHECKED_REFERENCES.map(([table, , fn]) => ({ tbl: table, fn })).sort((a, b) =>
      `${a.tbl} ${a.fn}`.localeCompare(`${b.tbl} ${b.fn}`),
    );
    expect(r.rows).toEqual(listed);
  });
});
