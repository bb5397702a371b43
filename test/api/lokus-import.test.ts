import { describe, expect, it } from 'vitest';
import { csv, useImportServer, xlsx } from '../helpers/import-files.js';
import type { Client } from '../helpers/server.js';

/**
 * A province's lokus list imported in bulk: each row matched to a desa of the kabupaten by code
 * or by name (with its kecamatan), the unmatched and ambiguous ones shown for review, then the
 * desa chosen pinned at once with the list's source and a reason.
 */
const api = useImportServer('admin.lokus');

async function preview(client: Client, data: Buffer, name: string) {
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(data)]), name);
  return client.post('/api/v1/aid/lokus/import/preview', fd);
}

const LIST = [
  ['No', 'Kode Desa', 'Desa', 'Kecamatan'],
  ['1', '3513062005', '', 'Banyuanyar'],
  ['2', '', 'Desa Sentulan', 'Banyuanyar'],
  ['3', '', 'KARANGANYAR', ''],
  ['4', '', 'Karanganyar', 'Paiton'],
  ['5', '', 'Sukamaju Indah', 'Tiris'],
  ['6', '35.01.01.2001', '', ''],
];

describe('lokus list import', () => {
  it('matches codes and names, and shows the ambiguous, unmatched and outside rows for review', async () => {
    const res = await preview(api.admin, await xlsx(LIST), 'lokus-provinsi.xlsx');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = res.body.rows as Array<{ row: number; status: string; desaCode: string | null; candidates: Array<{ code: string }> }>;
    expect(rows.map((r) => [r.row, r.status, r.desaCode])).toEqual([
      [2, 'MATCHED', '35.13.06.2005'],
      [3, 'MATCHED', '35.13.06.2001'],
      [4, 'AMBIGUOUS', null],
      [5, 'MATCHED', '35.13.12.2011'],
      [6, 'UNMATCHED', null],
      [7, 'OUTSIDE', null],
    ]);
    // The ambiguous name lists every desa it could be, for the admin to choose.
    expect(rows[2]?.candidates.map((c) => c.code)).toEqual(['35.13.04.2010', '35.13.12.2011']);
    expect(res.body).toMatchObject({ matched: 3, ambiguous: 1, unmatched: 1, outside: 1 });
  });

  it('refuses a list without a code or name column', async () => {
    const res = await preview(
      api.admin,
      csv(
        [
          ['nomor', 'catatan'],
          ['1', 'x'],
        ],
        ',',
      ),
      'salah.csv',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('LOKUS_COLUMNS_MISSING');
    const broken = await preview(api.admin, Buffer.from('kode_desa,desa\n3513062005,"tidak ditutup\n'), 'rusak.csv');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('LIST_FILE_UNREADABLE');
  });

  it('pins the desa chosen with the source and reason, audited; a desa of another kabupaten or no reason is refused', async () => {
    const codes = ['35.13.06.2005', '35.13.06.2001', '35.13.04.2010'];
    const noReason = await api.admin.post('/api/v1/aid/lokus/import', { source: 'SK Gubernur 2025', reason: ' ', desaCodes: codes });
    expect(noReason.status).toBe(400);
    const outside = await api.admin.post('/api/v1/aid/lokus/import', { source: 'SK', reason: 'x', desaCodes: ['35.01.01.2001'] });
    expect(outside.status).toBe(400);
    const unknown = await api.admin.post('/api/v1/aid/lokus/import', { source: 'SK', reason: 'x', desaCodes: ['35.13.06.2999'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('REGION_UNKNOWN');
    expect(await api.server.ctx.db.selectFrom('aid_lokus_override').select('desa_code').execute()).toEqual([]);

    const ok = await api.admin.post('/api/v1/aid/lokus/import', {
      source: 'SK Gubernur Jatim 2025',
      reason: 'Lokus percepatan penghapusan kemiskinan ekstrem',
      desaCodes: codes,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.pinned).toBe(3);
    const pinned = await api.server.ctx.db
      .selectFrom('aid_lokus_override')
      .select(['desa_code', 'pinned', 'reason'])
      .orderBy('desa_code')
      .execute();
    expect(pinned.map((p) => p.desa_code)).toEqual(['35.13.04.2010', '35.13.06.2001', '35.13.06.2005']);
    expect(
      pinned.every((p) => p.pinned && p.reason === 'Lokus percepatan penghapusan kemiskinan ekstrem (sumber: SK Gubernur Jatim 2025)'),
    ).toBe(true);
    const lokus = await api.admin.get('/api/v1/aid/lokus?top=0');
    expect(lokus.status).toBe(200);
    const audit = await api.server.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', '=', 'aid.lokus.import')
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('is the admin kabupaten’s: a desa operator may not import a list', async () => {
    const op = await api.server.userClient('op.lokus', [{ role: 'operator_desa', regionCode: '35.13.06.2005' }]);
    const res = await op.post('/api/v1/aid/lokus/import', { source: 'x', reason: 'y', desaCodes: ['35.13.06.2005'] });
    expect(res.status).toBe(403);
  });
});
