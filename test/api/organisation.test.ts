import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import {
  assign,
  BANYUANYAR,
  BANYUANYAR_DESA,
  createFixtureOfficials,
  createPeriod,
  expectUnchanged,
  type Fixture,
  nip,
} from './organisation-fixture.js';

let s: TestServer;
let admin: Client;
let fx: Fixture;
let p2024: number;
const api = '/api/v1/organisation';

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.org', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  fx = await createFixtureOfficials(admin);
  p2024 = await createPeriod(admin, 'Gesek Ekstrem 2024', '2024-01-01', '2024-12-31');
});
afterAll(async () => {
  await s?.close();
});

const unchanged = (fn: () => Promise<void>) => expectUnchanged(s, fn);

function formWith(name: string, content: string | Buffer) {
  const fd = new FormData();
  fd.append('file', new Blob([content]), name);
  return fd;
}

describe('agencies and officials', () => {
  it('documents the organisation routes in OpenAPI', async () => {
    const r = await s.anonymous().get('/api/docs/json');
    expect(r.status).toBe(200);
    const paths = Object.keys(r.body.paths);
    expect(paths).toContain('/api/v1/organisation/periods/{periodId}/coverage');
    expect(paths).toContain('/api/v1/organisation/periods/{periodId}/assistant/accept');
    expect(r.body.paths['/api/v1/organisation/officials'].post.requestBody.content['application/json'].schema.required).toContain('nip');
  });

  it('lists agencies with their officials', async () => {
    const r = await admin.get(`${api}/agencies`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((a: { shortName: string; officialCount: number }) => [a.shortName, a.officialCount])).toEqual([
      ['DPUPR', 6],
      ['Dinsos', 1],
    ]);
  });

  it('rejects a duplicate agency code, an invalid NIP, an unknown agency and a taken NIP, changing nothing', async () => {
    await unchanged(async () => {
      const dup = await admin.post(`${api}/agencies`, { code: '1.03.01', name: 'Lain' });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('AGENCY_CODE_TAKEN');
      const base = { agencyId: fx.agencyA, name: 'Uji', position: 'Staf', echelon: 'STAF' };
      const short = await admin.post(`${api}/officials`, { ...base, nip: '19700101200003100' });
      expect(short.status).toBe(400);
      expect(short.body.error).toMatchObject({ code: 'INVALID_NIP', message: 'NIP harus 18 digit angka' });
      const badDate = await admin.post(`${api}/officials`, { ...base, nip: '197013012000031001' });
      expect(badDate.body.error.code).toBe('INVALID_NIP');
      expect(badDate.body.error.messageEn).toMatch(/birth date/);
      const badSex = await admin.post(`${api}/officials`, { ...base, nip: '197001012000033001' });
      expect(badSex.body.error.code).toBe('INVALID_NIP');
      const noAgency = await admin.post(`${api}/officials`, { ...base, agencyId: 99999, nip: nip(19) });
      expect(noAgency.status).toBe(404);
      const taken = await admin.post(`${api}/officials`, { ...base, nip: nip(0) });
      expect(taken.status).toBe(409);
      expect(taken.body.error.code).toBe('NIP_TAKEN');
    });
  });

  it('lets only the admin manage agencies and officials', async () => {
    const op = await s.userClient('op.kec.org', [{ role: 'operator_kecamatan', regionCode: BANYUANYAR }]);
    expect((await op.post(`${api}/agencies`, { code: 'X', name: 'X' })).status).toBe(403);
    expect((await op.patch(`${api}/officials/${fx.second}`, { name: 'X' })).status).toBe(403);
    const pim = await s.userClient('pimpinan.org', [{ role: 'pimpinan', regionCode: '35.13' }]);
    expect((await pim.post(`${api}/periods`, { program: 'X', name: 'X', startDate: '2030-01-01', endDate: '2030-02-01' })).status).toBe(
      403,
    );
    const all = await pim.get(`${api}/officials`);
    expect(all.body.total).toBe(7);
    // An operator sees only officials serving in their kecamatan: none yet.
    expect((await op.get(`${api}/officials`)).body.total).toBe(0);
  });

  it('imports agencies from CSV all-or-nothing, reporting every bad row', async () => {
    const bad = 'kode_opd;nama_opd;singkatan\n2.01.01;Dinas Kesehatan;Dinkes\n;Tanpa Kode;\n2.01.01;Ganda;\n';
    await unchanged(async () => {
      const r = await admin.post(`${api}/agencies/import`, formWith('opd.csv', bad));
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('IMPORT_INVALID');
      expect(r.body.error.details.mode).toBe('all_or_nothing');
      expect(r.body.error.details.errors).toEqual([
        expect.objectContaining({ row: 3, column: 'kode_opd', reason: 'kode_opd wajib diisi' }),
        expect.objectContaining({ row: 4, column: 'kode_opd', value: '2.01.01', reasonEn: 'Agency code 2.01.01 already appears on row 2' }),
      ]);
    });
    const missing = await admin.post(`${api}/agencies/import`, formWith('opd.csv', 'kode;nama\n1;A\n'));
    expect(missing.body.error.details.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [1, 'kode_opd'],
      [1, 'nama_opd'],
    ]);
    const good =
      '\uFEFFkode_opd,nama_opd,singkatan\n2.01.01,Dinas Kesehatan,Dinkes\n2.02.01,"Badan Perencanaan, Penelitian dan Pengembangan Daerah",Bappelitbangda\n';
    const ok = await admin.post(`${api}/agencies/import`, formWith('opd.csv', good));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toEqual({ mode: 'all_or_nothing', rows: 2, created: 2, updated: 0, unchanged: 0 });
    const again = await admin.post(`${api}/agencies/import`, formWith('opd.csv', good));
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('imports officials from XLSX, refusing the whole file when a row is wrong', async () => {
    const build = async (rows: Array<Array<string | number>>) => {
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('Pejabat');
      sheet.addRow(['Nama', 'NIP', 'Jabatan', 'Eselon', 'Kode OPD']);
      for (const r of rows) sheet.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const bad = await build([
      ['dr. Rina Wulandari', nip(11), 'Kepala Bidang P2P', 'III/a', '2.01.01'],
      ['Hendra Gunawan', 197205152000031000, 'Kepala Seksi', 'IV.a', '2.01.01'],
      ['Sri Utami', nip(13), 'Penyuluh', 'Honorer', '2.01.01'],
      ['Joko Susilo', nip(14), 'Staf', 'Staf', '9.99.99'],
    ]);
    await unchanged(async () => {
      const r = await admin.post(`${api}/officials/import`, formWith('pejabat.xlsx', bad));
      expect(r.status).toBe(400);
      expect(r.body.error.details.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
        [3, 'nip'],
        [4, 'eselon'],
        [5, 'kode_opd'],
      ]);
      expect(r.body.error.details.errors[0].reason).toMatch(/format kolom NIP sebagai teks/);
    });
    const good = await build([
      ['dr. Rina Wulandari', nip(11), 'Kepala Bidang P2P', 'III/a', '2.01.01'],
      ['Hendra Gunawan', nip(12), 'Kepala Seksi', 'IV.a', '2.01.01'],
      ['Sri Utami', nip(13), 'Penyuluh', 'Fungsional', '2.01.01'],
    ]);
    const ok = await admin.post(`${api}/officials/import`, formWith('pejabat.xlsx', good));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ rows: 3, created: 3, updated: 0 });
    const list = await admin.get(`${api}/officials?q=${nip(13)}`);
    expect(list.body.items[0]).toMatchObject({ name: 'Sri Utami', echelon: 'JF', agencyCode: '2.01.01' });
    const audit = await admin.get('/api/v1/audit?entity=official');
    expect(audit.body.items.some((e: { action: string }) => e.action === 'official.import')).toBe(true);
  });
});

