import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirect } from '../../src/modules/registry/import/direct.js';
import type { ParseResult } from '../../src/modules/registry/import/parse.js';
import { type Client, type Res, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * A first P3KE load holds one transaction for the whole import (ADR 0007) and sets the
 * registry's indexes and constraints aside in it. On PostgreSQL the rest of the app must stay
 * usable meanwhile: dropping a foreign key would lock the table it points at (region,
 * import_batch) until the commit, and every page that reads the region tree or the import list
 * would hang for the length of the import. PGlite serves one session, so there the app waits
 * for any import transaction by design; this test is PostgreSQL's (CI sets DATABASE_URL).
 */
const onPostgres = Boolean(process.env.DATABASE_URL);

let s: TestServer;
let admin: Client;

beforeAll(async () => {
  if (!onPostgres) return;
  s = await startTestServer();
  admin = await s.userClient('admin.kunci', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
});
afterAll(async () => {
  await s?.close();
});

/** The response, or 'waited' when the server has not answered within `ms`. */
async function within(ms: number, request: Promise<Res>): Promise<Res | 'waited'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'waited'>((resolve) => {
    timer = setTimeout(() => resolve('waited'), ms);
  });
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe.skipIf(!onPostgres)('the app during a first load on PostgreSQL', () => {
  it('still answers the region tree and the import list while the load transaction is open', async () => {
    const seen: { regions: Res | 'waited'; imports: Res | 'waited' } = { regions: 'waited', imports: 'waited' };
    const empty: ParseResult = { files: [], stored: { keluarga: 0, anggota: 0 }, warnings: { keluarga: 0, anggota: 0, dtks: 0 } };
    await loadDirect(
      s.ctx.database,
      // Sizes that make the load set the household and member indexes aside (shouldSuspend).
      { source: 'P3KE', importId: 0, edition: null, userId: null, familyBytes: 10_000_000, memberBytes: 10_000_000 },
      async () => {
        // Inside the transaction, after the suspension: other requests go to other connections.
        seen.regions = await within(5000, admin.get('/api/v1/regions?parent=35.13'));
        seen.imports = await within(5000, admin.get('/api/v1/imports'));
        return empty;
      },
      async () => {},
    );
    const { regions, imports } = seen;
    expect(regions).not.toBe('waited');
    expect(imports).not.toBe('waited');
    if (regions === 'waited' || imports === 'waited') return;
    expect(regions.status).toBe(200);
    expect(regions.body.items.length).toBeGreaterThan(20); // Probolinggo's 24 kecamatan
    expect(imports.status).toBe(200);
  });
});
