import { describe, expect, it } from 'vitest';
import { ANGGOTA_COLUMNS, KELUARGA_COLUMNS } from '../../src/modules/registry/import/columns.js';
import { csv, family, importDone, upload, useImportServer } from '../helpers/import-files.js';
import { waitJob } from '../helpers/jobs.js';
import { startTestServer } from '../helpers/server.js';

const api = useImportServer();

describe('import access and file checks', () => {
  it('lets only admin kabupaten import or read imports; others cannot see the job', async () => {
    const op = await api.server.userClient('op.desa.impor', [{ role: 'operator_desa', regionCode: '35.13.06.2005' }]);
    const files: Record<string, [Buffer, string]> = {
      keluarga: [csv([[...KELUARGA_COLUMNS], family({})]), 'k.csv'],
      anggota: [csv([[...ANGGOTA_COLUMNS]]), 'a.csv'],
    };
    const denied = await upload(op, 'P3KE', files);
    // The admin's import, which the operator must not be able to see either.
    await importDone(api.admin, 'P3KE', files);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    expect((await op.get('/api/v1/imports')).status).toBe(403);
    const list = await api.admin.get('/api/v1/imports');
    const last = list.body.items[0];
    expect((await op.get(`/api/v1/imports/${last.id}/report.csv`)).status).toBe(403);
    expect((await op.get(`/api/v1/jobs/${last.jobId}`)).status).toBe(404);
    const other = await api.server.userClient('admin.lain', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
    expect((await other.get(`/api/v1/jobs/${last.jobId}`)).status).toBe(200);
  });

  it('refuses a file that is not CSV or XLSX before starting, whatever its name', async () => {
    const before = (await api.admin.get('/api/v1/imports')).body.total;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const r = await upload(api.admin, 'P3KE', { keluarga: [png, 'keluarga.csv'], anggota: [csv([[...ANGGOTA_COLUMNS]]), 'anggota.csv'] });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('UNSUPPORTED_FILE');
    expect(r.body.error.message).toContain('keluarga.csv');
    expect(r.body.error.message).toContain('CSV atau XLSX');
    expect((await api.admin.get('/api/v1/imports')).body.total).toBe(before);
    const wrong = await upload(api.admin, 'SIKS', { dtks: [csv([['IDBDT']]), 'x.csv'] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('KIND_INVALID');
    const missing = await upload(api.admin, 'P3KE', { keluarga: [csv([[...KELUARGA_COLUMNS]]), 'k.csv'] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('FILES_MISSING');
  });

  it('fails an import whose file lacks required columns, naming them', async () => {
    const cols = KELUARGA_COLUMNS.filter((c) => c !== 'nik' && c !== 'kode_kemdagri');
    const r = await upload(api.admin, 'P3KE', {
      keluarga: [csv([cols]), 'tanpa-nik.csv'],
      anggota: [csv([[...ANGGOTA_COLUMNS]]), 'a.csv'],
    });
    expect(r.status).toBe(202);
    const job = await waitJob(api.admin, r.body.jobId);
    expect(job.status).toBe('FAILED');
    expect(job.error).toBe(
      `Kolom wajib tidak ditemukan di berkas keluarga (tanpa-nik.csv): kode_kemdagri, nik. Baris judul harus memuat kolom: ${KELUARGA_COLUMNS.join(', ')}`,
    );
    const imp = await api.admin.get(`/api/v1/imports/${r.body.importId}`);
    expect(imp.body).toMatchObject({ status: 'FAILED', error: job.error });

    const broken = Buffer.from(`${KELUARGA_COLUMNS.join(',')}\nP3KE-1,"JAWA TIMUR\n`);
    const b = await upload(api.admin, 'P3KE', { keluarga: [broken, 'putus.csv'], anggota: [csv([[...ANGGOTA_COLUMNS]]), 'a.csv'] });
    const brokenJob = await waitJob(api.admin, b.body.jobId);
    expect(brokenJob.status).toBe('FAILED');
    expect(brokenJob.error).toMatch(
      /^berkas keluarga \(putus\.csv\) rusak dan tidak bisa dibaca: tanda kutip \("\) di baris 2 tidak ditutup$/i,
    );
    expect(await api.server.ctx.db.selectFrom('household').select('id').where('source_id', '=', 'P3KE-1').execute()).toHaveLength(0);
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
