import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANGGOTA_COLUMNS, DTKS_COLUMNS, KELUARGA_COLUMNS } from '../../src/modules/registry/import/columns.js';
import { csv, expectCountsAddUp, family, importDone, member, useImportServer } from '../helpers/import-files.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The first P3KE load is copied straight into the registry (direct.ts, ADR 0007): household
 * ids from a reserved range, member counts written from a precount of the member file and
 * corrected where members were rejected. These tests hold it to what the staged merge does.
 */
const api = useImportServer();

const FAMILIES = [
  [...KELUARGA_COLUMNS],
  family({}), // P3KE-001: 3 member rows, one rejected → 2
  family({ id_keluarga_p3ke: 'P3KE-002', nik: '3513065505780002' }), // 1 member row, rejected → 0
  family({ id_keluarga_p3ke: 'P3KE-003', nik: '3513065505780003', alamat: 'DUSUN "KRAJAN";\nRT 001' }), // 1 member, quoted line break
  family({ id_keluarga_p3ke: 'P3KE-004', nik: '3.51306E+15' }), // rejected: its member is reported
];

const MEMBERS = [
  [...ANGGOTA_COLUMNS],
  member({}),
  member({ id_individu: 'IND-002', nama: 'BUDI', nik: '3513061203050002', tanggal_lahir: '12/03/2005', jenis_kelamin: 'LAKI-LAKI' }),
  member({ id_individu: 'IND-003', nama: 'RUSAK', nik: '351306120305000' }), // rejected: 15 digits
  member({ id_keluarga_p3ke: 'P3KE-002', id_individu: 'IND-004', nama: 'SATU', nik: '3513065505780002', jenis_kelamin: '?' }), // rejected
  member({
    id_keluarga_p3ke: 'P3KE-003',
    id_individu: 'IND-005',
    nama: 'TIGA',
    nik: '3513065505780003',
    alamat: 'DUSUN "KRAJAN";\nRT 001',
  }),
  member({ id_keluarga_p3ke: 'P3KE-004', id_individu: 'IND-006', nama: 'EMPAT', nik: '3513065505780004' }), // family rejected
];

