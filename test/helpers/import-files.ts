import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect } from 'vitest';
import { ANGGOTA_COLUMNS, KELUARGA_COLUMNS } from '../../src/modules/registry/import/columns.js';
import { waitJob } from './jobs.js';
import { type Client, startTestServer, type TestServer } from './server.js';

/** Building P3KE/DTKS files for the import API tests and uploading them. */

export type Row = Record<string, string | number | Date>;

export const FAMILY: Row = {
  id_keluarga_p3ke: 'P3KE-001',
  provinsi: 'JAWA TIMUR',
  kabupaten_kota: 'KAB. PROBOLINGGO',
  kecamatan: 'BANYUANYAR',
  desa_kelurahan: 'ALASSAPI',
  kode_kemdagri: '3513062005',
  desil_kesejahteraan: '2',
  alamat: 'DUSUN KRAJAN RT 001 RW 002',
  kepala_keluarga: 'SITI AMINAH',
  nik: '3513065505780001',
  no_kk: '3513062103150007',
  padan_dukcapil: 'YA',
  jenis_kelamin: 'PEREMPUAN',
  tanggal_lahir: '15/05/1978',
  pekerjaan: 'PETANI',
  pendidikan: 'SD',
  kepemilikan_rumah: 'MILIK SENDIRI',
  memiliki_simpanan_uang_perhiasan_ternak_lainnya: 'TIDAK',
  jenis_atap: 'GENTENG',
  jenis_dinding: 'TEMBOK',
  jenis_lantai: 'TANAH',
  sumber_penerangan: 'LISTRIK PLN',
  bahan_bakar_memasak: 'KAYU BAKAR',
  sumber_air_minum: 'SUMUR',
  memiliki_fasilitas_buang_air_besar: 'YA',
  penerima_bpnt: 'YA',
  penerima_bpum: 'TIDAK',
  penerima_bst: 'tidak',
  penerima_pkh: 'Ya',
  penerima_sembako: 'T',
  resiko_stunting: 'TIDAK',
  tahun: '2023',
};

export const MEMBER: Row = {
  id_keluarga_p3ke: 'P3KE-001',
  provinsi: 'JAWA TIMUR',
  kabupaten_kota: 'KAB. PROBOLINGGO',
  kecamatan: 'BANYUANYAR',
  desa_kelurahan: 'ALASSAPI',
  kode_kemdagri: '3513062005',
  desil_kesejahteraan: '2',
  alamat: 'DUSUN KRAJAN RT 001 RW 002',
  id_individu: 'IND-001',
  nama: 'SITI AMINAH',
  nik: '3513065505780001',
  padan_dukcapil: 'YA',
  jenis_kelamin: 'PEREMPUAN',
  hubungan_dengan_kepala_keluarga: 'KEPALA KELUARGA',
  tanggal_lahir: '15/05/1978',
  status_kawin: 'KAWIN',
  pekerjaan: 'PETANI',
  pendidikan: 'SD',
  usia_dibawah_7_tahun: 'TIDAK',
  usia_7_sd_12: 'TIDAK',
  usia_13_sd_15: 'TIDAK',
  usia_16_sd_18: 'TIDAK',
  usia_19_sd_21: 'TIDAK',
  usia_22_sd_59: 'YA',
  usia_60_tahun_keatas: 'TIDAK',
  penerima_bpnt: 'YA',
  penerima_bpum: 'TIDAK',
  penerima_bst: 'TIDAK',
  penerima_pkh: 'YA',
  penerima_sembako: 'TIDAK',
  resiko_stunting: 'TIDAK',
};

export const family = (o: Row) => KELUARGA_COLUMNS.map((c) => o[c] ?? FAMILY[c] ?? '');
export const member = (o: Row) => ANGGOTA_COLUMNS.map((c) => o[c] ?? MEMBER[c] ?? '');
export const excelSerial = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;

export function csv(rows: Array<Array<string | number | Date>>, delimiter = ';'): Buffer {
  const cell = (v: string | number | Date) => {
    const t = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[;,"\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(cell).join(delimiter)).join('\r\n')}\r\n`);
}

export async function xlsx(rows: Array<Array<string | number | Date>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  ws.eachRow((row) =>
    row.eachCell((c) => {
      if (c.value instanceof Date) c.numFmt = 'dd/mm/yyyy';
    }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function upload(client: Client, kind: string, files: Record<string, [Buffer, string]>, edition?: string) {
  const fd = new FormData();
  fd.append('kind', kind);
  if (edition) fd.append('edition', edition);
  for (const [field, [data, name]] of Object.entries(files)) fd.append(field, new Blob([new Uint8Array(data)]), name);
  return client.post('/api/v1/imports', fd);
}

export async function importDone(client: Client, kind: string, files: Record<string, [Buffer, string]>, edition?: string) {
  const res = await upload(client, kind, files, edition);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const job = await waitJob(client, res.body.jobId);
  expect(job.status, JSON.stringify(job)).toBe('DONE');
  const imp = await client.get(`/api/v1/imports/${res.body.importId}`);
  expect(imp.status).toBe(200);
  expect(imp.body.status).toBe('DONE');
  return { importId: res.body.importId as number, job, counts: imp.body.counts };
}

export function expectCountsAddUp(c: {
  rows: number;
  stored: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}) {
  expect(c.rows).toBe(c.stored + c.rejected);
  expect(c.stored).toBe(c.inserted + c.updated + c.unchanged);
}

// ---- the damaged pair ----------------------------------------------------------------

/**
 * The server of one test file (or describe block) with an admin kabupaten of 35.13 signed in:
 * started before its tests, closed after them. Read `server` and `admin` inside the tests.
 */
export function useImportServer(username = 'admin.impor'): { readonly server: TestServer; readonly admin: Client } {
  let server: TestServer | undefined;
  let admin: Client | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.userClient(username, [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  });
  afterAll(async () => {
    await server?.close();
  });
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('useImportServer: the server starts in beforeAll; use it inside a test');
    return v;
  };
  return {
    get server() {
      return started(server);
    },
    get admin() {
      return started(admin);
    },
  };
}