describe('program periods', () => {
  it('refuses overlapping periods of one program and bad dates, changing nothing', async () => {
    await unchanged(async () => {
      const overlap = await admin.post(`${api}/periods`, {
        program: 'gesek ekstrem',
        name: 'GE 2024 B',
        startDate: '2024-12-01',
        endDate: '2025-03-01',
      });
      expect(overlap.status).toBe(409);
      expect(overlap.body.error).toMatchObject({ code: 'PERIOD_OVERLAP', details: { periodId: p2024 } });
      const reversed = await admin.post(`${api}/periods`, {
        program: 'Gesek Ekstrem',
        name: 'X',
        startDate: '2026-05-01',
        endDate: '2026-01-01',
      });
      expect(reversed.status).toBe(400);
      expect(reversed.body.error.code).toBe('PERIOD_DATES');
      const notADate = await admin.post(`${api}/periods`, {
        program: 'Gesek Ekstrem',
        name: 'X',
        startDate: '2026-02-30',
        endDate: '2026-03-01',
      });
      expect(notADate.body.error.code).toBe('VALIDATION_ERROR');
      const sameName = await admin.post(`${api}/periods`, {
        program: 'Lain',
        name: 'gesek ekstrem 2024',
        startDate: '2030-01-01',
        endDate: '2030-02-01',
      });
      expect(sameName.body.error.code).toBe('PERIOD_NAME_TAKEN');
    });
    const other = await admin.post(`${api}/periods`, {
      program: 'Program Lain',
      name: 'Program Lain 2024',
      startDate: '2024-06-01',
      endDate: '2024-08-01',
    });
    expect(other.status).toBe(201);
    expect((await admin.delete(`${api}/periods/${other.body.id}`)).status).toBe(204);
  });
});