describe('first P3KE load straight into the registry', () => {
  let importId: number;
  let counts: any;

  beforeAll(async () => {
    const r = await importDone(
      api.admin,
      'P3KE',
      { keluarga: [csv(FAMILIES), 'keluarga.csv'], anggota: [csv(MEMBERS, ','), 'anggota.csv'] },
      'P3KE 2024',
    );
    importId = r.importId;
    counts = r.counts;
  });

  it('counts and stores exactly what the staged merge would', async () => {
    expect(counts.files.keluarga).toMatchObject({ rows: 4, stored: 3, inserted: 3, rejected: 1 });
    expect(counts.files.anggota).toMatchObject({ rows: 6, stored: 3, inserted: 3, rejected: 3 });
    expectCountsAddUp(counts);
    const issues = await api.admin.get(`/api/v1/imports/${importId}/issues?severity=ERROR&pageSize=100`);
    expect(
      issues.body.items.map((i: { file: string; rowNumber: number; code: string }) => `${i.file}:${i.rowNumber}:${i.code}`).sort(),
    ).toEqual(['anggota:4:ID_DIGIT_LOST', 'anggota:5:SEX_INVALID', 'anggota:7:FAMILY_REJECTED', 'keluarga:5:ID_SCIENTIFIC_NOTATION']);
  });

  it('writes each household with the members actually stored, with its members pointing at it', async () => {
    const rows = await sql<{ source_id: string; member_count: number; members: number; edition: string; target_status: string }>`
      select h.source_id, h.member_count, h.edition, h.target_status,
             (select count(*)::int from member m where m.household_id = h.id) as members
      from household h order by h.source_id`.execute(api.server.ctx.db);
    expect(rows.rows.map((r) => [r.source_id, r.member_count, r.members])).toEqual([
      ['P3KE-001', 2, 2],
      ['P3KE-002', 0, 0],
      ['P3KE-003', 1, 1],
    ]);
    expect(rows.rows.every((r) => r.edition === 'P3KE 2024' && r.target_status === 'MISKIN')).toBe(true);
    const address = await api.server.ctx.db
      .selectFrom('household')
      .select('address')
      .where('source_id', '=', 'P3KE-003')
      .executeTakeFirstOrThrow();
    expect(address.address).toBe('DUSUN "KRAJAN";\nRT 001');
  });

  it('rebuilt every index and constraint it set aside', async () => {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from pg_index i
      where i.indrelid in ('household'::regclass, 'member'::regclass) and not i.indisvalid`.execute(api.server.ctx.db);
    expect(r.rows[0]?.n).toBe(0);
    const keys = await sql<{ conname: string }>`
      select conname from pg_constraint where conrelid = 'member'::regclass and contype in ('f', 'u') order by conname`.execute(
      api.server.ctx.db,
    );
    expect(keys.rows.map((k) => k.conname)).toEqual(['member_household_id_fkey', 'member_source_source_id_key']);
    // The findings' indexes (set aside on PGlite) are back too.
    const issueIndexes = await sql<{ name: string }>`
      select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = 'import_issue'::regclass and i.indisvalid order by 1`.execute(api.server.ctx.db);
    expect(issueIndexes.rows.map((r) => r.name)).toEqual([
      'import_issue_import_idx',
      'import_issue_order_idx',
      'import_issue_pkey',
      'import_issue_severity_order_idx',
    ]);
    // Their import_id is checked per statement (migration 0022): the triggers are in place.
    const issueChecks = await sql<{ name: string }>`
      select tgname as name from pg_trigger where tgrelid = 'import_issue'::regclass and not tgisinternal and tgenabled = 'O'
      order by 1`.execute(api.server.ctx.db);
    expect(issueChecks.rows.map((r) => r.name)).toEqual(['import_issue_import_ref_insert', 'import_issue_import_ref_update']);
  });

  it('changes nothing when imported again, and a later import takes new household ids', async () => {
    const again = await importDone(
      api.admin,
      'P3KE',
      { keluarga: [csv(FAMILIES), 'keluarga.csv'], anggota: [csv(MEMBERS, ','), 'anggota.csv'] },
      'P3KE 2024',
    );
    expect(again.counts.households).toEqual({ inserted: 0, updated: 0, unchanged: 3, removed: 0, rejected: 1 });
    expect(again.counts.members).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, removed: 0 });
    const dtks = [[...DTKS_COLUMNS], 'BDT-1,ART-1,35,13,6,2005,,KARTO,1,1970-01-01,1,3513060101700001,,2,1,1,1,0,1,2'.split(',')];
    const d = await importDone(api.admin, 'DTKS', { dtks: [csv(dtks), 'dtks.csv'] });
    expect(d.counts.households.inserted).toBe(1);
    const ids = await api.server.ctx.db.selectFrom('household').select(['id', 'source']).orderBy('id').execute();
    expect(ids).toHaveLength(4);
    expect(ids.at(-1)?.source).toBe('DTKS');
  });
});

describe('first P3KE load into a registry that already holds DTKS households', () => {
  const pilot = useImportServer('admin.dtks');

  const filenode = async () =>
    (await sql<{ f: string }>`select pg_relation_filenode('household')::text as f`.execute(pilot.server.ctx.db)).rows[0]?.f;

  it('keeps the DTKS households: the registry is truncated for a frozen copy only when it is empty', async () => {
    const dtks = [[...DTKS_COLUMNS], 'BDT-1,ART-1,35,13,6,2005,,KARTO,1,1970-01-01,1,3513060101700001,,2,1,1,1,0,1,2'.split(',')];
    const d = await importDone(pilot.admin, 'DTKS', { dtks: [csv(dtks), 'dtks.csv'] });
    expect(d.counts.households.inserted).toBe(1);
    const before = await filenode();
    const p = await importDone(
      pilot.admin,
      'P3KE',
      { keluarga: [csv(FAMILIES), 'keluarga.csv'], anggota: [csv(MEMBERS, ','), 'anggota.csv'] },
      'P3KE 2024',
    );
    expect(p.counts.households.inserted).toBe(3);
    const rows = await pilot.server.ctx.db.selectFrom('household').select(['source', 'source_id']).orderBy('id').execute();
    expect(rows.map((r) => `${r.source}:${r.source_id}`)).toEqual(['DTKS:BDT-1', 'P3KE:P3KE-001', 'P3KE:P3KE-002', 'P3KE:P3KE-003']);
    const members = await pilot.server.ctx.db.selectFrom('member').select('source').execute();
    expect(members.filter((m) => m.source === 'DTKS')).toHaveLength(1);
    // Not truncated: the table keeps its file.
    expect(await filenode()).toBe(before);
  });

  it('truncates an empty registry before its first load, to copy the rows frozen', async () => {
    const fresh = await startTestServer();
    try {
      const a = await fresh.userClient('admin.kosong', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
      const node = async () =>
        (await sql<{ f: string }>`select pg_relation_filenode('household')::text as f`.execute(fresh.ctx.db)).rows[0]?.f;
      const before = await node();
      await importDone(a, 'P3KE', { keluarga: [csv(FAMILIES), 'keluarga.csv'], anggota: [csv(MEMBERS, ','), 'anggota.csv'] }, 'P3KE 2024');
      expect(await node()).not.toBe(before);
      // …copied frozen and, at the embedded database's WAL level, without writing WAL for it.
      const level = await sql<{ wal_level: string }>`show wal_level`.execute(fresh.ctx.db);
      if (fresh.ctx.database.kind === 'pglite') expect(level.rows[0]?.wal_level).toBe('minimal');
      expect(await fresh.ctx.db.selectFrom('household').select('id').execute()).toHaveLength(3);
    } finally {
      await fresh.close();
    }
  });
});
