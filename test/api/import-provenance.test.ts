import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * import_id on household, member and household_history names the import that last wrote the
 * row. Migration 0021 checks it once per statement instead of by a row-by-row foreign key;
 * these are the guarantees the foreign key gave, on the real database of the run.
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
});
