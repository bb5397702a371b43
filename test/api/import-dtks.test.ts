import { describe, expect, it } from 'vitest';
import { DTKS_COLUMNS } from '../../src/modules/registry/import/columns.js';
import { csv, expectCountsAddUp, importDone, useImportServer } from '../helpers/import-files.js';

const api = useImportServer();

describe('DTKS import', () => {
  it('groups individuals into households by IDBDT, finds the head and reports defects', async () => {
    const header = [...DTKS_COLUMNS];
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
    const done = await importDone(api.admin, 'DTKS', { dtks: [csv(rows, ','), 'dtks.csv'] }, 'DTKS Jan 2025');
    expect(done.counts.files.dtks).toMatchObject({ rows: 5, stored: 3, inserted: 3, rejected: 2 });
    expect(done.counts.households).toEqual({ inserted: 2, updated: 0, unchanged: 0, removed: 0, rejected: 0 });
    expectCountsAddUp(done.counts);
    const hh = await api.server.ctx.db
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
    const member = await api.server.ctx.db
      .selectFrom('member')
      .select(['relationship', 'marital_status', 'attributes'])
      .where('source_id', '=', 'ART-1')
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({
      relationship: 'Kepala rumah tangga',
      marital_status: 'Kawin',
      attributes: { noPesertaPkh: 'PKH-9', kks: true },
    });
    const issues = (await api.admin.get(`/api/v1/imports/${done.importId}/issues?pageSize=100`)).body.items as Array<{
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

  it('records what a newer DTKS export changed, jsonb columns included, as [before, after]', async () => {
    const header = [...DTKS_COLUMNS];
    // IDBDT, IDARTBDT, KDPROP, KDKAB, KDKEC, KDDESA, NoPesertaPKH, Nama, JnsKel, TglLahir, Hub_KRT, NIK, NoKK,
    // Sta_kawin, Sta_keberadaan_art, Ada_kks, Ada_pbi, Ada_kip, Ada_pkh, Ada_BPNT
    const karto = (name: string, kks: string) => [
      'BDT-9',
      'ART-91',
      '35',
      '13',
      '06',
      '2005',
      '',
      name,
      '1',
      '1970-01-01',
      '1',
      '3513060101700091',
      '',
      '2',
      '1',
      kks,
      '1',
      '0',
      '0',
      '0',
    ];
    await importDone(api.admin, 'DTKS', { dtks: [csv([header, karto('KARTOSUWIRYO', '0')]), 'dtks-2023.csv'] });
    const release = await importDone(api.admin, 'DTKS', { dtks: [csv([header, karto('KARTO SUWIRYO', '1')]), 'dtks-2024.csv'] });
    expect(release.counts.households).toEqual({ inserted: 0, updated: 1, unchanged: 0, removed: 0, rejected: 0 });
    const h = await api.server.ctx.db
      .selectFrom('household')
      .select(['id', 'head_name', 'indicators'])
      .where('source_id', '=', 'BDT-9')
      .executeTakeFirstOrThrow();
    expect(h.head_name).toBe('KARTO SUWIRYO');
    const history = await api.server.ctx.db.selectFrom('household_history').select('changes').where('household_id', '=', h.id).execute();
    expect(history).toHaveLength(1);
    expect(history[0]?.changes).toEqual({
      head_name: ['KARTOSUWIRYO', 'KARTO SUWIRYO'],
      indicators: [
        { kks: false, pbi: true, kip: false },
        { kks: true, pbi: true, kip: false },
      ],
      members: {
        changed: [
          {
            sourceId: 'ART-91',
            name: 'KARTO SUWIRYO',
            fields: {
              name: ['KARTOSUWIRYO', 'KARTO SUWIRYO'],
              attributes: [
                { kks: false, pbi: true, kip: false, keberadaan: '1' },
                { kks: true, pbi: true, kip: false, keberadaan: '1' },
              ],
            },
          },
        ],
      },
    });
  });
});
