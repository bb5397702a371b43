import { describe, expect, it } from 'vitest';
import { ANGGOTA_COLUMNS, KELUARGA_COLUMNS } from '../../src/modules/registry/import/columns.js';
import { csv, family, importDone, member, useImportServer } from '../helpers/import-files.js';

/**
 * Two family rows with one id_keluarga_p3ke: the individual file ties members to a family by
 * that id only, so the two families' members cannot be told apart. Neither family is stored,
 * both rows carry the error, and the members with that id are refused: no household ever
 * holds one row's head and desa with the other's members. On the first load (rows written
 * straight into the registry) and on a later import (staged, then merged) alike.
 */
const api = useImportServer('admin.konflik');

const siti = family({ id_keluarga_p3ke: 'P3KE-K1', kepala_keluarga: 'SITI', nik: '3513065505780101', no_kk: '' });
const budi = family({
  id_keluarga_p3ke: 'P3KE-K1',
  kode_kemdagri: '3513062013',
  desa_kelurahan: 'GUNUNGGENI',
  kepala_keluarga: 'BUDI',
  nik: '3513061201800102',
  jenis_kelamin: 'LAKI-LAKI',
  tanggal_lahir: '12/01/1980',
  no_kk: '',
});
const other = (id: string, nik: string) => family({ id_keluarga_p3ke: id, kepala_keluarga: `KEPALA ${id}`, nik, no_kk: '' });
const head = (familyId: string, id: string, name: string, nik: string, o: Record<string, string> = {}) =>
  member({ id_keluarga_p3ke: familyId, id_individu: id, nama: name, nik, ...o });

const MEMBERS = [
  [...ANGGOTA_COLUMNS],
  head('P3KE-K1', 'IND-K1', 'SITI', '3513065505780101'),
  head('P3KE-K1', 'IND-K2', 'BUDI', '3513061201800102', {
    kode_kemdagri: '3513062013',
    desa_kelurahan: 'GUNUNGGENI',
    jenis_kelamin: 'LAKI-LAKI',
    tanggal_lahir: '12/01/1980',
  }),
  head('P3KE-K3', 'IND-K3', 'KEPALA P3KE-K3', '3513065505780103'),
];

async function issuesOf(importId: number) {
  const r = await api.admin.get(`/api/v1/imports/${importId}/issues?pageSize=100`);
  return r.body.items as Array<{ file: string; rowNumber: number; severity: string; code: string; message: string }>;
}

async function storedK1() {
  const db = api.server.ctx.db;
  const households = await db.selectFrom('household').select(['id', 'head_name']).where('source_id', '=', 'P3KE-K1').execute();
  const members = await db.selectFrom('member').select('name').where('source_id', 'in', ['IND-K1', 'IND-K2']).execute();
  return { households, members };
}

describe('two family rows with one id', () => {
  it('first load: neither family is stored, both rows report the conflict, their members are refused', async () => {
    const r = await importDone(api.admin, 'P3KE', {
      keluarga: [csv([[...KELUARGA_COLUMNS], siti, other('P3KE-K3', '3513065505780103'), budi]), 'keluarga.csv'],
      anggota: [csv(MEMBERS), 'anggota.csv'],
    });
    expect(r.counts.households).toEqual({ inserted: 1, updated: 0, unchanged: 0, removed: 0, rejected: 2 });
    expect(r.counts.members).toEqual({ inserted: 1, updated: 0, unchanged: 0, removed: 0, rejected: 2 });
    expect(await storedK1()).toEqual({ households: [], members: [] });
    const issues = await issuesOf(r.importId);
    const conflict = issues.filter((i) => i.code === 'FAMILY_ID_CONFLICT').sort((a, b) => a.rowNumber - b.rowNumber);
    expect(conflict.map((i) => [i.rowNumber, i.severity])).toEqual([
      [2, 'ERROR'],
      [4, 'ERROR'],
    ]);
    expect(conflict.find((i) => i.rowNumber === 2)?.message).toContain('baris 4');
    expect(conflict.find((i) => i.rowNumber === 4)?.message).toContain('baris 2');
    expect(issues.filter((i) => i.code === 'FAMILY_REJECTED').map((i) => i.rowNumber)).toEqual([2, 3]);
    // The household ids handed out stay taken: the next household gets a new id.
    const k3 = await api.server.ctx.db.selectFrom('household').select('member_count').where('source_id', '=', 'P3KE-K3').executeTakeFirst();
    expect(k3?.member_count).toBe(1);
  });

  it('a later import (staged, then merged): the same, and the rest of the file is stored', async () => {
    const r = await importDone(api.admin, 'P3KE', {
      keluarga: [
        csv([[...KELUARGA_COLUMNS], budi, other('P3KE-K3', '3513065505780103'), other('P3KE-K4', '3513065505780104'), siti]),
        'keluarga-2.csv',
      ],
      anggota: [csv([...MEMBERS, head('P3KE-K4', 'IND-K4', 'KEPALA P3KE-K4', '3513065505780104')]), 'anggota-2.csv'],
    });
    expect(r.counts.households).toEqual({ inserted: 1, updated: 0, unchanged: 1, removed: 0, rejected: 2 });
    expect(r.counts.members).toEqual({ inserted: 1, updated: 0, unchanged: 1, removed: 0, rejected: 2 });
    expect(await storedK1()).toEqual({ households: [], members: [] });
    const conflict = (await issuesOf(r.importId)).filter((i) => i.code === 'FAMILY_ID_CONFLICT').sort((a, b) => a.rowNumber - b.rowNumber);
    expect(conflict.map((i) => [i.rowNumber, i.severity])).toEqual([
      [2, 'ERROR'],
      [5, 'ERROR'],
    ]);
  });
});
