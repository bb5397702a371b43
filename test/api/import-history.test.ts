import { describe, expect, it } from 'vitest';
import { ANGGOTA_COLUMNS, KELUARGA_COLUMNS } from '../../src/modules/registry/import/columns.js';
import { csv, expectCountsAddUp, family, importDone, member, useImportServer } from '../helpers/import-files.js';

/**
 * History of a newer release when a member moves into a household that the release itself
 * creates: the household it left records the move, the new household has no history of the
 * import that created it (load.ts, the join that replaced a NOT EXISTS on import_id).
 */
const api = useImportServer('admin.riwayat');

const anak = { id_individu: 'IND-002', nama: 'BUDI', nik: '3513061203050002', tanggal_lahir: '12/03/2005', jenis_kelamin: 'LAKI-LAKI' };
/** BUDI's own household, and BUDI as its head. */
const budiFamily = family({ id_keluarga_p3ke: 'P3KE-009', kepala_keluarga: 'BUDI', nik: '3513061203050002', no_kk: '3513061203050009' });
const budiHead = { ...anak, id_keluarga_p3ke: 'P3KE-009', hubungan_dengan_kepala_keluarga: 'KEPALA KELUARGA' };

describe('a member moving into a household created by the same release', () => {
  it('is recorded as moved on the household left, and the new household has no history', async () => {
    const first = await importDone(
      api.admin,
      'P3KE',
      {
        keluarga: [csv([[...KELUARGA_COLUMNS], family({})]), 'keluarga-2023.csv'],
        anggota: [csv([[...ANGGOTA_COLUMNS], member({}), member(anak)]), 'anggota-2023.csv'],
      },
      'P3KE 2023',
    );
    expect(first.counts.households.inserted).toBe(1);

    // BUDI has his own household now (P3KE-009), headed by him.
    const release = await importDone(
      api.admin,
      'P3KE',
      {
        keluarga: [csv([[...KELUARGA_COLUMNS], family({}), budiFamily]), 'keluarga-2024.csv'],
        anggota: [csv([[...ANGGOTA_COLUMNS], member({}), member(budiHead)]), 'anggota-2024.csv'],
      },
      'P3KE 2024',
    );
    expectCountsAddUp(release.counts);
    expect(release.counts.households).toEqual({ inserted: 1, updated: 0, unchanged: 1, removed: 0, rejected: 0 });
    expect(release.counts.members).toMatchObject({ inserted: 0, updated: 1, removed: 0 });

    const households = await api.server.ctx.db.selectFrom('household').select(['id', 'source_id', 'member_count']).orderBy('id').execute();
    expect(households.map((h) => [h.source_id, h.member_count])).toEqual([
      ['P3KE-001', 1],
      ['P3KE-009', 1],
    ]);
    const [left, created] = households;
    const history = await api.server.ctx.db.selectFrom('household_history').select(['household_id', 'import_id', 'changes']).execute();
    expect(history.map((x) => x.household_id)).toEqual([left?.id]);
    expect(history[0]?.import_id).toBe(release.importId);
    expect(history[0]?.changes).toEqual({ members: { removed: [{ sourceId: 'IND-002', name: 'BUDI', movedTo: 'P3KE-009' }] } });
    expect(history.some((x) => x.household_id === created?.id)).toBe(false);
  });

  it('recounts the members of a changed household and of an unchanged one whose member left', async () => {
    const putri = {
      id_individu: 'IND-003',
      nama: 'PUTRI',
      nik: '3513065506100003',
      tanggal_lahir: '15/06/2010',
      hubungan_dengan_kepala_keluarga: 'ANAK',
    };
    // P3KE-001 changes (desil 3) and gains PUTRI; P3KE-009 is unchanged itself, but BUDI moved back to P3KE-001.
    const release = await importDone(
      api.admin,
      'P3KE',
      {
        keluarga: [csv([[...KELUARGA_COLUMNS], family({ desil_kesejahteraan: '3' }), budiFamily]), 'keluarga-2025.csv'],
        anggota: [
          csv([[...ANGGOTA_COLUMNS], member({}), member({ ...budiHead, id_keluarga_p3ke: 'P3KE-001' }), member(putri)]),
          'anggota-2025.csv',
        ],
      },
      'P3KE 2025',
    );
    expectCountsAddUp(release.counts);
    expect(release.counts.households).toEqual({ inserted: 0, updated: 1, unchanged: 1, removed: 0, rejected: 0 });
    const households = await api.server.ctx.db
      .selectFrom('household')
      .select(['source_id', 'member_count', 'import_id'])
      .orderBy('source_id')
      .execute();
    expect(households.map((h) => [h.source_id, h.member_count, h.import_id])).toEqual([
      ['P3KE-001', 3, release.importId],
      ['P3KE-009', 0, release.importId],
    ]);
  });
});
