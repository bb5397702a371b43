import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitJob } from '../helpers/jobs.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { A, B, NIK_A2, seedAidWorld } from './aid-fixture.js';

let s: TestServer;
let dinsos: Client;
let opA: Client;
let ids: Awaited<ReturnType<typeof seedAidWorld>>;

beforeAll(async () => {
  s = await startTestServer();
  dinsos = await s.userClient('dinsos.imp', [{ role: 'dinsos', regionCode: '35.13' }]);
  opA = await s.userClient('op.a.imp', [{ role: 'operator_desa', regionCode: A }]);
  ids = await seedAidWorld(s);
});
afterAll(async () => {
  await s?.close();
});

function upload(c: Client, csv: string, fields: Record<string, string>, name = 'penerima.csv') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([csv], { type: 'text/csv' }), name);
  return c.request('POST', '/api/v1/aid/imports', form);
}

describe('recipient-list import', () => {
  it('matches by NIK, stores receipts and reports every unmatched row with its reason', async () => {
    const csv = [
      'NIK,No KK,Nama,Kode Desa',
      `${NIK_A2},,A2 Ibu,${A}`, // row 2: member NIK → household A2
      '3513064101900099,,Orang Luar,3513062013', // row 3: not in the registry, in desa B
      '3.51306E+15,,Rusak,', // row 4: damaged by a spreadsheet
      ',,Tanpa Identitas,', // row 5: nothing to match on
      `${NIK_A2},,A2 Ibu,${A}`, // row 6: the same person twice: one receipt
    ].join('\n');
    expect((await upload(opA, csv, { programCode: 'BAZNAS', periodYear: '2026' })).status).toBe(403);
    expect((await upload(dinsos, csv, { programCode: 'BAZNAS' })).status).toBe(400);
    expect((await upload(dinsos, 'bukan daftar\u0000\u0001', { programCode: 'BAZNAS', periodYear: '2026' }, 'x.csv')).status).toBe(415);
    const res = await upload(dinsos, csv, { programCode: 'BAZNAS', periodYear: '2026', periodMonth: '5', amount: '500000' });
    expect(res.status).toBe(202);
    const job = await waitJob(dinsos, res.body.jobId);
    expect(job.status).toBe('DONE');
    expect(job.result).toEqual({ total: 5, MATCHED: 2, MATCHED_DIFF: 0, NOT_FOUND: 1, INVALID: 2, receipts: 1 });

    const receipts = await dinsos.get('/api/v1/aid/receipts?source=IMPORT');
    expect(receipts.body.items).toEqual([
      expect.objectContaining({
        householdId: ids.a2,
        programCode: 'BAZNAS',
        periodYear: 2026,
        periodMonth: 5,
        amount: 500000,
        fundingSource: 'NON_GOV',
      }),
    ]);

    const report = await dinsos.get(`/api/v1/aid/imports/${res.body.importId}/report`);
    expect(report.body.map((r: { rowNumber: number; result: string }) => [r.rowNumber, r.result])).toEqual([
      [3, 'NOT_FOUND'],
      [4, 'INVALID'],
      [5, 'INVALID'],
    ]);
    expect(report.body[0]).toMatchObject({ nik: '3513**********99', reason: expect.stringContaining('tidak ditemukan') });
    expect(report.body[2].reason).toBe('NIK dan No KK kosong');

    const file = await dinsos.get(`/api/v1/aid/imports/${res.body.importId}/report/export?format=csv`);
    expect(file.status).toBe(200);
    expect(file.text).toContain('3,3513**********99,,Orang Luar,Tidak ditemukan');
    expect(file.text).not.toContain('3513064101900099');

    const audit = await sql<{ action: string }>`select action from audit_log where action like 'aid.import%' order by id`.execute(s.ctx.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['aid.import', 'aid.import.report']);
  });

  it('counts the unmatched row of desa B as a recipient outside the registry', async () => {
    const gaps = await dinsos.get('/api/v1/aid/gaps?level=desa&kecamatan=35.13.06');
    const b = gaps.body.areas.find((a: { code: string }) => a.code === B);
    expect(b.inclusionOutsideRegistry).toBe(1);
    expect(gaps.body.total.inclusionOutsideRegistry).toBe(1);
    const all = await dinsos.get('/api/v1/aid/gaps');
    expect(all.body.total.unlocatedOutsideRegistry).toBe(0);
    expect((await opA.get('/api/v1/aid/imports/1/report')).status).toBe(404);
    expect((await opA.get('/api/v1/aid/imports')).body).toEqual([]);
    expect((await dinsos.get('/api/v1/aid/imports')).body).toEqual([expect.objectContaining({ programCode: 'BAZNAS', status: 'DONE' })]);
  });
});
