import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { assign, BANYUANYAR, BANYUANYAR_DESA, createAgency, createOfficial, createPeriod, nip } from './organisation-fixture.js';

let s: TestServer;
let admin: Client;

beforeAll(async () => {
  s = await startTestServer({ publicUrl: 'https://sasmita.probolinggokab.go.id' });
  admin = await s.userClient('admin.bulk', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
});
afterAll(() => s?.close());

type Created = {
  userId: number;
  username: string;
  fullName: string;
  role: string;
  regionCode: string;
  regionName: string;
  password: string;
};

async function slipsPdf(c: Client, token: string): Promise<Response> {
  return fetch(`${s.baseUrl}/api/v1/users/slips`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'content-type': 'application/json', 'x-requested-with': 'sasmita' },
    body: JSON.stringify({ token }),
  });
}

async function login(username: string, password: string) {
  const c = s.anonymous();
  const r = await c.post('/api/v1/auth/login', { username, password });
  return { c, r };
}

describe('operator accounts in bulk', () => {
  let created: Created[] = [];
  let token = '';

  it("creates the operators of a kecamatan's desa and of the kecamatan, with readable usernames, in a few seconds", async () => {
    // One desa already has its operator: it is skipped and reported.
    await s.userClient('op.manual', [{ role: 'operator_desa', regionCode: BANYUANYAR_DESA[0] as string }]);
    const t0 = Date.now();
    const r = await admin.post('/api/v1/users/bulk', { kind: 'operators', regionCodes: [BANYUANYAR] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(Date.now() - t0).toBeLessThan(5000);
    created = r.body.created;
    expect(created).toHaveLength(14); // 13 desa + the kecamatan
    expect(r.body.skipped).toEqual([expect.objectContaining({ regionCode: BANYUANYAR_DESA[0], username: 'op.manual' })]);
    const kec = created.find((c) => c.role === 'operator_kecamatan');
    expect(kec).toMatchObject({ username: 'opkec.banyuanyar', regionCode: BANYUANYAR, fullName: 'Operator Kecamatan Banyuanyar' });
    for (const c of created.filter((x) => x.role === 'operator_desa')) {
      expect(c.username).toMatch(/^op\.[a-z0-9-]+(\.[a-z0-9-]+)?$/);
      expect(c.regionCode.startsWith(`${BANYUANYAR}.`)).toBe(true);
      expect(c.password).toMatch(/^[\w]{4}(-[\w]{4}){3}$/);
    }
    expect(new Set(created.map((c) => c.username)).size).toBe(created.length);
    token = r.body.slipToken;
    expect(token).toBeTruthy();
    // Nothing of the passwords is stored in clear.
    const rows = await s.ctx.db.selectFrom('user_slip_batch').select('payload').execute();
    for (const c of created) expect(rows.some((row) => row.payload.includes(c.password))).toBe(false);
    const hashes = await s.ctx.db.selectFrom('app_user').select('password_hash').where('username', 'like', 'op%').execute();
    for (const h of hashes) expect(created.some((c) => h.password_hash.includes(c.password))).toBe(false);
  });

  it('is idempotent: a second run creates nothing and reports every account', async () => {
    const r = await admin.post('/api/v1/users/bulk', { kind: 'operators', regionCodes: [BANYUANYAR] });
    expect(r.status).toBe(201);
    expect(r.body.created).toEqual([]);
    expect(r.body.skipped).toHaveLength(15);
    expect(r.body.slipToken).toBeNull();
  });

  it('gives a second desa of the same name a username with its kecamatan', async () => {
    // Two desa named alike in two kecamatan: rename one of another kecamatan to collide.
    const other = await s.ctx.db
      .selectFrom('region')
      .select(['code', 'parent_code'])
      .where('level', '=', 4)
      .where('code', 'like', '35.13.07.%')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const first = created.find((c) => c.role === 'operator_desa') as Created;
    await s.ctx.db.updateTable('region').set({ name: first.regionName }).where('code', '=', other.code).execute();
    const r = await admin.post('/api/v1/users/bulk', { kind: 'operators', regionCodes: [other.code], kecamatan: false });
    expect(r.status).toBe(201);
    const kecName = await s.ctx.db
      .selectFrom('region')
      .select('name')
      .where('code', '=', other.parent_code as string)
      .executeTakeFirstOrThrow();
    expect(r.body.created).toHaveLength(1);
    expect(r.body.created[0].username).toBe(`${first.username}.${kecName.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
  });

  it('prints one slip per account with the URL, once, and only for its creator', async () => {
    const other = await s.userClient('admin.lain', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
    expect((await slipsPdf(other, token)).status).toBe(410);
    expect((await slipsPdf(admin, `${token.slice(0, -2)}AA`)).status).toBe(410);
    const res = await slipsPdf(admin, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    const { text, totalPages } = await extractText(new Uint8Array(await res.arrayBuffer()), { mergePages: true });
    expect(totalPages).toBe(Math.ceil(created.length / 3));
    for (const c of created) {
      expect(text).toContain(c.username);
      expect(text).toContain(c.password);
      expect(text).toContain(c.fullName);
    }
    expect(text).toContain('https://sasmita.probolinggokab.go.id');
    expect(text).toContain('Operator desa');
    // Downloaded once: the batch is gone.
    expect((await slipsPdf(admin, token)).status).toBe(410);
    const left = await s.ctx.db.selectFrom('user_slip_batch').select('id').execute();
    expect(left.map((b) => b.id)).not.toContain(token.split('.')[0]);
  });

  it('refuses regions outside the kabupaten or the scope, and other roles', async () => {
    expect((await admin.post('/api/v1/users/bulk', { kind: 'operators', regionCodes: ['35.14.01'] })).status).toBe(404);
    expect((await admin.post('/api/v1/users/bulk', { kind: 'operators', regionCodes: ['35.13.99'] })).status).toBe(404);
    expect((await admin.post('/api/v1/users/bulk', { kind: 'operators', desa: false, kecamatan: false })).status).toBe(400);
    const op = await s.userClient('opkec.lain', [{ role: 'operator_kecamatan', regionCode: BANYUANYAR }]);
    expect((await op.post('/api/v1/users/bulk', { kind: 'operators', regionCodes: [BANYUANYAR] })).status).toBe(403);
  });

  it('forces the password change at first sign-in: other calls answer 403 until then', async () => {
    const c0 = created.find((c) => c.role === 'operator_desa') as Created;
    const { c, r } = await login(c0.username, c0.password);
    expect(r.status).toBe(200);
    expect(r.body.user.mustChangePassword).toBe(true);
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    const blocked = await c.get('/api/v1/households');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    // The same password again is no change.
    expect((await c.patch('/api/v1/me', { currentPassword: c0.password, password: c0.password })).status).toBe(400);
    expect((await c.patch('/api/v1/me', { currentPassword: c0.password, password: 'desa-ku-sendiri-1' })).status).toBe(200);
    const again = await login(c0.username, 'desa-ku-sendiri-1');
    expect(again.r.body.user.mustChangePassword).toBe(false);
    expect((await again.c.get(`/api/v1/households?desa=${c0.regionCode}`)).status).toBe(200);
  });

  it('forces a change after an admin reset too', async () => {
    const c1 = created.filter((c) => c.role === 'operator_desa')[1] as Created;
    expect((await admin.post(`/api/v1/users/${c1.userId}/password`, { password: 'sandi-reset-123' })).status).toBe(204);
    const { c, r } = await login(c1.username, 'sandi-reset-123');
    expect(r.body.user.mustChangePassword).toBe(true);
    expect((await c.get('/api/v1/households')).status).toBe(403);
  });

  it('deactivates in bulk by region and role, ends their sessions, skips the admin and is audited', async () => {
    const c2 = created.filter((c) => c.role === 'operator_desa')[2] as Created;
    const { c } = await login(c2.username, c2.password);
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    const r = await admin.post('/api/v1/users/deactivate', { regionCode: BANYUANYAR, role: 'operator_desa' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // 13 bulk-created + op.manual.
    expect(r.body.deactivated).toHaveLength(14);
    expect(r.body.deactivated.map((u: { username: string }) => u.username)).toContain('op.manual');
    expect(r.body.deactivated.map((u: { username: string }) => u.username)).not.toContain('opkec.banyuanyar');
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    expect((await login(c2.username, c2.password)).r.status).toBe(401);
    const me = (await admin.get('/api/v1/auth/me')).body.user.id;
    const self = await admin.post('/api/v1/users/deactivate', { userIds: [me] });
    expect(self.body.deactivated).toEqual([]);
    expect(self.body.skipped[0].reason.en).toBe('Your own account');
    expect((await admin.post('/api/v1/users/deactivate', { userIds: [999999] })).status).toBe(404);
    expect((await admin.post('/api/v1/users/deactivate', {})).status).toBe(400);
    const audit = (await admin.get('/api/v1/audit?entity=user&limit=500')).body.items as Array<{ action: string; after: unknown }>;
    expect(JSON.stringify(audit.filter((e) => e.action === 'user.bulk_deactivate'))).toContain(c2.username);
    expect(JSON.stringify(audit.filter((e) => e.action === 'user.bulk_create'))).toContain('opkec.banyuanyar');
    expect(audit.some((e) => e.action === 'user.slips_download')).toBe(true);
  });
});

describe('official accounts of a penugasan period', () => {
  it('creates an account per official, linked to the official, with the access of the assignment', async () => {
    const agency = await createAgency(admin, '1.03.01', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'DPUPR');
    const a = await createOfficial(admin, {
      agencyId: agency,
      name: 'Ir. Bambang Sutrisno, M.T.',
      nip: nip(1),
      position: 'Kabid',
      echelon: 'III',
    });
    const b = await createOfficial(admin, { agencyId: agency, name: 'Bambang Sutrisno', nip: nip(2), position: 'Kasi', echelon: 'IV' });
    const linked = await s.userClient('punya.akun', []);
    const linkedId = (await linked.get('/api/v1/auth/me')).body.user.id;
    const c = await createOfficial(admin, {
      agencyId: agency,
      name: 'Siti',
      nip: nip(3),
      position: 'Staf',
      echelon: 'STAF',
      userId: linkedId,
    });
    const today = new Date().toISOString().slice(0, 10);
    const period = await createPeriod(admin, 'Gesek Ekstrem uji', `${today.slice(0, 4)}-01-01`, `${today.slice(0, 4)}-12-31`);
    await assign(admin, period, a, 'pendamping_desa', BANYUANYAR_DESA[3] as string);
    await assign(admin, period, a, 'pendamping_desa', BANYUANYAR_DESA[4] as string);
    await assign(admin, period, b, 'pendamping_desa', BANYUANYAR_DESA[5] as string);
    await assign(admin, period, c, 'pendamping_desa', BANYUANYAR_DESA[6] as string);

    const r = await admin.post('/api/v1/users/bulk', { kind: 'officials', periodId: period });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const names = r.body.created.map((x: Created) => x.username);
    // Same first and last name: the second gets the end of the NIP.
    expect(names).toEqual(['bambang.sutrisno', `bambang.sutrisno.${nip(2).slice(-4)}`]);
    expect(r.body.skipped).toEqual([expect.objectContaining({ fullName: 'Siti', username: 'punya.akun' })]);
    const first = r.body.created[0] as Created;
    const official = await s.ctx.db.selectFrom('official').select('user_id').where('id', '=', a).executeTakeFirstOrThrow();
    expect(official.user_id).toBe(first.userId);
    // After the forced change, the official reaches the assigned desa and no other.
    const { c: oc } = await login(first.username, first.password);
    expect((await oc.patch('/api/v1/me', { currentPassword: first.password, password: 'pejabat-baru-123' })).status).toBe(200);
    const { c: o2 } = await login(first.username, 'pejabat-baru-123');
    const me = await o2.get('/api/v1/auth/me');
    expect(me.body.user.roles.map((x: { regionCode: string }) => x.regionCode).sort()).toEqual([BANYUANYAR_DESA[3], BANYUANYAR_DESA[4]]);
    // Run again: nothing new.
    const again = await admin.post('/api/v1/users/bulk', { kind: 'officials', periodId: period });
    expect(again.body.created).toEqual([]);
    expect(again.body.skipped).toHaveLength(3);
    expect((await admin.post('/api/v1/users/bulk', { kind: 'officials', periodId: 999999 })).status).toBe(404);
  });
});
