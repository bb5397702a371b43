import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/app.js';
import { ANGGOTA_COLUMNS, KELUARGA_COLUMNS } from '../../src/modules/registry/import/columns.js';
import { importP3ke } from '../../src/modules/registry/import/index.js';
import { csv, family, importDone, member, upload, useImportServer } from '../helpers/import-files.js';
import { waitJob } from '../helpers/jobs.js';

/**
 * What an import reports: households and members apart (new, changed, unchanged, removed,
 * rejected), a failed import as a failure with its reason, and reading progress in rows.
 */
const api = useImportServer('admin.ringkasan');

const FAMILIES = 6;
const nik = (f: number, m: number) => `35130655057${String(f).padStart(3, '0')}${m}${m}`.slice(0, 16);
const famRow = (f: number) =>
  family({ id_keluarga_p3ke: `P3KE-S${f}`, nik: nik(f, 0), no_kk: '', kepala_keluarga: `KEPALA ${f}`, tanggal_lahir: '15/05/1978' });
const memRow = (f: number, m: number, o: Record<string, string> = {}) =>
  member({
    id_keluarga_p3ke: `P3KE-S${f}`,
    id_individu: `IND-S${f}-${m}`,
    nama: m === 0 ? `KEPALA ${f}` : `ANAK ${f}-${m}`,
    nik: nik(f, m),
    hubungan_dengan_kepala_keluarga: m === 0 ? 'KEPALA KELUARGA' : 'ANAK',
    tanggal_lahir: m === 0 ? '15/05/1978' : '10/03/2010',
    ...o,
  });

const rowOf = (f: number) => Object.fromEntries(KELUARGA_COLUMNS.map((c, i) => [c, famRow(f)[i] ?? '']));

function pair(
  families: Array<number | Array<string | number | Date>>,
  members: Array<Array<string | number | Date>>,
  extraFamilies: Array<Array<string | number | Date>> = [],
) {
  return {
    keluarga: [
      csv([[...KELUARGA_COLUMNS], ...families.map((f) => (typeof f === 'number' ? famRow(f) : f)), ...extraFamilies]),
    ] as unknown as [Buffer, string],
    anggota: [csv([[...ANGGOTA_COLUMNS], ...members])] as unknown as [Buffer, string],
  };
}

describe('import summary', () => {
  it('reports reading progress in rows, against the precount on a first load', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-summary-'));
    const familyPath = path.join(dir, 'keluarga.csv');
    const memberPath = path.join(dir, 'anggota.csv');
    const fams = Array.from({ length: FAMILIES }, (_, i) => i + 1);
    fs.writeFileSync(familyPath, csv([[...KELUARGA_COLUMNS], ...fams.map(famRow)]));
    fs.writeFileSync(memberPath, csv([[...ANGGOTA_COLUMNS], ...fams.flatMap((f) => [memRow(f, 0), memRow(f, 1), memRow(f, 2)])]));
    const reports: Array<{ phase: string; done: number; total: number }> = [];
    const summary = await importP3ke(api.server.ctx, { familyPath, memberPath }, SYSTEM_ACTOR, (p) => reports.push(p));
    fs.rmSync(dir, { recursive: true, force: true });
    const reading = (phase: string) => reports.filter((r) => r.phase === phase);
    const families = reading('membaca berkas keluarga');
    const members = reading('membaca berkas anggota');
    expect(families.length).toBeGreaterThan(0);
    expect(members.length).toBeGreaterThan(0);
    // Rows, not bytes: never more than the file's rows, ending at exactly its rows.
    for (const r of families) expect(r.total).toBeLessThanOrEqual(FAMILIES);
    expect(families.at(-1)).toMatchObject({ done: FAMILIES, total: FAMILIES });
    // The member file is counted against the precount of its rows from the start.
    for (const r of members) expect(r.total).toBe(FAMILIES * 3);
    expect(members.at(-1)).toMatchObject({ done: FAMILIES * 3, total: FAMILIES * 3 });
    expect(summary.counts.households).toEqual({ inserted: FAMILIES, updated: 0, unchanged: 0, removed: 0, rejected: 0 });
    expect(summary.counts.members).toEqual({ inserted: FAMILIES * 3, updated: 0, unchanged: 0, removed: 0, rejected: 0 });
  });

  it('a newer release: households and members apart, with the removed members and the rejected rows', async () => {
    // Family 1: a member changed; family 2: a member removed; family 3: a member added;
    // family 4: its address changed; families 5-6 unchanged; one new family 7; one family row and one member row rejected.
    const members = [
      memRow(1, 0),
      memRow(1, 1, { nama: 'ANAK SATU GANTI NAMA' }),
      memRow(1, 2),
      memRow(2, 0),
      memRow(2, 1),
      memRow(3, 0),
      memRow(3, 1),
      memRow(3, 2),
      memRow(3, 3),
      ...[4, 5, 6].flatMap((f) => [memRow(f, 0), memRow(f, 1), memRow(f, 2)]),
      memRow(7, 0),
      memRow(7, 1, { nik: '3.51306E+15' }),
    ];
    const r = await importDone(
      api.admin,
      'P3KE',
      pair([1, 2, 3, family({ ...rowOf(4), alamat: 'DUSUN BARU RT 003' }), 5, 6, 7], members, [
        family({ id_keluarga_p3ke: 'P3KE-S99', nik: '123', kepala_keluarga: 'RUSAK' }),
      ]),
    );
    expect(r.counts.households).toEqual({ inserted: 1, updated: 1, unchanged: 5, removed: 0, rejected: 1 });
    expect(r.counts.members).toEqual({ inserted: 2, updated: 1, unchanged: 16, removed: 1, rejected: 1 });
    // The job's line for people says the same, households and members apart.
    expect(r.job.message).toContain('keluarga: 1 baru, 1 berubah, 5 tetap, 1 ditolak');
    expect(r.job.message).toContain('anggota: 2 baru, 1 berubah, 16 tetap, 1 dihapus, 1 ditolak');
  });

  it('a failed import (files swapped) is a failure with its reason, nothing stored', async () => {
    const before = await api.server.ctx.db
      .selectFrom('household')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const files = pair([1], [memRow(1, 0)]);
    const res = await upload(api.admin, 'P3KE', { keluarga: files.anggota, anggota: files.keluarga });
    expect(res.status).toBe(202);
    const job = await waitJob(api.admin, res.body.jobId);
    expect(job.status).toBe('FAILED');
    const imp = await api.admin.get(`/api/v1/imports/${res.body.importId}`);
    expect(imp.body.status).toBe('FAILED');
    expect(imp.body.error).toMatch(/Kolom wajib tidak ditemukan di berkas keluarga/i);
    expect(imp.body.counts ?? {}).toEqual({});
    const after = await api.server.ctx.db
      .selectFrom('household')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(Number(after?.n)).toBe(Number(before?.n));
  });
});
