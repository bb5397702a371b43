import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

const A = '35.13.06.2005'; // Alassapi, Kecamatan Banyuanyar
const B = '35.13.06.2013';
const C = '35.13.01.2001';
const url = '/api/v1/decrees';
const NIK_SITI = '3513062005800001';
const KK_SITI = '3513062005000001';

let s: TestServer;
let admin: Client;
let opA: Client;
let opKec: Client;
let pimpinan: Client;
let ids: Record<string, number> = {};

const decreeBody = (number: string, extra: Record<string, unknown> = {}) => ({
  number,
  decreeDate: '2026-03-10',
  title: 'Penetapan Keluarga Sasaran Miskin Ekstrem Tahun 2026',
  signatoryName: 'Drs. H. Muhammad Tantri',
  signatoryPosition: 'Bupati Probolinggo',
  ...extra,
});

async function download(c: Client, path: string): Promise<Response> {
  return fetch(`${s.baseUrl}${url}${path}`, { headers: { cookie: c.cookie } });
}

async function readSheet(res: Response): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no worksheet');
  const rows: unknown[][] = [];
  ws.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

/** Finalised musdes meetings written straight into the musdes tables (the musdes flow has its own tests). */
async function finalisedMusdes(
  desaCodes: string[],
  decisions: { householdId: number; desaCode: string; decision: string; reason: string }[],
) {
  const db = s.ctx.db;
  const period = await db
    .insertInto('program_period')
    .values({
      kabupaten_code: '35.13',
      program: 'Gesek Ekstrem',
      name: 'Gesek Ekstrem 2026',
      start_date: '2026-01-01',
      end_date: '2026-12-31',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, desaCode] of desaCodes.entries()) {
    const meeting = await sql<{ id: number }>`
      insert into musdes_meeting (period_id, kabupaten_code, kecamatan_code, desa_code, type, status, number, held_on, place, finalised_at)
      values (${period.id}, '35.13', ${desaCode.slice(0, 8)}, ${desaCode}, 'MUSDES', 'FINALISED', ${`BA-${i + 1}/${desaCode}`}, ${`2026-08-1${i}`}, 'Balai desa', now())
      returning id`.execute(db);
    for (const d of decisions.filter((x) => x.desaCode === desaCode)) {
      await sql`insert into musdes_decision (meeting_id, household_id, kabupaten_code, kecamatan_code, desa_code, decision, reason)
        values (${meeting.rows[0]?.id}, ${d.householdId}, '35.13', ${desaCode.slice(0, 8)}, ${desaCode}, ${d.decision}, ${d.reason})`.execute(
        db,
      );
    }
  }
}

async function pdfText(res: Response): Promise<string> {
  const { text } = await extractText(new Uint8Array(await res.arrayBuffer()), { mergePages: true });
  return text;
}

async function pdfPages(res: Response): Promise<{ text: string[]; totalPages: number }> {
  return extractText(new Uint8Array(await res.arrayBuffer()));
}

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.sk', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opA = await s.userClient('op.a.sk', [{ role: 'operator_desa', regionCode: A }]);
  opKec = await s.userClient('op.kec.sk', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }]);
  pimpinan = await s.userClient('pimpinan.sk', [{ role: 'pimpinan', regionCode: '35.13' }]);
  const [siti, bud, formula, cici, rich, dedi] = await insertHouseholds(s.ctx.db, [
    {
      desaCode: A,
      headName: 'SITI AMINAH',
      headNik: NIK_SITI,
      kkNumber: KK_SITI,
      address: 'Dusun Krajan RT 01',
      desil: 1,
      targetStatus: 'MISKIN_EKSTREM',
      members: [{ name: 'SITI AMINAH' }, { name: 'ANAK SITI' }],
    },
    {
      desaCode: A,
      headName: 'BUDIONO',
      headNik: '3513062005700002',
      kkNumber: '3513062005000002',
      desil: 1,
      targetStatus: 'MISKIN_EKSTREM',
    },
    {
      desaCode: B,
      headName: '=HYPERLINK("http://x","klik")',
      headNik: '3513062013700003',
      desil: 2,
      targetStatus: 'MISKIN_EKSTREM',
      address: '+62 jalan',
    },
    { desaCode: C, headName: 'CICI', headNik: '3513012001700004', desil: 1, targetStatus: 'MISKIN_EKSTREM' },
    { desaCode: A, headName: 'KAYA RAYA', headNik: '3513062005700005', desil: 9, targetStatus: 'TIDAK_MISKIN' },
    { desaCode: B, headName: 'DEDI', headNik: '3513062013700006', desil: 2, targetStatus: 'MISKIN' },
  ]);
  ids = { siti: siti!, bud: bud!, formula: formula!, cici: cici!, rich: rich!, dedi: dedi! };
  await sql`update household set member_count = (select count(*) from member m where m.household_id = household.id)`.execute(s.ctx.db);
});
afterAll(async () => {
  await s?.close();
});

