import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVervalSweep, sweepVerval } from '../../src/modules/verval/sweep.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Verval follow-up over HTTP: the review queue, the keyset worklist with search, the household
 * data the correction form needs, photo thumbnails with their access checks, and the sweep.
 */

const DESA_A = '35.13.06.2005';
const DESA_B = '35.13.06.2013';
const KEC = '35.13.06';

let s: TestServer;
let admin: Client;
let opA: Client;
let pendA: Client;
let kec: Client;
let opB: Client;
let periodId: number;

const base = () => `/api/v1/verval/periods/${periodId}`;
const put = (c: Client, hh: number, body: Record<string, unknown>) => c.request('PUT', `${base()}/households/${hh}`, body);
const act = (c: Client, id: number, action: string, body: Record<string, unknown>) =>
  c.request('POST', `/api/v1/verval/${id}/${action}`, body);

/** Record and submit a verval; returns its id and version. */
async function submitted(c: Client, hh: number, record: Record<string, unknown>) {
  const saved = await put(c, hh, { baseVersion: 0, found: true, ...record });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  const sub = await act(c, saved.body.id, 'submit', { baseVersion: 1 });
  expect(sub.status, JSON.stringify(sub.body)).toBe(200);
  return { id: saved.body.id as number, version: 2 };
}

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opA = await s.userClient('op2005', [{ role: 'operator_desa', regionCode: DESA_A }]);
  pendA = await s.userClient('pend2005', [{ role: 'pendamping', regionCode: DESA_A }]);
  kec = await s.userClient('kec06', [{ role: 'operator_kecamatan', regionCode: KEC }]);
  opB = await s.userClient('op2013', [{ role: 'operator_desa', regionCode: DESA_B }]);
  const p = await admin.post('/api/v1/organisation/periods', {
    program: 'Verval',
    name: 'Verval',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  periodId = p.body.id;
});
afterAll(() => s?.close());

