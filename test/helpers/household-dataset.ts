import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { parseCsvText } from '../../src/modules/registry/import/reader.js';
import { insertHouseholds } from './registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from './server.js';

/**
 * The small registry the household API tests share: three desa in two kecamatan, households
 * covering every filter value, and a signed-in client per role that matters for scope and
 * masking.
 */

export const DESA_A = '35.13.06.2005'; // Alassapi, kecamatan Banyuanyar
export const DESA_B = '35.13.06.2013'; // Gununggeni, kecamatan Banyuanyar
export const DESA_C = '35.13.07.2006'; // Tiris, kecamatan Tiris

export const NIK_SITI = '3513064507800001';
export const KK_SITI = '3513060101230001';
export const NIK_ROHMAN = '3513061203050002';
export const NIK_BUHARI_CHILD = '3513062002900009';

export interface HouseholdWorld {
  s: TestServer;
  admin: Client;
  pimpinan: Client;
  opd: Client;
  opDesa: Client;
  opKec: Client;
  /** Household ids by short name: siti, ahmad, formula, buhari, fatimah, mistin, aminah. */
  id: Record<string, number>;
}

export async function startHouseholdWorld(): Promise<HouseholdWorld> {
  const id: Record<string, number> = {};
  const s = await startTestServer();
  const ids = await insertHouseholds(s.ctx.db, [
    {
      desaCode: DESA_A,
      headName: 'SITI AMINAH',
      headNik: NIK_SITI,
      kkNumber: KK_SITI,
      headSex: 'P',
      headBirthDate: '1980-07-05',
      address: 'DUSUN KRAJAN RT 001 RW 002',
      desil: 1,
      targetStatus: 'MISKIN_EKSTREM',
      source: 'P3KE',
      sourceId: 'P3KE-0001',
      aid: { pkh: true, bpnt: true },
      indicators: { disabilitas: true },
      updatedAt: '2024-03-01T08:00:00.000Z',
      columns: { roof_type: 'GENTENG', floor_type: 'TANAH', has_savings: false, data_year: 2023, edition: 'P3KE 2023' },
      members: [
        { name: 'SITI AMINAH', nik: NIK_SITI, sex: 'P', relationship: 'KEPALA KELUARGA', birthDate: '1980-07-05' },
        {
          name: 'ROHMAN',
          nik: NIK_ROHMAN,
          sex: 'L',
          relationship: 'ANAK',
          birthDate: '2005-03-12',
          aid: { pkh: true },
          stuntingRisk: false,
        },
      ],
    },
    {
      desaCode: DESA_A,
      headName: 'AHMAD HASAN',
      headNik: '3513061001750003',
      kkNumber: '3513060101230002',
      desil: 2,
      targetStatus: 'MISKIN',
      source: 'DTKS',
      updatedAt: '2024-03-02T08:00:00.000Z',
    },
    {
      desaCode: DESA_A,
      headName: '=1+2',
      address: '@SUM(A1)',
      headNik: '3513060101900004',
      kkNumber: '3513060101230003',
      desil: 3,
      targetStatus: 'MISKIN',
      source: 'MANUAL',
      aid: { sembako: true },
      updatedAt: '2024-03-03T08:00:00.000Z',
    },
    {
      desaCode: DESA_B,
      headName: 'BUHARI',
      headNik: '3513060505600005',
      kkNumber: '3513060101230004',
      desil: 1,
      targetStatus: 'MISKIN_EKSTREM',
      aid: { bst: true },
      updatedAt: '2024-03-04T08:00:00.000Z',
      members: [{ name: 'ANAK BUHARI', nik: NIK_BUHARI_CHILD, relationship: 'ANAK' }],
    },
    {
      desaCode: DESA_B,
      headName: 'SITI FATIMAH',
      headNik: '3513064808700006',
      kkNumber: '3513060101230005',
      desil: 4,
      targetStatus: 'TIDAK_MISKIN',
      aid: { bpum: true },
      updatedAt: '2024-03-05T08:00:00.000Z',
    },
    {
      desaCode: DESA_C,
      headName: 'MISTIN',
      headNik: '3513074101650007',
      kkNumber: '3513070101230006',
      desil: 1,
      targetStatus: 'MISKIN_EKSTREM',
      aid: { pkh: true },
      updatedAt: '2024-03-06T08:00:00.000Z',
    },
    {
      desaCode: DESA_C,
      headName: 'AMINAH SITI',
      headNik: '3513074101700008',
      kkNumber: '3513070101230007',
      desil: null,
      updatedAt: '2024-03-07T08:00:00.000Z',
    },
  ]);
  ['siti', 'ahmad', 'formula', 'buhari', 'fatimah', 'mistin', 'aminah'].forEach((k, i) => {
    id[k] = ids[i] as number;
  });
  const admin = await s.userClient('admin.hh', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  const pimpinan = await s.userClient('pimpinan.hh', [{ role: 'pimpinan', regionCode: '35.13' }]);
  const opd = await s.userClient('opd.hh', [{ role: 'opd_pendamping', regionCode: '35.13.06' }]);
  const opDesa = await s.userClient('op.2005', [{ role: 'operator_desa', regionCode: DESA_A }]);
  const opKec = await s.userClient('op.banyuanyar', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }]);
  return { s, admin, pimpinan, opd, opDesa, opKec, id };
}

export const names = (body: { items: { headName: string }[] }) => body.items.map((i) => i.headName);

/** GET the household list, expecting 200. */
export async function list(c: Client, query = '') {
  const r = await c.get(`/api/v1/households${query ? `?${query}` : ''}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Download an export as raw bytes (fetch's text() would drop the BOM) and parse it. */
export async function fetchCsv(s: TestServer, c: Client, url: string): Promise<{ res: Response; rows: string[][] }> {
  const res = await fetch(`${s.baseUrl}${url}`, { headers: { cookie: c.cookie } });
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return { res, rows: parseCsvText(bytes.subarray(3).toString('utf8')) };
}

export async function readXlsx(res: Response): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet('Keluarga');
  if (!ws) throw new Error('no worksheet Keluarga');
  const rows: unknown[][] = [];
  ws.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

export async function lastExportAudit(s: TestServer) {
  const row = await s.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'household.export')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { ...row, after: row.after as { format: string; rows: number; completed: boolean; filters: Record<string, unknown> } };
}
