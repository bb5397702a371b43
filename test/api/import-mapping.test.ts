import { describe, expect, it } from 'vitest';
import { ANGGOTA_COLUMNS, KELUARGA_COLUMNS } from '../../src/modules/registry/import/columns.js';
import { csv, expectCountsAddUp, family, member, useImportServer, xlsx } from '../helpers/import-files.js';
import { waitJob } from '../helpers/jobs.js';
import type { Client } from '../helpers/server.js';

/**
 * A registry file with unfamiliar column names (a DTSEN-like extract: one row per person, the
 * household id, a 10-digit region code and the national desil) is previewed, mapped, saved as a
 * template and imported through the same importer as the fixed layouts.
 */
const api = useImportServer('admin.pemetaan');

const HEADER = [
  'ID_KELUARGA',
  'ID_ART',
  'KODE_WILAYAH',
  'NAMA_ART',
  'NIK_ART',
  'NO_KK',
  'JENIS_KELAMIN',
  'TGL_LAHIR',
  'HUB_KK',
  'DESIL_NASIONAL',
  'KETERANGAN',
];
const rows = (desilA = '1') => [
  HEADER,
  ['DT-1', 'DT-1-1', '3513062005', 'KARTO', '3513060101700001', '3513062103150007', 'L', '01/01/1970', '1', desilA, 'catatan'],
  ['DT-1', 'DT-1-2', '3513062005', 'SUMI', '3513064506750002', '3513062103150007', 'P', '05/06/1975', '2', desilA, ''],
  // Row 4: a NIK damaged by a spreadsheet and a desil outside 1–10.
  ['DT-2', 'DT-2-1', '3513062013', 'PAIJO', '3.51306E+15', '', 'L', '01/02/1961', '1', '11', ''],
  ['DT-3', 'DT-3-1', '3513062013', 'PAINEM', '3513064102630004', '', 'P', '01/02/1963', '1', '3', ''],
];

async function send(client: Client, url: string, fields: Record<string, string>, files: Record<string, [Buffer, string]>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [field, [data, name]] of Object.entries(files)) fd.append(field, new Blob([new Uint8Array(data)]), name);
  return client.post(url, fd);
}

async function importWith(fields: Record<string, string>, files: Record<string, [Buffer, string]>) {
  const res = await send(api.admin, '/api/v1/imports', fields, files);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const job = await waitJob(api.admin, res.body.jobId);
  expect(job.status, JSON.stringify(job)).toBe('DONE');
  const imp = await api.admin.get(`/api/v1/imports/${res.body.importId}`);
  return { importId: res.body.importId as number, counts: imp.body.counts, files: imp.body.files };
}