describe('assignments and coverage: kecamatan Banyuanyar', () => {
  it('flags uncovered desa while the split is incomplete', async () => {
    const binaan = await admin.post(`${api}/periods/${p2024}/agency-assignments`, { agencyId: fx.agencyA, kecamatanCode: BANYUANYAR });
    expect(binaan.status).toBe(201);
    for (const [i, id] of fx.eselon3.entries()) {
      for (const desa of BANYUANYAR_DESA.slice(i * 2, i * 2 + 2)) {
        const r = await assign(admin, p2024, id, 'pendamping_desa', desa);
        expect(r.warnings).toEqual([]);
      }
    }
    const cov = await admin.get(`${api}/periods/${p2024}/coverage?kecamatan=${BANYUANYAR}`);
    expect(cov.status).toBe(200);
    expect(cov.body.summary).toMatchObject({ kecamatan: 1, desa: 14, uncoveredDesa: 2, doubleDesa: 0, complete: false });
    const kec = cov.body.kecamatan[0];
    expect(kec.agencies.map((a: { name: string }) => a.name)).toEqual(['Dinas Pekerjaan Umum dan Penataan Ruang']);
    expect(kec.desa.filter((d: { uncovered: boolean }) => d.uncovered).map((d: { name: string }) => d.name)).toEqual([
      'Gununggeni',
      'Blado Wetan',
    ]);
  });

  it('is complete with the second agency taking the remaining two desa', async () => {
    await assign(admin, p2024, fx.second, 'pendamping_desa', '35.13.06.2013');
    await assign(admin, p2024, fx.second, 'pendamping_desa', '35.13.06.2014');
    const cov = await admin.get(`${api}/periods/${p2024}/coverage?kecamatan=${BANYUANYAR}`);
    expect(cov.body.summary).toMatchObject({ desa: 14, uncoveredDesa: 0, doubleDesa: 0, kecamatanWithoutAgency: 0, complete: true });
    expect(cov.body.warnings).toEqual([]);
    expect(cov.body.officials.map((o: { desa: number }) => o.desa)).toEqual(Array(7).fill(2));
    expect(cov.body.agencies).toEqual([
      { agencyId: fx.agencyA, name: 'Dinas Pekerjaan Umum dan Penataan Ruang', kecamatanBinaan: 1, desa: 12, officials: 6 },
      { agencyId: fx.agencyB, name: 'Dinas Sosial', kecamatanBinaan: 0, desa: 2, officials: 1 },
    ]);
    const alassapi = cov.body.kecamatan[0].desa.find((d: { code: string }) => d.code === '35.13.06.2005');
    expect(alassapi.pendamping.map((p: { name: string }) => p.name)).toEqual([fx.names[2]]);
    // The whole kabupaten: 23 kecamatan without an agency yet.
    const all = await admin.get(`${api}/periods/${p2024}/coverage`);
    expect(all.body.summary).toMatchObject({ kecamatan: 24, kecamatanWithoutAgency: 23, desa: 330, uncoveredDesa: 316 });
  });

  it('flags a double assignment and an official over the norm, until it ends', async () => {
    const r = await assign(admin, p2024, fx.eselon3[0]!, 'pendamping_desa', '35.13.06.2003');
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['DOUBLE_ASSIGNMENT', 'OVER_NORM']);
    const cov = await admin.get(`${api}/periods/${p2024}/coverage?kecamatan=${BANYUANYAR}`);
    expect(cov.body.summary).toMatchObject({ uncoveredDesa: 0, doubleDesa: 1, complete: false });
    const desa = cov.body.kecamatan[0].desa.find((d: { code: string }) => d.code === '35.13.06.2003');
    expect(desa).toMatchObject({ double: true, doubleRoles: ['pendamping_desa'] });
    const over = cov.body.officials.find((o: { officialId: number }) => o.officialId === fx.eselon3[0]);
    expect(over).toMatchObject({ desa: 3, overNorm: true });
    expect(cov.body.warnings.map((w: { code: string }) => w.code).sort()).toEqual(['DOUBLE_ASSIGNMENT', 'OVER_NORM']);
    // Raising the norm removes the over-norm warning, the double stays.
    expect((await admin.put(`${api}/settings`, { maxDesaPerOfficial: 3 })).status).toBe(200);
    const raised = await admin.get(`${api}/periods/${p2024}/coverage?kecamatan=${BANYUANYAR}`);
    expect(raised.body.warnings.map((w: { code: string }) => w.code)).toEqual(['DOUBLE_ASSIGNMENT']);
    await admin.put(`${api}/settings`, { maxDesaPerOfficial: 2 });

    expect((await admin.post(`${api}/assignments/${r.assignment.id}/end`)).status).toBe(204);
    const again = await admin.post(`${api}/assignments/${r.assignment.id}/end`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ASSIGNMENT_ENDED');
    const after = await admin.get(`${api}/periods/${p2024}/coverage?kecamatan=${BANYUANYAR}`);
    expect(after.body.summary).toMatchObject({ doubleDesa: 0, complete: true });
    const history = await admin.get(`${api}/periods/${p2024}/assignments?officialId=${fx.eselon3[0]}&includeEnded=true`);
    expect(history.body.items).toHaveLength(3);
    expect(history.body.items.filter((a: { endedAt: string | null }) => a.endedAt !== null)).toHaveLength(1);
  });

  it('rejects bad assignments with a clear error and changes nothing', async () => {
    const post = (body: object, period = p2024) => admin.post(`${api}/periods/${period}/assignments`, body);
    await unchanged(async () => {
      const outside = await post({ officialId: fx.second, role: 'pendamping_desa', regionCode: '35.14.01.2001' });
      expect(outside.status).toBe(400);
      expect(outside.body.error.code).toBe('REGION_OUTSIDE_KABUPATEN');
      const unknown = await post({ officialId: fx.second, role: 'pendamping_desa', regionCode: '35.13.06.2999' });
      expect(unknown.body.error.code).toBe('UNKNOWN_REGION');
      const level = await post({ officialId: fx.second, role: 'pembina_kecamatan', regionCode: '35.13.06.2005' });
      expect(level.body.error.code).toBe('REGION_LEVEL');
      const kecAsDesa = await post({ officialId: fx.second, role: 'staf_pendamping', regionCode: BANYUANYAR });
      expect(kecAsDesa.body.error.code).toBe('REGION_LEVEL');
      const noOfficial = await post({ officialId: 424242, role: 'pendamping_desa', regionCode: '35.13.06.2005' });
      expect(noOfficial.status).toBe(404);
      expect(noOfficial.body.error.message).toBe('Pejabat tidak ditemukan');
      const noPeriod = await post({ officialId: fx.second, role: 'pendamping_desa', regionCode: '35.13.06.2005' }, 999);
      expect(noPeriod.status).toBe(404);
      const same = await post({ officialId: fx.second, role: 'pendamping_desa', regionCode: '35.13.06.2013' });
      expect(same.status).toBe(409);
      expect(same.body.error.code).toBe('ASSIGNMENT_EXISTS');
      const badKec = await admin.post(`${api}/periods/${p2024}/agency-assignments`, { agencyId: fx.agencyB, kecamatanCode: '35.14.01' });
      expect(badKec.body.error.code).toBe('REGION_OUTSIDE_KABUPATEN');
      const dupKec = await admin.post(`${api}/periods/${p2024}/agency-assignments`, { agencyId: fx.agencyA, kecamatanCode: BANYUANYAR });
      expect(dupKec.body.error.code).toBe('AGENCY_ASSIGNMENT_EXISTS');
      const inUse = await admin.delete(`${api}/officials/${fx.second}`);
      expect(inUse.body.error.code).toBe('OFFICIAL_IN_USE');
    });
  });
});