describe('decree draft', () => {
  it('totals the current target households per kecamatan and desa, in the reader’s scope', async () => {
    const res = await admin.get(`${url}/draft`);
    expect(res.status).toBe(200);
    expect(res.body.totals.households).toBe(4);
    expect(res.body.totals.kecamatan.map((k: { code: string; households: number }) => [k.code, k.households])).toEqual([
      ['35.13.01', 1],
      ['35.13.06', 3],
    ]);
    const banyuanyar = res.body.totals.kecamatan[1];
    expect(banyuanyar.name).toBe('Banyuanyar');
    expect(banyuanyar.desa.map((d: { name: string; households: number; members: number }) => [d.name, d.households, d.members])).toEqual([
      ['Alassapi', 2, 2],
      [expect.any(String), 1, 0],
    ]);
    const own = await opA.get(`${url}/draft`);
    expect(own.body.totals.households).toBe(2);
  });

  it('lists target households with keyset pages; NIK masked for pimpinan', async () => {
    const first = await admin.get(`${url}/draft/households?pageSize=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((r: { headName: string }) => r.headName)).toEqual(['CICI', 'BUDIONO']);
    const next = await admin.get(`${url}/draft/households?pageSize=2&cursor=${first.body.nextCursor}`);
    expect(next.body.items.map((r: { headName: string }) => r.headName)).toEqual(['SITI AMINAH', '=HYPERLINK("http://x","klik")']);
    expect(next.body.items[0].headNik).toBe(NIK_SITI);
    const masked = await pimpinan.get(`${url}/draft/households?desa=${A}`);
    expect(masked.body.items.find((r: { headName: string }) => r.headName === 'SITI AMINAH').headNik).toBe('3513**********01');
    expect((await admin.get(`${url}/draft/households?cursor=bm9wZQ`)).status).toBe(400);
    expect((await opA.get(`${url}/draft/households?desa=${B}`)).status).toBe(404);
  });
});

describe('finalising', () => {
  let first: number;

  it('is for the admin kabupaten only (403) and validates the decree', async () => {
    expect((await opKec.post(url, decreeBody('400/1/2026'))).status).toBe(403);
    expect((await pimpinan.post(url, decreeBody('400/1/2026'))).status).toBe(403);
    expect((await admin.post(url, decreeBody('400/1/2026', { decreeDate: '2026-02-30' }))).status).toBe(400);
    expect((await admin.post(url, decreeBody('', {}))).status).toBe(400);
    expect((await admin.post(url, decreeBody('400/1/2026', { override: { reason: 'singkat' } }))).status).toBe(400);
    expect((await s.ctx.db.selectFrom('decree').select('id').execute()).length).toBe(0);
  });

  it('refuses while desa lack a finalised musdes, and finalises with an audited override', async () => {
    // A pemadanan pair nobody has decided yet (written straight into the matching table).
    await sql`insert into match_candidate (kind, pair_key, household_a, household_b, kabupaten_code, kecamatan_code, desa_code,
        kecamatan_code_b, desa_code_b, score)
      values ('FUZZY', ${`${ids.rich}:${ids.dedi}`}, ${ids.rich}, ${ids.dedi}, '35.13', '35.13.06', ${A}, '35.13.06', ${B}, 0.9)`.execute(
      s.ctx.db,
    );
    const pre = await admin.get(`${url}/preconditions`);
    expect(pre.status).toBe(200);
    expect(pre.body.ready).toBe(false);
    expect(pre.body.preconditions).toEqual([
      expect.objectContaining({
        code: 'DESA_WITHOUT_FINALISED_MUSDES',
        count: 3,
        items: expect.arrayContaining([{ code: A, name: 'Alassapi (Banyuanyar)' }]),
      }),
      expect.objectContaining({ code: 'OPEN_MATCH_CANDIDATES', count: 1, message: '1 kandidat pemadanan belum diputuskan' }),
    ]);
    expect((await opKec.get(`${url}/preconditions`)).status).toBe(403);
    const refused = await admin.post(url, decreeBody('400/1/2026'));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PRECONDITIONS_UNMET');
    expect(refused.body.error.message).toContain('3 desa belum memiliki musdes yang difinalkan');
    expect(refused.body.error.details.preconditions[0].code).toBe('DESA_WITHOUT_FINALISED_MUSDES');
    expect((await s.ctx.db.selectFrom('decree').select('id').execute()).length).toBe(0);

    const reason = 'Tenggat dari provinsi 1 Maret; musdes susulan dijadwalkan';
    const res = await admin.post(url, decreeBody('400/1/2026', { override: { reason } }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      number: '400/1/2026',
      decreeDate: '2026-03-10',
      status: 'FINALISED',
      previous: null,
      override: {
        reason,
        preconditions: [
          { code: 'DESA_WITHOUT_FINALISED_MUSDES', count: 3 },
          { code: 'OPEN_MATCH_CANDIDATES', count: 1 },
        ],
      },
      householdCount: 4,
      memberCount: 2,
      kecamatanCount: 2,
      desaCount: 3,
      addedCount: 0,
      removedCount: 0,
      finalisedBy: { name: 'admin.sk' },
    });
    first = res.body.id;
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'decree.finalise.override')
      .executeTakeFirstOrThrow();
    expect(audit.entity_id).toBe(String(first));
    expect(audit.after).toMatchObject({ number: '400/1/2026', households: 4, override: { reason } });
    const dup = await admin.post(url, decreeBody('400/1/2026', { title: 'Penetapan lain dengan nomor sama', override: { reason } }));
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DECREE_NUMBER_TAKEN');
  });

  it('keeps the snapshot unchanged when households change later; UPDATE and DELETE are refused', async () => {
    await sql`update household set head_name = 'SITI DIUBAH', head_nik = '3513062005800099', member_count = 7 where id = ${ids.siti}`.execute(
      s.ctx.db,
    );
    const list = await admin.get(`${url}/${first}/households?desa=${A}`);
    const siti = list.body.items.find((r: { householdId: number }) => r.householdId === ids.siti);
    expect(siti).toMatchObject({ headName: 'SITI AMINAH', headNik: NIK_SITI, kkNumber: KK_SITI, memberCount: 2 });
    await expect(sql`update decree_household set head_name = 'X' where decree_id = ${first}`.execute(s.ctx.db)).rejects.toThrow(
      /immutable/,
    );
    await expect(sql`delete from decree_household where decree_id = ${first}`.execute(s.ctx.db)).rejects.toThrow(/immutable/);
    await expect(sql`update decree set number = 'X' where id = ${first}`.execute(s.ctx.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from decree where id = ${first}`.execute(s.ctx.db)).rejects.toThrow(/immutable/);
    const detail = await admin.get(`${url}/${first}`);
    expect(detail.body).toMatchObject({ number: '400/1/2026', householdCount: 4 });
    expect(detail.body.totals.households).toBe(4);
    // No route changes or deletes a decree.
    expect((await admin.request('DELETE', `${url}/${first}`)).status).toBe(404);
    expect((await admin.request('PUT', `${url}/${first}`, decreeBody('400/9/2026'))).status).toBe(404);
  });

  it('shows what the next decree adds and removes, with the reason and the deciding musdes', async () => {
    const [eka] = await insertHouseholds(s.ctx.db, [
      { desaCode: A, headName: 'EKA BARU', headNik: '3513062005700007', targetStatus: 'MISKIN_EKSTREM' },
    ]);
    // What finalised musdes do to the registry: Budiono leaves, Dedi joins, Cici is ended as deceased.
    await sql`update household set target_status = 'MISKIN' where id = ${ids.bud}`.execute(s.ctx.db);
    await sql`update household set target_status = 'MISKIN_EKSTREM' where id = ${ids.dedi}`.execute(s.ctx.db);
    await sql`update household set target_status = 'MISKIN', ended_reason = 'MENINGGAL', ended_at = now() where id = ${ids.cici}`.execute(
      s.ctx.db,
    );
    await finalisedMusdes(
      [A, B, C],
      [
        { householdId: ids.bud!, desaCode: A, decision: 'REMOVE', reason: 'Sudah bekerja tetap' },
        { householdId: ids.dedi!, desaCode: B, decision: 'ADD', reason: 'Usulan baru dari RT' },
        { householdId: ids.cici!, desaCode: C, decision: 'REMOVE', reason: 'Kepala keluarga meninggal' },
      ],
    );
    expect((await admin.get(`${url}/preconditions`)).body.preconditions.map((p: { code: string }) => p.code)).toEqual([
      'OPEN_MATCH_CANDIDATES',
    ]);
    await sql`update match_candidate set status = 'DIFFERENT', resolution = 'DISMISSED', resolved_at = now()`.execute(s.ctx.db);
    expect((await admin.get(`${url}/preconditions`)).body).toEqual({ ready: true, preconditions: [] });
    const res = await admin.post(
      url,
      decreeBody('400/2/2026', { decreeDate: '2026-09-01', title: 'Perubahan Penetapan Keluarga Sasaran 2026' }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      previous: { id: first, number: '400/1/2026' },
      override: null,
      householdCount: 4,
      addedCount: 2,
      removedCount: 2,
    });
    const second = res.body.id;
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'decree')
      .where('entity_id', '=', String(second))
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('decree.finalise');

    const added = await admin.get(`${url}/${second}/diff?change=ADDED`);
    expect(added.status).toBe(200);
    expect(added.body.items.map((r: { householdId: number; reasonCode: string }) => [r.householdId, r.reasonCode])).toEqual([
      [eka, 'NEW_HOUSEHOLD'],
      [ids.dedi, 'BECAME_TARGET'],
    ]);
    expect(added.body.items[0].musdes).toBeNull();
    expect(added.body.items[1].musdes).toMatchObject({
      number: `BA-2/${B}`,
      heldOn: '2026-08-11',
      decision: 'ADD',
      reason: 'Usulan baru dari RT',
    });
    const removed = await admin.get(`${url}/${second}/diff?change=REMOVED`);
    expect(removed.body.items).toEqual([
      expect.objectContaining({
        householdId: ids.cici,
        change: 'REMOVED',
        reasonCode: 'ENDED_MENINGGAL',
        musdes: expect.objectContaining({ number: `BA-3/${C}`, decision: 'REMOVE', reason: 'Kepala keluarga meninggal' }),
      }),
      expect.objectContaining({
        householdId: ids.bud,
        headName: 'BUDIONO',
        reasonCode: 'NO_LONGER_TARGET',
        currentStatus: 'MISKIN',
        musdes: expect.objectContaining({ number: `BA-1/${A}`, heldOn: '2026-08-10', decision: 'REMOVE', reason: 'Sudah bekerja tetap' }),
      }),
    ]);
    const ownDiff = await opA.get(`${url}/${second}/diff?change=REMOVED`);
    expect(ownDiff.body.items.map((r: { headName: string }) => r.headName)).toEqual(['BUDIONO']);
    // The first decree still holds its four households.
    expect((await admin.get(`${url}/${first}`)).body.totals.households).toBe(4);
    const list = await admin.get(url);
    expect(list.body.items.map((d: { number: string }) => d.number)).toEqual(['400/2/2026', '400/1/2026']);

    const xlsx = await download(admin, `/${second}/diff.xlsx`);
    expect(xlsx.status).toBe(200);
    const rows = await readSheet(xlsx);
    const h = rows[0] as string[];
    const cols = ['Perubahan', 'Kepala Keluarga', 'Alasan', 'Keputusan Musdes', 'Alasan Musdes', 'Nomor Berita Acara Musdes'].map((c) =>
      h.indexOf(c),
    );
    expect(rows.slice(1).map((r) => cols.map((i) => r[i] ?? null))).toEqual([
      ['Ditambahkan', 'EKA BARU', 'Keluarga baru dalam data', null, null, null],
      ['Ditambahkan', 'DEDI', 'Status menjadi miskin ekstrem', 'Ditambahkan (usulan baru)', 'Usulan baru dari RT', `BA-2/${B}`],
      ['Dikeluarkan', 'CICI', 'Meninggal (keputusan musdes)', 'Keluar dari miskin ekstrem', 'Kepala keluarga meninggal', `BA-3/${C}`],
      ['Dikeluarkan', 'BUDIONO', 'Status tidak lagi miskin ekstrem', 'Keluar dari miskin ekstrem', 'Sudah bekerja tetap', `BA-1/${A}`],
    ]);
  });
});