describe('import with a column mapping', () => {
  let templateId = 0;

  it('lists the P3KE and DTKS layouts as built-in templates', async () => {
    const res = await api.admin.get('/api/v1/imports/mapping-templates');
    expect(res.status).toBe(200);
    const builtIn = res.body.items.filter((t: { builtIn: boolean }) => t.builtIn);
    expect(builtIn.map((t: { kind: string }) => t.kind)).toEqual(['P3KE', 'DTKS']);
    expect(builtIn[0].columns.keluarga.desil_kesejahteraan).toBe('desil_kesejahteraan');
    expect(builtIn[1].columns.dtks.IDBDT).toBe('IDBDT');
  });

  it('previews unfamiliar headers with a suggested mapping and the findings of the preview rows', async () => {
    const res = await send(api.admin, '/api/v1/imports/preview', { kind: 'DTKS' }, { dtks: [await xlsx(rows()), 'dtsen-2025q1.xlsx'] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [file] = res.body.files;
    expect(file.headers).toEqual(HEADER);
    expect(file.rows).toHaveLength(4);
    expect(file.rows[2]).toMatchObject({ row: 4, cells: expect.arrayContaining(['PAIJO']) });
    expect(file.suggested).toMatchObject({
      IDBDT: 'ID_KELUARGA',
      IDARTBDT: 'ID_ART',
      KDDESA: 'KODE_WILAYAH',
      KDPROP: 'KODE_WILAYAH',
      Nama: 'NAMA_ART',
      NIK: 'NIK_ART',
      NoKK: 'NO_KK',
      JnsKel: 'JENIS_KELAMIN',
      TglLahir: 'TGL_LAHIR',
      Hub_KRT: 'HUB_KK',
      Desil: 'DESIL_NASIONAL',
    });
    expect(res.body.problem).toBeNull();
    const errors = res.body.issues.filter((i: { severity: string }) => i.severity === 'ERROR');
    expect(errors.map((i: { row: number; column: string }) => [i.row, i.column]).sort()).toEqual([
      [4, 'Desil'],
      [4, 'NIK'],
    ]);
    // The column no registry field takes is named, not silently dropped.
    expect(res.body.issues).toContainEqual(expect.objectContaining({ row: 1, code: 'COLUMN_UNKNOWN', column: 'KETERANGAN' }));
  });

  it('says which required column a mapping leaves out, and refuses a mapping outside the layout', async () => {
    const file: Record<string, [Buffer, string]> = { dtks: [csv(rows()), 'dtsen.csv'] };
    const partial = {
      dtks: {
        IDBDT: 'ID_KELUARGA',
        IDARTBDT: 'ID_ART',
        KDPROP: 'KODE_WILAYAH',
        KDKAB: 'KODE_WILAYAH',
        KDKEC: 'KODE_WILAYAH',
        KDDESA: 'KODE_WILAYAH',
        NIK: 'NIK_ART',
        Hub_KRT: 'HUB_KK',
      },
    };
    const res = await send(api.admin, '/api/v1/imports/preview', { kind: 'DTKS', columns: JSON.stringify(partial) }, file);
    expect(res.status).toBe(200);
    expect(res.body.problem).toContain('Nama');
    const wrong = await send(
      api.admin,
      '/api/v1/imports/preview',
      { kind: 'DTKS', columns: JSON.stringify({ dtks: { nama_lengkap: 'NAMA_ART' } }) },
      file,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('MAPPING_INVALID');
    const broken = await send(
      api.admin,
      '/api/v1/imports/preview',
      { kind: 'DTKS' },
      { dtks: [Buffer.from('ID_KELUARGA,NAMA_ART\nA,"tidak ditutup\n'), 'rusak.csv'] },
    );
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('IMPORT_FILE_UNREADABLE');
    const notJson = await send(api.admin, '/api/v1/imports', { kind: 'DTKS', columns: '{"dtks":' }, file);
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('MAPPING_INVALID');
  });

  it('saves the mapping as a named template and imports through it, with bad rows reported by row number', async () => {
    const preview = await send(api.admin, '/api/v1/imports/preview', { kind: 'DTKS' }, { dtks: [csv(rows()), 'dtsen.csv'] });
    const saved = await api.admin.post('/api/v1/imports/mapping-templates', {
      name: 'DTSEN Probolinggo',
      kind: 'DTKS',
      columns: { dtks: preview.body.files[0].suggested },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    templateId = saved.body.id;
    const list = await api.admin.get('/api/v1/imports/mapping-templates');
    expect(list.body.items.map((t: { name: string }) => t.name)).toContain('DTSEN Probolinggo');

    const done = await importWith(
      { kind: 'DTKS', templateId: String(templateId), edition: 'DTSEN 2025-I' },
      { dtks: [csv(rows()), 'dtsen-2025-1.csv'] },
    );
    expectCountsAddUp(done.counts);
    expect(done.counts).toMatchObject({ rows: 4, stored: 3, rejected: 1 });
    expect(done.counts.households.inserted).toBe(2);
    expect(done.files[0].columns.Nama).toBe('NAMA_ART');
    const issues = await api.admin.get(`/api/v1/imports/${done.importId}/issues?severity=ERROR`);
    expect(issues.body.items.map((i: { rowNumber: number; column: string }) => [i.rowNumber, i.column]).sort()).toEqual([
      [4, 'Desil'],
      [4, 'NIK'],
    ]);
    const hh = await api.server.ctx.db
      .selectFrom('household')
      .select(['source_id', 'desil', 'target_status', 'head_name'])
      .orderBy('source_id')
      .execute();
    expect(hh).toEqual([
      { source_id: 'DT-1', desil: 1, target_status: 'MISKIN_EKSTREM', head_name: 'KARTO' },
      { source_id: 'DT-3', desil: 3, target_status: 'MISKIN', head_name: 'PAINEM' },
    ]);

    // The same file again changes nothing.
    const again = await importWith(
      { kind: 'DTKS', templateId: String(templateId), edition: 'DTSEN 2025-I' },
      { dtks: [csv(rows()), 'dtsen-2025-1.csv'] },
    );
    expect(again.counts.households).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(again.counts.members).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it('takes the desil of a newer DTSEN release as a new release with history', async () => {
    const release = await importWith(
      { kind: 'DTKS', templateId: String(templateId), edition: 'DTSEN 2025-II' },
      { dtks: [csv(rows('2')), 'dtsen-2025-2.csv'] },
    );
    expect(release.counts.households).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const karto = await api.server.ctx.db
      .selectFrom('household')
      .select(['id', 'desil', 'edition'])
      .where('source_id', '=', 'DT-1')
      .executeTakeFirstOrThrow();
    expect(karto).toMatchObject({ desil: 2, edition: 'DTSEN 2025-II' });
    const history = await api.server.ctx.db
      .selectFrom('household_history')
      .select(['import_id', 'changes'])
      .where('household_id', '=', karto.id)
      .execute();
    expect(history).toHaveLength(1);
    expect(history[0]?.import_id).toBe(release.importId);
    expect(JSON.stringify(history[0]?.changes)).toContain('desil');
  });

  it('replaces a template saved again under its name, refuses a built-in name, a template of another layout and a deleted one', async () => {
    const again = await api.admin.post('/api/v1/imports/mapping-templates', {
      name: 'dtsen probolinggo',
      kind: 'DTKS',
      columns: { dtks: { IDBDT: 'ID_KELUARGA' } },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(templateId);
    const builtIn = await api.admin.post('/api/v1/imports/mapping-templates', {
      name: 'P3KE (tata letak baku)',
      kind: 'P3KE',
      columns: {},
    });
    expect(builtIn.status).toBe(409);
    const outside = await api.admin.post('/api/v1/imports/mapping-templates', {
      name: 'X',
      kind: 'P3KE',
      columns: { dtks: { IDBDT: 'A' } },
    });
    expect(outside.status).toBe(400);
    const file: Record<string, [Buffer, string]> = {
      keluarga: [csv([[...KELUARGA_COLUMNS], family({})]), 'k.csv'],
      anggota: [csv([[...ANGGOTA_COLUMNS], member({})]), 'a.csv'],
    };
    const otherKind = await send(api.admin, '/api/v1/imports', { kind: 'P3KE', templateId: String(templateId) }, file);
    expect(otherKind.status).toBe(400);
    expect(otherKind.body.error.code).toBe('MAPPING_KIND');
    expect((await api.admin.delete(`/api/v1/imports/mapping-templates/${templateId}`)).status).toBe(204);
    const gone = await send(
      api.admin,
      '/api/v1/imports',
      { kind: 'DTKS', templateId: String(templateId) },
      { dtks: [csv(rows()), 'd.csv'] },
    );
    expect(gone.status).toBe(404);
    const audit = await api.server.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'import_mapping_template')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['registry.mapping.create', 'registry.mapping.update', 'registry.mapping.delete']);
  });

  it('reads a P3KE pair with renamed columns through a mapping', async () => {
    const rename: Record<string, string> = {
      id_keluarga_p3ke: 'ID KELUARGA',
      kode_kemdagri: 'KODE DESA',
      desil_kesejahteraan: 'DESIL',
      kepala_keluarga: 'NAMA KK',
    };
    const famHeader = KELUARGA_COLUMNS.map((c) => rename[c] ?? c);
    const memHeader = ANGGOTA_COLUMNS.map((c) => (c === 'id_keluarga_p3ke' ? 'ID KELUARGA' : c));
    const preview = await send(
      api.admin,
      '/api/v1/imports/preview',
      { kind: 'P3KE' },
      {
        keluarga: [csv([famHeader, family({ id_keluarga_p3ke: 'PK-77' })]), 'k.csv'],
        anggota: [csv([memHeader, member({ id_keluarga_p3ke: 'PK-77' })]), 'a.csv'],
      },
    );
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const [kel, ang] = preview.body.files;
    expect(kel.suggested).toMatchObject({
      id_keluarga_p3ke: 'ID KELUARGA',
      kode_kemdagri: 'KODE DESA',
      desil_kesejahteraan: 'DESIL',
      kepala_keluarga: 'NAMA KK',
    });
    expect(preview.body.issues.filter((i: { severity: string }) => i.severity === 'ERROR')).toEqual([]);
    const done = await importWith(
      { kind: 'P3KE', columns: JSON.stringify({ keluarga: kel.suggested, anggota: ang.suggested }) },
      {
        keluarga: [csv([famHeader, family({ id_keluarga_p3ke: 'PK-77' })]), 'k.csv'],
        anggota: [csv([memHeader, member({ id_keluarga_p3ke: 'PK-77' })]), 'a.csv'],
      },
    );
    expect(done.counts).toMatchObject({ rejected: 0 });
    expect(done.counts.households.inserted).toBe(1);
  });
});