describe('household data for corrections', () => {
  it('returns the correctable fields as they are now and the members with their ids', async () => {
    const [hh] = await insertHouseholds(s.ctx.db, [
      {
        desaCode: DESA_A,
        headName: 'Sulastri',
        headNik: '3513061234560001',
        headSex: 'P',
        columns: { floor_type: 'Tanah', has_savings: false },
        indicators: { mealsPerDay: 1 },
        members: [{ name: 'Sulastri', relationship: 'Kepala keluarga', birthDate: '1970-05-01', sex: 'P' }],
      },
    ]);
    const r = await opA.get(`${base()}/households/${hh}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      headName: 'Sulastri',
      targetStatus: 'MISKIN',
      fields: { headName: 'Sulastri', headSex: 'P', floorType: 'Tanah', hasSavings: false, roofType: null },
      indicators: { mealsPerDay: 1 },
      verval: null,
    });
    expect(r.body.members).toEqual([
      { id: expect.any(Number), name: 'Sulastri', nik: null, sex: 'P', relationship: 'Kepala keluarga', birthDate: '1970-05-01' },
    ]);
    expect(typeof r.body.desaName).toBe('string');
    expect((await opB.get(`${base()}/households/${hh}`)).status).toBe(404);
  });
});

describe('review queue', () => {
  it('lists SUBMITTED records of the reviewer scope, filtered by region and outcome, paged by keyset, never their own', async () => {
    const [a1, a2, a3, b1, draft] = await insertHouseholds(s.ctx.db, [
      { desaCode: DESA_A, headName: 'Antok' },
      { desaCode: DESA_A, headName: 'Bariyah' },
      { desaCode: DESA_A, headName: 'Cahyo' },
      { desaCode: DESA_B, headName: 'Darsih' },
      { desaCode: DESA_A, headName: 'Endah' },
    ]);
    const v1 = await submitted(opA, a1!, { outcome: 'TETAP', updates: { floorType: 'Semen' } });
    const v2 = await submitted(opA, a2!, { outcome: 'MENINGGAL', found: false });
    const own = await submitted(pendA, a3!, { outcome: 'TETAP' });
    const v4 = await submitted(opB, b1!, { outcome: 'TIDAK_DITEMUKAN', found: false });
    await put(opA, draft!, { baseVersion: 0, found: true, outcome: 'TETAP' });

    const all = await kec.get(`${base()}/review`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(4);
    expect(all.body.items.map((i: { id: number }) => i.id)).toEqual([v1.id, v2.id, own.id, v4.id]);
    expect(all.body.items[0]).toMatchObject({ householdId: a1, headName: 'Antok', outcome: 'TETAP', changes: 1, submittedBy: 'op2005' });

    // A pendamping of desa A reviews only desa A, and not what they submitted themselves.
    const pend = await pendA.get(`${base()}/review`);
    expect(pend.body.items.map((i: { id: number }) => i.id)).toEqual([v1.id, v2.id]);
    expect((await pendA.get(`${base()}/review?region=${DESA_B}`)).body.error.code).toBe('NOT_FOUND');
    // An operator desa reviews nothing.
    expect((await opA.get(`${base()}/review`)).body).toMatchObject({ total: 0, items: [] });

    const byDesa = await kec.get(`${base()}/review?region=${DESA_B}`);
    expect(byDesa.body.items.map((i: { id: number }) => i.id)).toEqual([v4.id]);
    const byOutcome = await kec.get(`${base()}/review?outcome=MENINGGAL`);
    expect(byOutcome.body.items.map((i: { id: number }) => i.id)).toEqual([v2.id]);

    const seen: number[] = [];
    let after: string | null = null;
    do {
      const page: { body: { items: { id: number }[]; nextCursor: string | null } } = await kec.get(
        `${base()}/review?pageSize=1${after ? `&after=${after}` : ''}`,
      );
      seen.push(...page.body.items.map((i) => i.id));
      after = page.body.nextCursor;
    } while (after);
    expect(seen).toEqual([v1.id, v2.id, own.id, v4.id]);
    expect((await kec.get(`${base()}/review?after=rusak`)).body.error.code).toBe('CURSOR_INVALID');

    // Approving a death leaves the target status alone (the Musyawarah Desa decides).
    expect((await act(kec, v2.id, 'approve', { baseVersion: v2.version })).status).toBe(200);
    const after2 = await kec.get(`${base()}/review`);
    expect(after2.body.items.map((i: { id: number }) => i.id)).not.toContain(v2.id);
    const hh = await s.ctx.db.selectFrom('household').select('target_status').where('id', '=', a2!).executeTakeFirstOrThrow();
    expect(hh.target_status).toBe('MISKIN');
  });
});

describe('worklist', () => {
  it('puts returned records first with the comment, pages beyond 200 by keyset and searches name or NIK', async () => {
    const desa = '35.13.06.2001';
    const op = await s.userClient('op2001', [{ role: 'operator_desa', regionCode: desa }]);
    const names = Array.from({ length: 250 }, (_, i) => ({ desaCode: desa, headName: `Warga ${String(i).padStart(3, '0')}` }));
    const ids = await insertHouseholds(s.ctx.db, [
      ...names,
      { desaCode: desa, headName: 'Siti Aminah', headNik: '3513060101010001' },
      { desaCode: desa, headName: 'Zulkifli' },
    ]);
    const zul = ids.at(-1)!;
    const siti = ids.at(-2)!;
    const v = await submitted(op, zul, { outcome: 'TETAP' });
    expect((await act(kec, v.id, 'return', { baseVersion: v.version, comment: 'Foto rumah kurang jelas' })).status).toBe(200);
    await put(op, ids[0]!, { baseVersion: 0, found: true, outcome: 'TETAP' });

    const first = await op.get(`${base()}/worklist?desa=${desa}&pageSize=100`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 252, visited: 2, matching: 252 });
    expect(first.body.items[0]).toMatchObject({
      householdId: zul,
      verval: { status: 'RETURNED', reviewComment: 'Foto rumah kurang jelas' },
    });
    expect(first.body.items[1]).toMatchObject({ headName: 'Siti Aminah', visited: false });
    const all = [...first.body.items];
    let after = first.body.nextCursor;
    while (after) {
      const page = await op.get(`${base()}/worklist?desa=${desa}&pageSize=100&after=${after}`);
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      after = page.body.nextCursor;
    }
    expect(all).toHaveLength(252);
    expect(new Set(all.map((i: { householdId: number }) => i.householdId)).size).toBe(252);
    // The visited one (not returned) comes last.
    expect(all.at(-1)).toMatchObject({ householdId: ids[0], visited: true });

    const byName = await op.get(`${base()}/worklist?desa=${desa}&q=${encodeURIComponent('amin sit')}`);
    expect(byName.body).toMatchObject({ total: 252, matching: 1, nextCursor: null });
    expect(byName.body.items.map((i: { householdId: number }) => i.householdId)).toEqual([siti]);
    const byNik = await op.get(`${base()}/worklist?desa=${desa}&q=3513060101010001`);
    expect(byNik.body.items.map((i: { householdId: number }) => i.householdId)).toEqual([siti]);
    expect((await op.get(`${base()}/worklist?desa=${desa}&after=xyz`)).body.error.code).toBe('CURSOR_INVALID');
  });
});

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#5a8' } })
    .png()
    .toBuffer();

const upload = async (c: Client, hh: number, bytes: Buffer) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'rumah.png');
  return c.request('POST', `/api/v1/verval/households/${hh}/photos`, form);
};

const fetchImage = (c: Client, url: string) => fetch(`${s.baseUrl}${url}`, { headers: { cookie: c.cookie } });

describe('photo thumbnails', () => {
  it('serves an uploaded photo full size and as a thumbnail to users whose scope covers the household only', async () => {
    const [hh, other] = await insertHouseholds(s.ctx.db, [
      { desaCode: DESA_A, headName: 'Foto Satu' },
      { desaCode: DESA_A, headName: 'Foto Dua' },
    ]);
    const up = await upload(opA, hh!, await png(2400, 1200));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const sha = up.body.sha256 as string;

    // Before the record is saved (the form shows it at once).
    const thumb = await fetchImage(opA, `/api/v1/verval/households/${hh}/photos/${sha}?size=thumb`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([320, 160]);
    const full = await fetchImage(opA, `/api/v1/verval/households/${hh}/photos/${sha}`);
    expect((await sharp(Buffer.from(await full.arrayBuffer())).metadata()).width).toBe(1600);

    expect((await fetchImage(opB, `/api/v1/verval/households/${hh}/photos/${sha}?size=thumb`)).status).toBe(404);
    expect((await fetchImage(opA, `/api/v1/verval/households/${other}/photos/${sha}?size=thumb`)).status).toBe(404);
    expect((await fetchImage(opA, `/api/v1/verval/households/${hh}/photos/${'c'.repeat(64)}?size=thumb`)).status).toBe(404);
    expect((await fetchImage(opA, `/api/v1/verval/households/${hh}/photos/${sha}?size=huge`)).status).toBe(400);

    const saved = await put(opA, hh!, { baseVersion: 0, found: true, outcome: 'TETAP', photos: [sha] });
    expect(saved.status).toBe(201);
    const reviewerThumb = await fetchImage(kec, `/api/v1/verval/${saved.body.id}/photos/${sha}?size=thumb`);
    expect(reviewerThumb.status).toBe(200);
    expect((await fetchImage(opB, `/api/v1/verval/${saved.body.id}/photos/${sha}?size=thumb`)).status).toBe(404);
  });
});

describe('housekeeping sweep', () => {
  it('deletes idempotency keys older than 7 days and verval photos left unattached for 24 hours, nothing else', async () => {
    const [hh] = await insertHouseholds(s.ctx.db, [{ desaCode: DESA_A, headName: 'Sapu Bersih' }]);
    const shas: string[] = [];
    for (const size of [200, 210, 220, 230]) shas.push((await upload(opA, hh!, await png(size, size))).body.sha256);
    const [orphan, attached, recent, shared] = shas as [string, string, string, string];
    expect((await put(opA, hh!, { baseVersion: 0, found: true, outcome: 'TETAP', photos: [attached] })).status).toBe(201);
    const old = new Date(Date.now() - 25 * 3600 * 1000);
    await s.ctx.db.updateTable('blob_upload').set({ uploaded_at: old }).where('sha256', 'in', [orphan, attached, shared]).execute();
    // The same content recorded by another module is theirs to keep.
    await s.ctx.db
      .insertInto('blob_upload')
      .values({ sha256: shared, purpose: 'musdes', household_id: null, kabupaten_code: '35.13', kecamatan_code: KEC, desa_code: DESA_A })
      .execute();

    const user = await s.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'op2005').executeTakeFirstOrThrow();
    const keyRow = (key: string, days: number) => ({
      user_id: user.id,
      key,
      request_hash: 'x',
      status: 200,
      response: '{}',
      created_at: new Date(Date.now() - days * 24 * 3600 * 1000),
    });
    await s.ctx.db
      .insertInto('idempotency_key')
      .values([keyRow('sweep-old-key', 8), keyRow('sweep-new-key', 6)])
      .execute();

    const blobFile = (sha: string) => path.join(s.ctx.config.dataDir, 'blobs', sha.slice(0, 2), sha);
    for (const sha of shas) expect(fs.existsSync(blobFile(sha))).toBe(true);

    const result = await sweepVerval(s.ctx.db, s.ctx);
    expect(result).toEqual({ idempotencyKeys: 1, photos: 1 });
    expect(fs.existsSync(blobFile(orphan))).toBe(false);
    for (const sha of [attached, recent, shared]) expect(fs.existsSync(blobFile(sha))).toBe(true);
    const keys = await s.ctx.db.selectFrom('idempotency_key').select('key').where('key', 'like', 'sweep-%').execute();
    expect(keys.map((k) => k.key)).toEqual(['sweep-new-key']);
    const left = await s.ctx.db.selectFrom('blob_upload').select('sha256').where('sha256', '=', orphan).execute();
    expect(left).toEqual([]);
    expect((await fetchImage(opA, `/api/v1/verval/households/${hh}/photos/${orphan}?size=thumb`)).status).toBe(404);
    // Running it again finds nothing more.
    expect(await sweepVerval(s.ctx.db, s.ctx)).toEqual({ idempotencyKeys: 0, photos: 0 });
  });

  it('runs at start and then on its timer until stopped', async () => {
    const user = await s.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'op2005').executeTakeFirstOrThrow();
    const stale = (key: string) => ({
      user_id: user.id,
      key,
      request_hash: 'x',
      status: 200,
      response: '{}',
      created_at: new Date(Date.now() - 30 * 24 * 3600 * 1000),
    });
    const exists = async (key: string) =>
      (await s.ctx.db.selectFrom('idempotency_key').select('key').where('key', '=', key).executeTakeFirst()) !== undefined;
    await s.ctx.db.insertInto('idempotency_key').values(stale('timer-start-key')).execute();
    const errors: unknown[] = [];
    const stop = startVervalSweep(s.ctx.db, s.ctx, { error: (e) => errors.push(e) }, 100);
    await expect.poll(() => exists('timer-start-key'), { timeout: 5000 }).toBe(false);
    await s.ctx.db.insertInto('idempotency_key').values(stale('timer-next-key')).execute();
    await expect.poll(() => exists('timer-next-key'), { timeout: 5000 }).toBe(false);
    await stop();
    await s.ctx.db.insertInto('idempotency_key').values(stale('timer-stopped-key')).execute();
    await new Promise((r) => setTimeout(r, 400));
    expect(await exists('timer-stopped-key')).toBe(true);
    expect(errors).toEqual([]);
  });
});
