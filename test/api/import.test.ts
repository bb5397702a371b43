import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANGGOTA_COLUMNS, KELUARGA_COLUMNS } from '../../src/modules/registry/import/columns.js';
import { waitJob } from '../helpers/jobs.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let admin: Client;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.impor', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
});
afterAll(async () => {
  await s?.close();
});

// ---- building files -------------------------------------------------------------------

type Row = Record<string, string | number | Date>;

const FAMILY: Row = {
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

const MEMBER: Row = {
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

const family = (o: Row) => KELUARGA_COLUMNS.map((c) => o[c] ?? FAMILY[c] ?? '');
const member = (o: Row) => ANGGOTA_COLUMNS.map((c) => o[c] ?? MEMBER[c] ?? '');
const excelSerial = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;

function csv(rows: Array<Array<string | number | Date>>, delimiter = ';'): Buffer {
  const cell = (v: string | number | Date) => {
    const t = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[;,"\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(cell).join(delimiter)).join('\r\n')}\r\n`);
}

async function xlsx(rows: Array<Array<string | number | Date>>): Promise<Buffer> {
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

async function upload(client: Client, kind: string, files: Record<string, [Buffer, string]>, edition?: string) {
  const fd = new FormData();
  fd.append('kind', kind);
  if (edition) fd.append('edition', edition);
  for (const [field, [data, name]] of Object.entries(files)) fd.append(field, new Blob([new Uint8Array(data)]), name);
  return client.post('/api/v1/imports', fd);
}

async function importDone(client: Client, kind: string, files: Record<string, [Buffer, string]>, edition?: string) {
  const res = await upload(client, kind, files, edition);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const job = await waitJob(client, res.body.jobId);
  expect(job.status, JSON.stringify(job)).toBe('DONE');
  const imp = await client.get(`/api/v1/imports/${res.body.importId}`);
  expect(imp.status).toBe(200);
  expect(imp.body.status).toBe('DONE');
  return { importId: res.body.importId as number, job, counts: imp.body.counts };
}

function expectCountsAddUp(c: { rows: number; stored: number; inserted: number; updated: number; unchanged: number; rejected: number }) {
  expect(c.rows).toBe(c.stored + c.rejected);
  expect(c.stored).toBe(c.inserted + c.updated + c.unchanged);
}

// ---- the damaged pair ----------------------------------------------------------------

const FAMILY_ROWS = [
  [...KELUARGA_COLUMNS],
  family({}), // 2: stored
  family({
    id_keluarga_p3ke: 'P3KE-002',
    kode_kemdagri: '35.13.06.2013',
    desa_kelurahan: 'SUKAMAJU',
    kepala_keluarga: 'AHMAD',
    nik: "'3513061201800002",
    jenis_kelamin: 'LAKI-LAKI',
    tanggal_lahir: '1980-01-12',
    no_kk: '',
  }), // 3: stored, warnings: apostrophe, desa name
  family({ id_keluarga_p3ke: 'P3KE-004', nik: '3.51306E+15' }), // 4
  family({ id_keluarga_p3ke: 'P3KE-005', nik: '351306550578001' }), // 5
  family({ id_keluarga_p3ke: 'P3KE-006', nik: '3513065505780006', kode_kemdagri: '3513062099' }), // 6
  family({ id_keluarga_p3ke: 'P3KE-007', nik: '3513065505780007', desil_kesejahteraan: '=1+1' }), // 7
  family({ id_keluarga_p3ke: 'P3KE-008', nik: '3513065505780008', tanggal_lahir: '31/02/1980' }), // 8
  family({ id_keluarga_p3ke: 'P3KE-009', nik: '3513065505780009', penerima_pkh: 'MUNGKIN' }), // 9
  family({ id_keluarga_p3ke: 'P3KE-010', nik: '3513065505780010', kepala_keluarga: '' }), // 10
  family({ id_keluarga_p3ke: 'P3KE-011' }), // 11: same NIK as row 2
  family({ id_keluarga_p3ke: 'P3KE-012', nik: '3574025505780003', tanggal_lahir: '15/05/1978 0:00:00' }), // 12: stored, NIK issued elsewhere
  family({ id_keluarga_p3ke: 'P3KE-013', nik: '3513065505780013', no_kk: '3,51306E+15' }), // 13
  family({
    id_keluarga_p3ke: 'P3KE-003',
    nik: '3513064404900004',
    desil_kesejahteraan: '1',
    tanggal_lahir: String(excelSerial(1990, 4, 4)),
  }), // 14: stored, extreme poor, Excel serial date
  family({ nik: '3513065505780015' }), // 15: id of row 2 again
  family({ id_keluarga_p3ke: 'P3KE-016', nik: '3513065505780016', kode_kemdagri: '3574021001' }), // 16
  [...family({ id_keluarga_p3ke: 'P3KE-017', nik: '3513065505780017' }), 'lebih'], // 17: one cell too many
];

const MEMBER_ROWS = [
  [...ANGGOTA_COLUMNS],
  member({}), // 2: stored
  member({
    id_individu: 'IND-002',
    nama: 'BUDI',
    nik: 3513061203050002,
    jenis_kelamin: 'LAKI-LAKI',
    tanggal_lahir: new Date(Date.UTC(2005, 2, 12)),
    hubungan_dengan_kepala_keluarga: 'ANAK',
  }), // 3: stored, NIK as number
  member({ id_individu: 'IND-003', nama: 'RINI', nik: 3513065003100010, tanggal_lahir: '10/03/2010' }), // 4: numeric NIK lost its 16th digit
  member({
    id_keluarga_p3ke: 'P3KE-002',
    kode_kemdagri: '3513062013',
    desa_kelurahan: 'GUNUNGGENI',
    id_individu: 'IND-004',
    nama: 'AHMAD',
    nik: '3513061201800002',
    jenis_kelamin: 'LAKI-LAKI',
    tanggal_lahir: new Date(Date.UTC(1980, 0, 12)),
  }), // 5: stored
  member({
    id_keluarga_p3ke: 'P3KE-002',
    kode_kemdagri: '3513062013',
    desa_kelurahan: 'GUNUNGGENI',
    id_individu: 'IND-005',
    nama: 'KEMBAR',
  }), // 6: NIK of row 2
  member({ id_keluarga_p3ke: 'P3KE-004', id_individu: 'IND-006', nama: 'ANAK P4', nik: '3513061505100006', tanggal_lahir: '15/05/2010' }), // 7: family rejected
  member({
    id_keluarga_p3ke: 'P3KE-099',
    id_individu: 'IND-007',
    nama: 'TANPA KELUARGA',
    nik: '3513061505100007',
    tanggal_lahir: '15/05/2010',
  }), // 8: family missing
  member({
    id_keluarga_p3ke: 'P3KE-003',
    kode_kemdagri: '3513062013',
    desa_kelurahan: 'GUNUNGGENI',
    id_individu: 'IND-008',
    nama: 'WATI',
    nik: '3513064404900004',
    tanggal_lahir: excelSerial(1990, 4, 4),
  }), // 9: stored, region differs from its family
  member({ id_keluarga_p3ke: 'P3KE-003', id_individu: 'IND-009', nama: '', nik: '3513061505100009', tanggal_lahir: '15/05/2010' }), // 10: no name
  member({ id_keluarga_p3ke: 'P3KE-012', id_individu: 'IND-010', nama: 'SITI', nik: '3574025505780003' }), // 11: stored, NIK issued elsewhere
];

describe('P3KE import of a damaged pair (keluarga CSV, anggota XLSX)', () => {
  let importId: number;
  let counts: any;
  let files: Record<string, [Buffer, string]>;

  beforeAll(async () => {
    files = { keluarga: [csv(FAMILY_ROWS), 'keluarga.csv'], anggota: [await xlsx(MEMBER_ROWS), 'anggota.xlsx'] };
    const r = await importDone(admin, 'P3KE', files, 'P3KE 2023');
    importId = r.importId;
    counts = r.counts;
    expect(r.job.message).toContain(`Impor P3KE #${importId}`);
    // After the commit the import refreshed the planner statistics (VACUUM ANALYZE), and timed it.
    expect(r.job.result.timings).toEqual({
      readSeconds: expect.any(Number),
      loadSeconds: expect.any(Number),
      statisticsSeconds: expect.any(Number),
    });
  });

  it('counts every row: stored + rejected = rows, stored = inserted + updated + unchanged', () => {
    expect(counts.files.keluarga).toMatchObject({ rows: 16, stored: 4, inserted: 4, updated: 0, unchanged: 0, rejected: 12 });
    expect(counts.files.anggota).toMatchObject({ rows: 10, stored: 5, inserted: 5, updated: 0, unchanged: 0, rejected: 5 });
    expect(counts).toMatchObject({ rows: 26, stored: 9, rejected: 17 });
    expectCountsAddUp(counts);
    expectCountsAddUp(counts.files.keluarga);
    expectCountsAddUp(counts.files.anggota);
  });

  it('reports every defect with its row number, column and reason', async () => {
    const r = await admin.get(`/api/v1/imports/${importId}/issues?pageSize=500`);
    expect(r.status).toBe(200);
    const issues: Array<{
      file: string;
      rowNumber: number;
      column: string | null;
      value: string | null;
      severity: string;
      code: string;
      message: string;
    }> = r.body.items;
    expect(r.body.total).toBe(issues.length);
    const has = (file: string, row: number, column: string | null, severity: string, code: string, text?: string) => {
      const hit = issues.find(
        (i) => i.file === file && i.rowNumber === row && i.column === column && i.severity === severity && i.code === code,
      );
      expect(hit, `${file} row ${row} ${column} ${code}`).toBeDefined();
      if (text) expect(hit?.message).toContain(text);
    };
    has('keluarga', 3, 'nik', 'WARNING', 'ID_LEADING_APOSTROPHE');
    has('keluarga', 3, 'desa_kelurahan', 'WARNING', 'REGION_NAME_MISMATCH', 'SUKAMAJU');
    has('keluarga', 4, 'nik', 'ERROR', 'ID_SCIENTIFIC_NOTATION', '3.51306E+15');
    has('keluarga', 5, 'nik', 'ERROR', 'ID_DIGIT_LOST', '15 digit');
    has('keluarga', 6, 'kode_kemdagri', 'ERROR', 'REGION_UNKNOWN', '35.13.06.2099');
    has('keluarga', 7, 'desil_kesejahteraan', 'ERROR', 'DESIL_INVALID');
    has('keluarga', 8, 'tanggal_lahir', 'ERROR', 'DATE_INVALID', '31/02/1980');
    has('keluarga', 9, 'penerima_pkh', 'ERROR', 'FLAG_INVALID', 'MUNGKIN');
    has('keluarga', 10, 'kepala_keluarga', 'ERROR', 'REQUIRED_EMPTY');
    has('keluarga', 11, 'nik', 'ERROR', 'DUPLICATE', 'baris 2');
    has('keluarga', 2, 'nik', 'WARNING', 'DUPLICATE', 'baris 11');
    has('keluarga', 12, 'nik', 'WARNING', 'NIK_REGION_MISMATCH', '35.74.02');
    has('keluarga', 13, 'no_kk', 'ERROR', 'ID_SCIENTIFIC_NOTATION', '3,51306E+15');
    has('keluarga', 15, 'id_keluarga_p3ke', 'ERROR', 'DUPLICATE', 'baris 2');
    has('keluarga', 16, 'kode_kemdagri', 'ERROR', 'REGION_OUTSIDE', '35.13');
    has('keluarga', 17, null, 'ERROR', 'COLUMN_COUNT');
    has('anggota', 3, 'nik', 'WARNING', 'ID_STORED_AS_NUMBER');
    has('anggota', 4, 'nik', 'ERROR', 'ID_NUMBER_PRECISION_LOST', '15 digit');
    has('anggota', 6, 'nik', 'ERROR', 'DUPLICATE', 'baris 2');
    has('anggota', 7, 'id_keluarga_p3ke', 'ERROR', 'FAMILY_REJECTED', 'baris 4 berkas keluarga');
    has('anggota', 8, 'id_keluarga_p3ke', 'ERROR', 'FAMILY_MISSING', 'P3KE-099');
    has('anggota', 9, 'kode_kemdagri', 'WARNING', 'MEMBER_REGION_MISMATCH');
    has('anggota', 10, 'nama', 'ERROR', 'REQUIRED_EMPTY');
    has('anggota', 11, 'nik', 'WARNING', 'NIK_REGION_MISMATCH');
    // Every rejected row, and only those, has an ERROR: nothing is dropped silently.
    const errorRows = (file: string) =>
      [...new Set(issues.filter((i) => i.file === file && i.severity === 'ERROR').map((i) => i.rowNumber))].sort((a, b) => a - b);
    expect(errorRows('keluarga')).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 16, 17]);
    expect(errorRows('anggota')).toEqual([4, 6, 7, 8, 10]);
    expect(issues.filter((i) => i.severity === 'WARNING')).toHaveLength(counts.warnings);
  });

  it('stores every good row with its source, edition, desil and members', async () => {
    const households = await s.ctx.db
      .selectFrom('household')
      .select([
        'source',
        'source_id',
        'edition',
        'desil',
        'target_status',
        'desa_code',
        'head_nik',
        'head_birth_date',
        'member_count',
        'aid_pkh',
        'aid_sembako',
        'import_id',
      ])
      .orderBy('source_id')
      .execute();
    expect(households.map((h) => h.source_id)).toEqual(['P3KE-001', 'P3KE-002', 'P3KE-003', 'P3KE-012']);
    expect(households.every((h) => h.source === 'P3KE' && h.edition === 'P3KE 2023' && h.import_id === importId)).toBe(true);
    const byId = Object.fromEntries(households.map((h) => [h.source_id, h]));
    expect(byId['P3KE-001']).toMatchObject({ desil: 2, target_status: 'MISKIN', member_count: 2, aid_pkh: true, aid_sembako: false });
    expect(byId['P3KE-002']).toMatchObject({ desa_code: '35.13.06.2013', head_nik: '3513061201800002', member_count: 1 });
    expect(byId['P3KE-003']).toMatchObject({ desil: 1, target_status: 'MISKIN_EKSTREM', member_count: 1 });
    expect(byId['P3KE-003']?.head_birth_date?.toISOString().slice(0, 10)).toBe('1990-04-04');
    const members = await s.ctx.db
      .selectFrom('member')
      .select(['source_id', 'nik', 'desa_code', 'birth_date'])
      .orderBy('source_id')
      .execute();
    expect(members.map((m) => m.source_id)).toEqual(['IND-001', 'IND-002', 'IND-004', 'IND-008', 'IND-010']);
    expect(members.find((m) => m.source_id === 'IND-002')?.nik).toBe('3513061203050002');
    // A member lives where its family lives.
    expect(members.find((m) => m.source_id === 'IND-008')?.desa_code).toBe('35.13.06.2005');
  });

  it('lists the import with its files, counts and who started it; pages issues by severity', async () => {
    const list = await admin.get('/api/v1/imports');
    expect(list.status).toBe(200);
    const item = list.body.items.find((i: { id: number }) => i.id === importId);
    expect(item).toMatchObject({ kind: 'P3KE', status: 'DONE', edition: 'P3KE 2023', error: null, startedBy: { name: 'admin.impor' } });
    expect(item.files.map((f: { role: string; name: string; rows: number }) => [f.role, f.name, f.rows])).toEqual([
      ['keluarga', 'keluarga.csv', 16],
      ['anggota', 'anggota.xlsx', 10],
    ]);
    const warnings = await admin.get(`/api/v1/imports/${importId}/issues?severity=WARNING&page=1&pageSize=2`);
    expect(warnings.body.items).toHaveLength(2);
    expect(warnings.body.total).toBe(counts.warnings);
    expect(warnings.body.items.every((i: { severity: string }) => i.severity === 'WARNING')).toBe(true);
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'registry.import' and entity_id = ${String(importId)}`.execute(s.ctx.db);
    expect(audit.rows[0]?.n).toBe(1);
  });

  it('streams the error report as CSV and XLSX with Indonesian headers, formulas neutralised', async () => {
    const c = await admin.get(`/api/v1/imports/${importId}/report.csv`);
    expect(c.status).toBe(200);
    expect(c.headers.get('content-type')).toContain('text/csv');
    expect(c.headers.get('content-disposition')).toContain(`laporan-impor-${importId}.csv`);
    const lines = c.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Berkas,Baris,Kolom,Nilai,Tingkat,Kode,Keterangan');
    expect(lines.some((l) => l.startsWith('keluarga.csv,4,nik,3.51306E+15,Ditolak,ID_SCIENTIFIC_NOTATION,'))).toBe(true);
    expect(lines.some((l) => l.startsWith("keluarga.csv,7,desil_kesejahteraan,'=1+1,Ditolak,DESIL_INVALID"))).toBe(true);
    const total = (await admin.get(`/api/v1/imports/${importId}/issues?pageSize=1`)).body.total;
    expect(lines).toHaveLength(1 + total);

    const x = await fetch(`${s.baseUrl}/api/v1/imports/${importId}/report.xlsx`, { headers: { cookie: admin.cookie } });
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    expect(ws?.getRow(1).values).toEqual([undefined, 'Berkas', 'Baris', 'Kolom', 'Nilai', 'Tingkat', 'Kode', 'Keterangan']);
    const rows: unknown[][] = [];
    ws?.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows).toHaveLength(lines.length - 1);
    expect(rows).toContainEqual([
      'anggota.xlsx',
      8,
      'id_keluarga_p3ke',
      'P3KE-099',
      'Ditolak',
      'FAMILY_MISSING',
      expect.stringContaining('P3KE-099'),
    ]);
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await s.ctx.db.selectFrom('household').select(['id', 'version', 'updated_at']).orderBy('id').execute();
    const membersBefore = await s.ctx.db.selectFrom('member').select(['id', 'updated_at']).orderBy('id').execute();
    const again = await importDone(admin, 'P3KE', files, 'P3KE 2023');
    expect(again.counts.files.keluarga).toMatchObject({ rows: 16, stored: 4, inserted: 0, updated: 0, unchanged: 4, rejected: 12 });
    expect(again.counts.files.anggota).toMatchObject({ rows: 10, stored: 5, inserted: 0, updated: 0, unchanged: 5, rejected: 5 });
    expect(again.counts.members.removed).toBe(0);
    expect(await s.ctx.db.selectFrom('household').select(['id', 'version', 'updated_at']).orderBy('id').execute()).toEqual(before);
    expect(await s.ctx.db.selectFrom('member').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(membersBefore);
    const history = await s.ctx.db.selectFrom('household_history').select('id').execute();
    expect(history).toHaveLength(0);
  });

  it('updates households in place from a newer release and keeps what changed, from which import', async () => {
    const release = {
      keluarga: [
        csv(
          [
            [...KELUARGA_COLUMNS],
            family({ kepala_keluarga: 'SITI AMINAH BINTI SALEH' }),
            family({
              id_keluarga_p3ke: 'P3KE-002',
              kode_kemdagri: '35.13.06.2013',
              desa_kelurahan: 'SUKAMAJU',
              kepala_keluarga: 'AHMAD',
              nik: "'3513061201800002",
              jenis_kelamin: 'LAKI-LAKI',
              tanggal_lahir: '1980-01-12',
              no_kk: '',
            }),
            family({
              id_keluarga_p3ke: 'P3KE-003',
              nik: '3513064404900004',
              desil_kesejahteraan: '1',
              tanggal_lahir: String(excelSerial(1990, 4, 4)),
            }),
            family({ id_keluarga_p3ke: 'P3KE-012', nik: '3574025505780003', tanggal_lahir: '15/05/1978 0:00:00' }),
            family({
              id_keluarga_p3ke: 'P3KE-020',
              nik: '3513061010700020',
              kepala_keluarga: 'BARU',
              jenis_kelamin: 'LAKI-LAKI',
              tanggal_lahir: '10/10/1970',
            }),
          ],
          ',',
        ),
        'keluarga-2024.csv',
      ] as [Buffer, string],
      anggota: [
        await xlsx([
          [...ANGGOTA_COLUMNS],
          member({ nama: 'SITI AMINAH BINTI SALEH' }),
          MEMBER_ROWS[4] as Array<string | number | Date>,
          MEMBER_ROWS[8] as Array<string | number | Date>,
          MEMBER_ROWS[10] as Array<string | number | Date>,
          member({
            id_keluarga_p3ke: 'P3KE-002',
            kode_kemdagri: '3513062013',
            desa_kelurahan: 'GUNUNGGENI',
            id_individu: 'IND-020',
            nama: 'LAHIR BARU',
            nik: '3513061505240020',
            tanggal_lahir: '15/05/2024',
          }),
          member({
            id_keluarga_p3ke: 'P3KE-020',
            id_individu: 'IND-021',
            nama: 'BARU',
            nik: '3513061010700020',
            tanggal_lahir: '10/10/1970',
          }),
        ]),
        'anggota-2024.xlsx',
      ] as [Buffer, string],
    };
    const v1 = await s.ctx.db.selectFrom('household').select(['source_id', 'version', 'updated_at']).execute();
    // A condition recorded in the field (not a column of the files) survives the new release.
    await sql`update member set attributes = attributes || '{"disabilitas": "YA"}' where source_id = 'IND-001'`.execute(s.ctx.db);
    const newer = await importDone(admin, 'P3KE', release, 'P3KE 2024');
    expect(newer.counts.households).toEqual({ inserted: 1, updated: 1, unchanged: 3 });
    expect(newer.counts.members).toEqual({ inserted: 2, updated: 1, unchanged: 3, removed: 1 });
    expectCountsAddUp(newer.counts);

    const h = await s.ctx.db
      .selectFrom('household')
      .select(['id', 'source_id', 'head_name', 'edition', 'version', 'member_count', 'import_id', 'updated_at'])
      .execute();
    const get = (id: string) => h.find((x) => x.source_id === id);
    const old = (id: string) => v1.find((x) => x.source_id === id);
    expect(get('P3KE-001')).toMatchObject({
      head_name: 'SITI AMINAH BINTI SALEH',
      edition: 'P3KE 2024',
      version: 2,
      member_count: 1,
      import_id: newer.importId,
    });
    expect(get('P3KE-002')).toMatchObject({ edition: 'P3KE 2023', version: 2, member_count: 2 });
    expect(get('P3KE-003')).toMatchObject({ version: 1, edition: 'P3KE 2023' });
    expect(get('P3KE-003')?.updated_at).toEqual(old('P3KE-003')?.updated_at);
    expect(get('P3KE-020')).toMatchObject({ version: 1, member_count: 1, edition: 'P3KE 2024' });

    const history = await s.ctx.db.selectFrom('household_history').select(['household_id', 'import_id', 'changed_by', 'changes']).execute();
    expect(history).toHaveLength(2);
    expect(history.every((x) => x.import_id === newer.importId)).toBe(true);
    type HistoryChanges = { head_name?: unknown; members?: { changed?: unknown; removed?: unknown; added?: unknown } };
    const p1 = history.find((x) => x.household_id === get('P3KE-001')?.id)?.changes as HistoryChanges | undefined;
    expect(p1?.head_name).toEqual(['SITI AMINAH', 'SITI AMINAH BINTI SALEH']);
    expect(p1?.members?.changed).toEqual([
      { sourceId: 'IND-001', name: 'SITI AMINAH BINTI SALEH', fields: { name: ['SITI AMINAH', 'SITI AMINAH BINTI SALEH'] } },
    ]);
    expect(p1?.members?.removed).toEqual([{ sourceId: 'IND-002', name: 'BUDI' }]);
    const p2 = history.find((x) => x.household_id === get('P3KE-002')?.id)?.changes as HistoryChanges | undefined;
    expect(p2).toEqual({ members: { added: [{ sourceId: 'IND-020', name: 'LAHIR BARU' }] } });
    expect(await s.ctx.db.selectFrom('member').select('id').where('source_id', '=', 'IND-002').execute()).toHaveLength(0);
    const siti = await s.ctx.db
      .selectFrom('member')
      .select(['name', 'attributes'])
      .where('source_id', '=', 'IND-001')
      .executeTakeFirstOrThrow();
    expect(siti.name).toBe('SITI AMINAH BINTI SALEH');
    expect(siti.attributes).toMatchObject({ disabilitas: 'YA' });
  });
});

describe('DTKS import', () => {
  it('groups individuals into households by IDBDT, finds the head and reports defects', async () => {
    const header = [
      'IDBDT',
      'IDARTBDT',
      'KDPROP',
      'KDKAB',
      'KDKEC',
      'KDDESA',
      'NoPesertaPKH',
      'Nama',
      'JnsKel',
      'TglLahir',
      'Hub_KRT',
      'NIK',
      'NoKK',
      'Sta_kawin',
      'Sta_keberadaan_art',
      'Ada_kks',
      'Ada_pbi',
      'Ada_kip',
      'Ada_pkh',
      'Ada_BPNT',
    ];
    const rows = [
      header,
      [
        'BDT-1',
        'ART-1',
        '35',
        '13',
        '6',
        '2005',
        'PKH-9',
        'KARTO',
        '1',
        '1970-01-01',
        '1',
        '3513060101700001',
        '3513062103150007',
        '2',
        '1',
        '1',
        '1',
        '0',
        '1',
        '2',
      ],
      [
        'BDT-1',
        'ART-2',
        '35',
        '13',
        '06',
        '2005',
        '',
        'SUMI',
        '2',
        '05/06/1975',
        '2',
        '3513064506750002',
        '',
        '2',
        '1',
        '0',
        '1',
        '0',
        '0',
        '0',
      ],
      ['BDT-2', 'ART-3', '35', '13', '06', '2013', '', 'PAIJO', '1', '01/02/2001', '3', '', '', '1', '1', '0', '0', '1', '0', '1'],
      [
        'BDT-2',
        'ART-4',
        '35',
        '13',
        '06',
        '2013',
        '',
        'PAINEM',
        '2',
        '01/02/2003',
        '3',
        '3.51306E+15',
        '',
        '1',
        '1',
        '0',
        '0',
        '0',
        '0',
        '0',
      ],
      [
        'BDT-3',
        'ART-5',
        '35',
        '13',
        '99',
        '2005',
        '',
        'ENTAH',
        '1',
        '01/02/2003',
        '1',
        '3513990102030005',
        '',
        '1',
        '1',
        '0',
        '0',
        '0',
        '0',
        '0',
      ],
    ];
    const done = await importDone(admin, 'DTKS', { dtks: [csv(rows, ','), 'dtks.csv'] }, 'DTKS Jan 2025');
    expect(done.counts.files.dtks).toMatchObject({ rows: 5, stored: 3, inserted: 3, rejected: 2 });
    expect(done.counts.households).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expectCountsAddUp(done.counts);
    const hh = await s.ctx.db
      .selectFrom('household')
      .select([
        'source_id',
        'head_name',
        'head_nik',
        'kk_number',
        'member_count',
        'aid_pkh',
        'aid_bpnt',
        'desil',
        'desa_code',
        'indicators',
      ])
      .where('source', '=', 'DTKS')
      .orderBy('source_id')
      .execute();
    expect(hh).toEqual([
      {
        source_id: 'BDT-1',
        head_name: 'KARTO',
        head_nik: '3513060101700001',
        kk_number: '3513062103150007',
        member_count: 2,
        aid_pkh: true,
        aid_bpnt: false,
        desil: null,
        desa_code: '35.13.06.2005',
        indicators: { kks: true, pbi: true, kip: false },
      },
      {
        source_id: 'BDT-2',
        head_name: 'PAIJO',
        head_nik: null,
        kk_number: null,
        member_count: 1,
        aid_pkh: false,
        aid_bpnt: true,
        desil: null,
        desa_code: '35.13.06.2013',
        indicators: { kks: false, pbi: false, kip: true },
      },
    ]);
    const member = await s.ctx.db
      .selectFrom('member')
      .select(['relationship', 'marital_status', 'attributes'])
      .where('source_id', '=', 'ART-1')
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({
      relationship: 'Kepala rumah tangga',
      marital_status: 'Kawin',
      attributes: { noPesertaPkh: 'PKH-9', kks: true },
    });
    const issues = (await admin.get(`/api/v1/imports/${done.importId}/issues?pageSize=100`)).body.items as Array<{
      rowNumber: number;
      code: string;
      severity: string;
    }>;
    expect(issues.map((i) => [i.rowNumber, i.severity, i.code])).toEqual(
      expect.arrayContaining([
        [4, 'WARNING', 'NIK_EMPTY'],
        [4, 'WARNING', 'DTKS_NO_HEAD'],
        [5, 'ERROR', 'ID_SCIENTIFIC_NOTATION'],
        [6, 'ERROR', 'REGION_UNKNOWN'],
      ]),
    );
  });
});

describe('import access and file checks', () => {
  it('lets only admin kabupaten import or read imports; others cannot see the job', async () => {
    const op = await s.userClient('op.desa.impor', [{ role: 'operator_desa', regionCode: '35.13.06.2005' }]);
    const files: Record<string, [Buffer, string]> = {
      keluarga: [csv(FAMILY_ROWS.slice(0, 2)), 'k.csv'],
      anggota: [csv([[...ANGGOTA_COLUMNS]]), 'a.csv'],
    };
    const denied = await upload(op, 'P3KE', files);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    expect((await op.get('/api/v1/imports')).status).toBe(403);
    const list = await admin.get('/api/v1/imports');
    const last = list.body.items[0];
    expect((await op.get(`/api/v1/imports/${last.id}/report.csv`)).status).toBe(403);
    expect((await op.get(`/api/v1/jobs/${last.jobId}`)).status).toBe(404);
    const other = await s.userClient('admin.lain', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
    expect((await other.get(`/api/v1/jobs/${last.jobId}`)).status).toBe(200);
  });

  it('refuses a file that is not CSV or XLSX before starting, whatever its name', async () => {
    const before = (await admin.get('/api/v1/imports')).body.total;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const r = await upload(admin, 'P3KE', { keluarga: [png, 'keluarga.csv'], anggota: [csv([[...ANGGOTA_COLUMNS]]), 'anggota.csv'] });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('UNSUPPORTED_FILE');
    expect(r.body.error.message).toContain('keluarga.csv');
    expect(r.body.error.message).toContain('CSV atau XLSX');
    expect((await admin.get('/api/v1/imports')).body.total).toBe(before);
    const wrong = await upload(admin, 'SIKS', { dtks: [csv([['IDBDT']]), 'x.csv'] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('KIND_INVALID');
    const missing = await upload(admin, 'P3KE', { keluarga: [csv([[...KELUARGA_COLUMNS]]), 'k.csv'] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('FILES_MISSING');
  });

  it('fails an import whose file lacks required columns, naming them', async () => {
    const cols = KELUARGA_COLUMNS.filter((c) => c !== 'nik' && c !== 'kode_kemdagri');
    const r = await upload(admin, 'P3KE', { keluarga: [csv([cols]), 'tanpa-nik.csv'], anggota: [csv([[...ANGGOTA_COLUMNS]]), 'a.csv'] });
    expect(r.status).toBe(202);
    const job = await waitJob(admin, r.body.jobId);
    expect(job.status).toBe('FAILED');
    expect(job.error).toBe(
      `Kolom wajib tidak ditemukan di berkas keluarga (tanpa-nik.csv): kode_kemdagri, nik. Baris judul harus memuat kolom: ${KELUARGA_COLUMNS.join(', ')}`,
    );
    const imp = await admin.get(`/api/v1/imports/${r.body.importId}`);
    expect(imp.body).toMatchObject({ status: 'FAILED', error: job.error });

    const broken = Buffer.from(`${KELUARGA_COLUMNS.join(',')}\nP3KE-1,"JAWA TIMUR\n`);
    const b = await upload(admin, 'P3KE', { keluarga: [broken, 'putus.csv'], anggota: [csv([[...ANGGOTA_COLUMNS]]), 'a.csv'] });
    const brokenJob = await waitJob(admin, b.body.jobId);
    expect(brokenJob.status).toBe('FAILED');
    expect(brokenJob.error).toMatch(
      /^berkas keluarga \(putus\.csv\) rusak dan tidak bisa dibaca: tanda kutip \("\) di baris 2 tidak ditutup$/i,
    );
    expect(await s.ctx.db.selectFrom('household').select('id').where('source_id', '=', 'P3KE-1').execute()).toHaveLength(0);
  });

  it('limits the upload size', async () => {
    const small = await startTestServer({ uploadLimit: 2000 });
    try {
      const a = await small.userClient('admin.kecil', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
      const big = csv([[...KELUARGA_COLUMNS], ...Array.from({ length: 20 }, () => family({}))]);
      const r = await upload(a, 'P3KE', { keluarga: [big, 'k.csv'], anggota: [csv([[...ANGGOTA_COLUMNS]]), 'a.csv'] });
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect((await a.get('/api/v1/imports')).body.total).toBe(0);
    } finally {
      await small.close();
    }
  });
});
