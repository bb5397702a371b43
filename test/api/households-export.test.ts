import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESA_A,
  DESA_B,
  DESA_C,
  fetchCsv,
  type HouseholdWorld,
  KK_SITI,
  lastExportAudit,
  list,
  NIK_BUHARI_CHILD,
  NIK_SITI,
  readXlsx,
  startHouseholdWorld,
} from '../helpers/household-dataset.js';
import type { Client, TestServer } from '../helpers/server.js';

let w: HouseholdWorld;
let s: TestServer;
let admin: Client;
let pimpinan: Client;
let opd: Client;
let opDesa: Client;
let opKec: Client;
let id: Record<string, number>;

beforeAll(async () => {
  w = await startHouseholdWorld();
  ({ s, admin, pimpinan, opd, opDesa, opKec, id } = w);
});
afterAll(async () => {
  await w?.s.close();
});

describe('export', () => {
  it('streams the filtered list as CSV with Indonesian headers, neutralised cells, and audits it', async () => {
    const { res: r, rows } = await fetchCsv(s, admin, '/api/v1/households/export.csv?kecamatan=35.13.06&sort=headName');
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="keluarga-351306-\d{4}-\d{2}-\d{2}\.csv"/);
    const header = rows[0] as string[];
    expect(header.slice(0, 8)).toEqual([
      'No',
      'Kode Wilayah',
      'Kecamatan',
      'Desa/Kelurahan',
      'No KK',
      'NIK Kepala Keluarga',
      'Kepala Keluarga',
      'Jenis Kelamin',
    ]);
    const col = (name: string) => header.indexOf(name);
    const data = rows.slice(1);
    expect(data.map((row) => row[col('Kepala Keluarga')])).toEqual(["'=1+2", 'AHMAD HASAN', 'BUHARI', 'SITI AMINAH', 'SITI FATIMAH']);
    expect(data.map((row) => row[0])).toEqual(['1', '2', '3', '4', '5']);
    const formula = data[0] as string[];
    expect(formula[col('Alamat')]).toBe("'@SUM(A1)");
    const siti = data[3] as string[];
    expect(siti[col('NIK Kepala Keluarga')]).toBe(NIK_SITI);
    expect(siti[col('Desa/Kelurahan')]).toBe('Alassapi');
    expect(siti[col('Status Sasaran')]).toBe('Miskin ekstrem');
    expect(siti[col('Penerima PKH')]).toBe('YA');
    expect(siti[col('Penerima BST')]).toBe('TIDAK');
    expect(siti[col('Jenis Atap')]).toBe('GENTENG');

    const audit = await lastExportAudit(s);
    expect(audit.actor_name).toBe('admin.hh');
    expect(audit.entity).toBe('household');
    expect(audit.region_code).toBe('35.13.06');
    expect(audit.after).toMatchObject({ format: 'csv', rows: 5, completed: true, filters: { kecamatan: '35.13.06' } });
  });

  it('streams XLSX that reads back with the same rows, neutralised, masked for pimpinan', async () => {
    const res = await fetch(`${s.baseUrl}/api/v1/households/export.xlsx?desil=1&sort=headName`, {
      headers: { cookie: pimpinan.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const rows = await readXlsx(res);
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    expect(rows.slice(1).map((row) => row[col('Kepala Keluarga')])).toEqual(['BUHARI', 'MISTIN', 'SITI AMINAH']);
    const siti = rows[3] as unknown[];
    expect(siti[col('NIK Kepala Keluarga')]).toBe('3513**********01');
    expect(siti[col('No KK')]).toBe('3513**********01');
    expect(siti[col('Desil')]).toBe(1);
    const audit = await lastExportAudit(s);
    expect(audit.actor_name).toBe('pimpinan.hh');
    expect(audit.after).toMatchObject({ format: 'xlsx', rows: 3, completed: true, filters: { desil: [1] } });

    const all = await fetch(`${s.baseUrl}/api/v1/households/export.xlsx?source=MANUAL`, { headers: { cookie: admin.cookie } });
    const manual = await readXlsx(all);
    const h = manual[0] as string[];
    expect((manual[1] as unknown[])[h.indexOf('Kepala Keluarga')]).toBe("'=1+2");
    expect((manual[1] as unknown[])[h.indexOf('Alamat')]).toBe("'@SUM(A1)");
  });

  it('masks identifiers in CSV for OPD pendamping', async () => {
    const r = await opd.get(`/api/v1/households/export.csv?desa=${DESA_A}`);
    expect(r.status).toBe(200);
    expect(r.text).not.toContain(NIK_SITI);
    expect(r.text).not.toContain(KK_SITI);
    expect(r.text).toContain('3513**********01');
  });

  it('validates export parameters like the list', async () => {
    const r = await admin.get('/api/v1/households/export.csv?desil=x');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('region scope (issue 2): an operator desa never reaches another desa', () => {
  it('404 by id, with the same body as a household that does not exist', async () => {
    const other = await opDesa.get(`/api/v1/households/${id.buhari}`);
    const missing = await opDesa.get('/api/v1/households/999999');
    expect(other.status).toBe(404);
    expect(other.body).toEqual(missing.body);
    expect((await opDesa.get(`/api/v1/households/${id.siti}`)).status).toBe(200);
  });

  it('404 by list filter on another desa or kecamatan', async () => {
    const r = await opDesa.get(`/api/v1/households?desa=${DESA_B}`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(r.body)).not.toContain('BUHARI');
    expect((await opDesa.get('/api/v1/households?kecamatan=35.13.07')).status).toBe(404);
  });

  it('404 by export filter on another desa, CSV and XLSX, and nothing is exported', async () => {
    const before = await s.ctx.db
      .selectFrom('audit_log')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const format of ['csv', 'xlsx']) {
      const r = await opDesa.get(`/api/v1/households/export.${format}?desa=${DESA_B}`);
      expect(r.status, format).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
      expect(r.text).not.toContain('BUHARI');
    }
    const after = await s.ctx.db
      .selectFrom('audit_log')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('the unfiltered list and export hold only their own desa', async () => {
    const body = await list(opDesa);
    expect(body.total).toBe(3);
    expect(body.items.every((i: { desaCode: string }) => i.desaCode === DESA_A)).toBe(true);
    const rows = (await fetchCsv(s, opDesa, '/api/v1/households/export.csv')).rows.slice(1);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row[1] === DESA_A)).toBe(true);
    expect((await lastExportAudit(s)).after).toMatchObject({ rows: 3, completed: true });
  });

  it('a search by the NIK of another desa finds nothing', async () => {
    expect((await list(opDesa, `q=${NIK_BUHARI_CHILD}`)).total).toBe(0);
    expect((await list(opDesa, 'q=buhari')).total).toBe(0);
  });

  it('filtering by their own kecamatan still shows only their desa', async () => {
    const body = await list(opDesa, 'kecamatan=35.13.06');
    expect(body.items.map((i: { desaCode: string }) => i.desaCode)).toEqual([DESA_A, DESA_A, DESA_A]);
  });

  it('an operator kecamatan sees their whole kecamatan and nothing else', async () => {
    const body = await list(opKec);
    expect(body.total).toBe(5);
    expect(new Set(body.items.map((i: { desaCode: string }) => i.desaCode))).toEqual(new Set([DESA_A, DESA_B]));
    expect((await opKec.get(`/api/v1/households/${id.buhari}`)).status).toBe(200);
    expect((await opKec.get(`/api/v1/households/${id.mistin}`)).status).toBe(404);
    expect((await opKec.get(`/api/v1/households?desa=${DESA_C}`)).status).toBe(404);
    expect((await opKec.get('/api/v1/households?kecamatan=35.13.07')).status).toBe(404);
    expect((await opKec.get(`/api/v1/households/export.xlsx?desa=${DESA_C}`)).status).toBe(404);
    const rows = (await fetchCsv(s, opKec, '/api/v1/households/export.csv')).rows.slice(1);
    expect(rows.map((row) => row[1]).sort()).toEqual([DESA_A, DESA_A, DESA_A, DESA_B, DESA_B]);
  });
});