describe('lampiran exports', () => {
  let id: number;
  beforeAll(async () => {
    id = (await admin.get(url)).body.items.find((d: { number: string }) => d.number === '400/1/2026').id;
  });

  it('streams the XLSX with every household, neutralised formulas, full NIK for the admin and masked in the public copy', async () => {
    const res = await download(admin, `/${id}/lampiran.xlsx`);
    expect(res.status).toBe(200);
    const rows = await readSheet(res);
    const h = rows[0] as string[];
    const col = (name: string) => h.indexOf(name);
    expect(rows.slice(1).map((r) => r[col('Kepala Keluarga')])).toEqual([
      'CICI',
      'BUDIONO',
      'SITI AMINAH',
      `'=HYPERLINK("http://x","klik")`,
    ]);
    const siti = rows[3] as unknown[];
    expect(siti[col('NIK Kepala Keluarga')]).toBe(NIK_SITI);
    expect(siti[col('No KK')]).toBe(KK_SITI);
    expect(siti[col('Desa/Kelurahan')]).toBe('Alassapi');
    expect((rows[4] as unknown[])[col('Alamat')]).toBe("'+62 jalan");

    const pub = await readSheet(await download(admin, `/${id}/lampiran.xlsx?copy=public`));
    expect((pub[3] as unknown[])[col('NIK Kepala Keluarga')]).toBe('3513**********01');
    expect((pub[3] as unknown[])[col('No KK')]).toBe('3513**********01');
    expect(JSON.stringify(pub)).not.toContain(NIK_SITI);
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'decree.export')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ format: 'xlsx', publicCopy: true, rows: 4, completed: true });

    const own = await readSheet(await download(opA, `/${id}/lampiran.xlsx`));
    expect(own.slice(1).map((r) => r[col('Kepala Keluarga')])).toEqual(['BUDIONO', 'SITI AMINAH']);
    expect((await download(opA, `/${id}/lampiran.xlsx?kecamatan=35.13.01`)).status).toBe(404);
  });

  it('prints the PDF with kop, sections, totals, page numbers and signature; public copy masked', async () => {
    const res = await download(admin, `/${id}/lampiran.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('lampiran-sk-400-1-2026.pdf');
    const { text, totalPages } = await pdfPages(res);
    const all = text.join('\n');
    for (const expected of [
      'PEMERINTAH KABUPATEN PROBOLINGGO',
      'LAMPIRAN KEPUTUSAN BUPATI PROBOLINGGO',
      '400/1/2026',
      '10 Maret 2026',
      'Penetapan Keluarga Sasaran Miskin Ekstrem Tahun 2026',
      'Daftar keluarga sasaran miskin ekstrem: 4 keluarga',
      'Kecamatan Banyuanyar',
      `Desa/Kelurahan Alassapi (${A})`,
      'SITI AMINAH',
      NIK_SITI,
      KK_SITI,
      'Dusun Krajan RT 01',
      'BUDIONO',
      '=HYPERLINK("http://x","klik")',
      'CICI',
      'Jumlah: 2 keluarga',
      'Jumlah Kecamatan Banyuanyar: 3 keluarga, 2 jiwa',
      'JUMLAH SELURUHNYA: 4 keluarga, 2 jiwa',
      'Ditetapkan tanggal 10 Maret 2026',
      'BUPATI PROBOLINGGO',
      'Drs. H. Muhammad Tantri',
    ]) {
      expect(all).toContain(expected);
    }
    expect(totalPages).toBe(1);
    expect(text[0]).toContain('Halaman 1 dari 1');
    expect(text[0]).toContain('Lampiran SK 400/1/2026');
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'decree.export')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ format: 'pdf', publicCopy: false, kecamatan: null, desa: null, rows: 4, completed: true });

    const pub = await pdfText(await download(admin, `/${id}/lampiran.pdf?copy=public&kecamatan=35.13.06`));
    expect(pub).toContain('SITI AMINAH');
    expect(pub).toContain('3513**********01');
    expect(pub).toContain('salinan publik: NIK dan No KK disamarkan');
    expect(pub).not.toContain(NIK_SITI);
    expect(pub).not.toContain(KK_SITI);
    expect(pub).not.toContain('CICI');
    const masked = await pdfText(await download(pimpinan, `/${id}/lampiran.pdf?desa=${A}`));
    expect(masked).not.toContain(NIK_SITI);
  });

  it('gives a desa operator only their desa, and refuses a region outside the scope (404) before any byte', async () => {
    const own = await download(opA, `/${id}/lampiran.pdf`);
    expect(own.status).toBe(200);
    const text = (await pdfPages(own)).text.join('\n');
    expect(text).toContain('SITI AMINAH');
    expect(text).toContain('BUDIONO');
    expect(text).not.toContain('CICI');
    expect(text).not.toContain('HYPERLINK');
    expect(text).toContain('JUMLAH SELURUHNYA: 2 keluarga');
    for (const query of ['kecamatan=35.13.01', `desa=${B}`]) {
      const refused = await download(opA, `/${id}/lampiran.pdf?${query}`);
      expect(refused.status).toBe(404);
      expect(refused.headers.get('content-type')).toContain('application/json');
      expect(refused.headers.get('content-disposition')).toBeNull();
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
    expect((await download(admin, `/${id}/lampiran.pdf?kecamatan=35.13.01&desa=${A}`)).status).toBe(400);
  });

  it('streams a many-page PDF of the whole kabupaten: every household, header per page, "Halaman 1 dari N" with N the real page count', async () => {
    const many = Array.from({ length: 260 }, (_, i) => ({
      desaCode: [A, B, C][i % 3] as string,
      headName: i % 10 === 0 ? `WARGA ${i} DENGAN NAMA YANG PANJANG SEKALI SAMPAI HARUS DIPOTONG BARIS` : `WARGA ${i}`,
      headNik: `35130620057${String(10000 + i)}`,
      address: i % 7 === 0 ? `Dusun Krajan Kidul RT 00${i % 9} RW 00${i % 4} sebelah utara balai desa nomor ${i}` : `Dusun ${i}`,
      desil: 1,
      targetStatus: 'MISKIN_EKSTREM' as const,
    }));
    await insertHouseholds(s.ctx.db, many);
    const res = await admin.post(url, decreeBody('400/3/2026', { override: { reason: 'Uji lampiran PDF banyak halaman' } }));
    expect(res.status).toBe(201);
    const households = res.body.householdCount as number;
    expect(households).toBe(264);
    const pdf = await download(admin, `/${res.body.id}/lampiran.pdf`);
    expect(pdf.status).toBe(200);
    const { text, totalPages } = await pdfPages(pdf);
    expect(totalPages).toBeGreaterThan(3);
    expect(text).toHaveLength(totalPages);
    text.forEach((page, i) => {
      expect(page).toContain(`Halaman ${i + 1} dari ${totalPages}`);
      // The table (its header repeated) runs over every page; the last may hold only the signature.
      if (i < totalPages - 1) expect(page).toContain('NIK Kepala');
    });
    const all = text.join('\n').replace(/\s+/g, ' ');
    for (let i = 0; i < 260; i++) expect(all).toContain(`WARGA ${i} `);
    expect(all).toContain('WARGA 250 DENGAN NAMA YANG PANJANG SEKALI SAMPAI HARUS DIPOTONG BARIS');
    expect(all).toContain('sebelah utara balai desa nomor 252');
    expect(all).toContain(`JUMLAH SELURUHNYA: ${households} keluarga`);
    const kec = (await admin.get(`${url}/${res.body.id}`)).body.totals.kecamatan as { name: string; households: number }[];
    for (const k of kec) expect(all).toContain(`Jumlah Kecamatan ${k.name}: ${k.households} keluarga`);
    expect(text.at(-1)).toContain('Drs. H. Muhammad Tantri');
  });
});
