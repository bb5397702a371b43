import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESA_A, exampleCriteria, insertWhatIfFixture, LOWERED_DRAFT } from '../helpers/criteria-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * What the criteria form relies on: the live what-if of a set being edited (not saved), the
 * field catalogue with Indonesian labels and operators per type, and a form-built set saved,
 * read back unchanged and adopted as today.
 */
let s: TestServer;
let admin: Client;
let opDesa: Client;
let pimpinan: Client;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.formkriteria', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opDesa = await s.userClient('op.formkriteria', [{ role: 'operator_desa', regionCode: DESA_A }]);
  pimpinan = await s.userClient('pimpinan.formkriteria', [{ role: 'pimpinan', regionCode: '35.13' }]);
  await insertWhatIfFixture(s.ctx.db);
});
afterAll(async () => {
  await s?.close();
});

const counts = (e: number, m: number, t: number) => ({ MISKIN_EKSTREM: e, MISKIN: m, TIDAK_MISKIN: t });

/** A set as the form writes it: one field condition in a group, labels in Indonesian. */
const FORM_SET = {
  id: 'perbup-contoh-form',
  title: 'Kriteria dari formulir',
  reference: 'Perbup 20/2023',
  indicators: [
    { id: 'lantai_tanah', label: 'Lantai tanah', field: 'floorType', in: ['TANAH', 'BAMBU'] },
    { id: 'tanpa_listrik', label: 'Tidak memakai listrik', field: 'lighting', notIn: ['LISTRIK_PLN', 'LISTRIK_NON_PLN'] },
  ],
  classify: [
    { label: 'MISKIN_EKSTREM', when: { all: [{ indicatorsMetAtLeast: 2 }, { field: 'desil', lte: 1 }] } },
    { label: 'MISKIN', when: { any: [{ indicatorsMetAtLeast: 1 }, { field: 'desil', lte: 2 }] } },
    { label: 'TIDAK_MISKIN', when: { always: true } },
  ],
};

describe('criteria form support', () => {
  it('lists the fields with Indonesian labels and types, and the codes of an enum field', async () => {
    const r = await admin.get('/api/v1/criteria/fields');
    expect(r.status).toBe(200);
    const floor = r.body.fields.find((f: { name: string }) => f.name === 'floorType');
    expect(floor).toMatchObject({ type: 'enum', label: { id: 'Jenis lantai' } });
    expect(floor.codes).toContain('TANAH');
    expect(r.body.fields.find((f: { name: string }) => f.name === 'desil')).toMatchObject({
      type: 'number',
      label: { id: 'Desil kesejahteraan' },
    });
  });

  it('counts a set being edited before any set is adopted: no baseline, the classes it gives', async () => {
    const r = await admin.post('/api/v1/criteria/what-if', { definition: exampleCriteria() });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ baseline: null, before: null, households: 12, changed: 0, after: counts(2, 6, 4) });
  });

  it('reports the problems of an unfinished set instead of counting it', async () => {
    const broken = { ...FORM_SET, indicators: [{ id: 'x', label: 'X', field: 'floorType', lt: 3 }] };
    const r = await admin.post('/api/v1/criteria/what-if', { definition: broken });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('CRITERIA_INVALID');
    expect(r.body.error.details[0].path).toContain('indicators[0]');
  });

  it('counts an unsaved change against the adopted set exactly as the what-if of the saved draft does', async () => {
    const v1 = await admin.post('/api/v1/criteria', { definition: exampleCriteria() });
    expect((await admin.post(`/api/v1/criteria/${v1.body.id}/adopt`)).status).toBe(200);
    const live = await admin.post('/api/v1/criteria/what-if', { definition: LOWERED_DRAFT });
    expect(live.status).toBe(200);
    const saved = await admin.post('/api/v1/criteria', { definition: LOWERED_DRAFT });
    const full = await admin.get(`/api/v1/criteria/${saved.body.id}/what-if`);
    expect(live.body.baseline).toMatchObject({ id: v1.body.id, version: 1 });
    expect(live.body.before).toEqual(full.body.summary.before);
    expect(live.body.after).toEqual(full.body.summary.after);
    expect(live.body.changed).toBe(full.body.summary.changed);
    expect(live.body.changed).toBeGreaterThan(0);
    // Counting changes nothing: no version was stored by the live what-if.
    const list = await admin.get('/api/v1/criteria');
    expect(list.body.items).toHaveLength(2);
  });

  it('stores a form-built set as a new version, reads it back unchanged, and adopts it', async () => {
    const saved = await admin.post('/api/v1/criteria', { definition: FORM_SET, note: 'dari formulir' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const back = await admin.get(`/api/v1/criteria/${saved.body.id}`);
    expect(back.body.definition).toEqual(FORM_SET);
    expect((await admin.post(`/api/v1/criteria/${saved.body.id}/adopt`)).status).toBe(200);
  });

  it('is the admin’s to simulate while editing; read-only roles read the sets', async () => {
    expect((await pimpinan.post('/api/v1/criteria/what-if', { definition: FORM_SET })).status).toBe(403);
    expect((await opDesa.post('/api/v1/criteria/what-if', { definition: FORM_SET })).status).toBe(403);
    const list = await pimpinan.get('/api/v1/criteria');
    expect(list.status).toBe(200);
    const one = await pimpinan.get(`/api/v1/criteria/${list.body.items[0].id}`);
    expect(one.status).toBe(200);
    expect(one.body.definition.indicators.length).toBeGreaterThan(0);
  });
});
