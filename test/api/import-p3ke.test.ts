import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANGGOTA_COLUMNS, KELUARGA_COLUMNS } from '../../src/modules/registry/import/columns.js';
import { csv, excelSerial, expectCountsAddUp, family, importDone, member, useImportServer, xlsx } from '../helpers/import-files.js';

const api = useImportServer();

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
  family({}), // 15: row 2 again (the same family listed twice; another family under its id: import-family-conflict.test.ts)
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
    const r = await importDone(api.admin, 'P3KE', files, 'P3KE 2023');
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
    const r = await api.admin.get(`/api/v1/imports/${importId}/issues?pageSize=500`);
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
    const households = await api.server.ctx.db
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
    const members = await api.server.ctx.db
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
    const list = await api.admin.get('/api/v1/imports');
    expect(list.status).toBe(200);
    const item = list.body.items.find((i: { id: number }) => i.id === importId);
    expect(item).toMatchObject({ kind: 'P3KE', status: 'DONE', edition: 'P3KE 2023', error: null, startedBy: { name: 'admin.impor' } });
    expect(item.files.map((f: { role: string; name: string; rows: number }) => [f.role, f.name, f.rows])).toEqual([
      ['keluarga', 'keluarga.csv', 16],
      ['anggota', 'anggota.xlsx', 10],
    ]);
    const warnings = await api.admin.get(`/api/v1/imports/${importId}/issues?severity=WARNING&page=1&pageSize=2`);
    expect(warnings.body.items).toHaveLength(2);
    expect(warnings.body.total).toBe(counts.warnings);
    expect(warnings.body.items.every((i: { severity: string }) => i.severity === 'WARNING')).toBe(true);
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'registry.import' and entity_id = ${String(importId)}`.execute(
      api.server.ctx.db,
    );
    expect(audit.rows[0]?.n).toBe(1);
  });

  it('streams the error report as CSV and XLSX with Indonesian headers, formulas neutralised', async () => {
    const c = await api.admin.get(`/api/v1/imports/${importId}/report.csv`);
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
    const total = (await api.admin.get(`/api/v1/imports/${importId}/issues?pageSize=1`)).body.total;
    expect(lines).toHaveLength(1 + total);

    const x = await fetch(`${api.server.baseUrl}/api/v1/imports/${importId}/report.xlsx`, { headers: { cookie: api.admin.cookie } });
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
    const before = await api.server.ctx.db.selectFrom('household').select(['id', 'version', 'updated_at']).orderBy('id').execute();
    const membersBefore = await api.server.ctx.db.selectFrom('member').select(['id', 'updated_at']).orderBy('id').execute();
    const again = await importDone(api.admin, 'P3KE', files, 'P3KE 2023');
    expect(again.counts.files.keluarga).toMatchObject({ rows: 16, stored: 4, inserted: 0, updated: 0, unchanged: 4, rejected: 12 });
    expect(again.counts.files.anggota).toMatchObject({ rows: 10, stored: 5, inserted: 0, updated: 0, unchanged: 5, rejected: 5 });
    expect(again.counts.members.removed).toBe(0);
    expect(await api.server.ctx.db.selectFrom('household').select(['id', 'version', 'updated_at']).orderBy('id').execute()).toEqual(before);
    expect(await api.server.ctx.db.selectFrom('member').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(membersBefore);
    const history = await api.server.ctx.db.selectFrom('household_history').select('id').execute();
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
    const v1 = await api.server.ctx.db.selectFrom('household').select(['source_id', 'version', 'updated_at']).execute();
    // A condition recorded in the field (not a column of the files) survives the new release.
    await sql`update member set attributes = attributes || '{"disabilitas": "YA"}' where source_id = 'IND-001'`.execute(api.server.ctx.db);
    const newer = await importDone(api.admin, 'P3KE', release, 'P3KE 2024');
    expect(newer.counts.households).toEqual({ inserted: 1, updated: 1, unchanged: 3, removed: 0, rejected: 0 });
    expect(newer.counts.members).toEqual({ inserted: 2, updated: 1, unchanged: 3, removed: 1, rejected: 0 });
    expectCountsAddUp(newer.counts);

    const h = await api.server.ctx.db
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

    const history = await api.server.ctx.db
      .selectFrom('household_history')
      .select(['household_id', 'import_id', 'changed_by', 'changes'])
      .execute();
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
    expect(await api.server.ctx.db.selectFrom('member').select('id').where('source_id', '=', 'IND-002').execute()).toHaveLength(0);
    const siti = await api.server.ctx.db
      .selectFrom('member')
      .select(['name', 'attributes'])
      .where('source_id', '=', 'IND-001')
      .executeTakeFirstOrThrow();
    expect(siti.name).toBe('SITI AMINAH BINTI SALEH');
    expect(siti.attributes).toMatchObject({ disabilitas: 'YA' });
  });
});
