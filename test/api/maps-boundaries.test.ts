import { zipSync } from 'fflate';
import { topology } from 'topojson-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { type Area, areasOf, bigProps, form, geojson, shapefileZip } from './maps-fixture.js';

/**
 * Boundary upload of kabupaten 35.13 (330 desa, 24 kecamatan): GeoJSON matched by code,
 * a Shapefile matched by name with one misspelt name and one name two desa share (Alastengah),
 * TopoJSON for the kecamatan, the review's choices saved, and the files that are refused.
 */

const KAB = '35.13';
const preview = '/api/v1/maps/boundaries/preview';
const save = '/api/v1/maps/boundaries';

let s: TestServer;
let admin: Client;
let pimpinan: Client;
let desa: Area[];
let kecamatan: Area[];

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.maps', [{ role: 'admin_kabupaten', regionCode: KAB }]);
  pimpinan = await s.userClient('pimpinan.maps', [{ role: 'pimpinan', regionCode: KAB }]);
  desa = await areasOf(s.ctx.db, KAB, 4);
  kecamatan = await areasOf(s.ctx.db, KAB, 3);
});
afterAll(async () => {
  await s?.close();
});

describe('boundary upload', () => {
  it('matches a GeoJSON by its code property, reports counts and time, and saves nothing on preview', async () => {
    const file = JSON.stringify(geojson(desa.slice(0, 40), bigProps));
    const r = await admin.post(preview, form(file, 'desa.geojson', { level: 'desa' }));
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      format: 'geojson',
      level: 'desa',
      features: 40,
      property: 'KDEPUM',
      properties: ['KDEPUM', 'WADMKD', 'WADMKC'],
    });
    expect(r.body.counts).toEqual({ matched: 40, ambiguous: 0, unmatched: 0, regions: 330, regionsWithoutBoundary: 290 });
    expect(r.body.stats.pointsBefore).toBe(200);
    expect(typeof r.body.stats.totalMs).toBe('number');
    expect(r.body.rows[0]).toMatchObject({ index: 0, status: 'matched', regionCode: desa[0]?.code, regionName: desa[0]?.name });
    const none = await admin.get(`/api/v1/maps/boundaries?level=desa`);
    expect(none.body.features).toEqual([]);
  });

  it('matches a zipped Shapefile by name: a misspelt name is unmatched with suggestions, a shared name is ambiguous, the reviewer picks', async () => {
    const alastengah = desa.filter((d) => d.name === 'Alastengah');
    expect(alastengah).toHaveLength(2);
    const misspelt = desa.find((d) => d.name.length > 7 && !alastengah.includes(d)) as Area;
    const areas = [...alastengah, misspelt, ...desa.filter((d) => d !== misspelt && !alastengah.includes(d)).slice(0, 20)];
    // Only a name column: the kecamatan cannot settle Alastengah.
    const zip = shapefileZip(areas, (a) => ({ NAMOBJ: a === misspelt ? `${a.name.slice(0, -1)}x` : a.name.toUpperCase() }));
    const r = await admin.post(preview, form(zip, 'batas_desa.zip', { level: 'desa' }));
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ format: 'shapefile', property: 'NAMOBJ', features: 23 });
    expect(r.body.counts).toMatchObject({ matched: 20, ambiguous: 2, unmatched: 1 });
    const amb = r.body.rows[0];
    expect(amb).toMatchObject({ status: 'ambiguous', regionCode: null, value: 'ALASTENGAH' });
    expect(amb.candidates.map((c: { code: string }) => c.code).sort()).toEqual(alastengah.map((a) => a.code).sort());
    const miss = r.body.rows[2];
    expect(miss).toMatchObject({ status: 'unmatched', regionCode: null });
    expect(miss.candidates.map((c: { code: string }) => c.code)).toContain(misspelt.code);

    // Saved without choices: the three are left out.
    const choices = { '0': alastengah[0]?.code ?? '', '1': alastengah[1]?.code ?? '', '2': misspelt.code };
    const saved = await admin.post(save, form(zip, 'batas_desa.zip', { level: 'desa', assignments: JSON.stringify(choices) }));
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toEqual({ saved: 23, skipped: 0, merged: 0, removedSynthetic: 0, level: 'desa' });
    const got = await admin.get('/api/v1/maps/boundaries?level=desa');
    expect(got.body.features.map((f: { code: string }) => f.code).sort()).toEqual(areas.map((a) => a.code).sort());
    expect(got.body).toMatchObject({ synthetic: false, tileUrl: null });
    const audit = await s.ctx.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'maps.boundaries.save').execute();
    expect(audit).toHaveLength(1);
  });

  it('settles a shared name by the kecamatan name property (BIG’s WADMKC)', async () => {
    const alastengah = desa.filter((d) => d.name === 'Alastengah');
    const file = JSON.stringify(geojson(alastengah, (a) => ({ WADMKD: a.name, WADMKC: a.kecamatan })));
    const r = await admin.post(preview, form(file, 'a.geojson', { level: 'desa', property: 'WADMKD' }));
    expect(r.status, r.text).toBe(200);
    expect(r.body.rows.map((x: { regionCode: string }) => x.regionCode)).toEqual(alastengah.map((a) => a.code));
  });

  it('reads TopoJSON kecamatan boundaries, simplifies a detailed file to the point budget, and saves them', async () => {
    // Each kecamatan's edges cut into many points: 24 × 4 × 650 points.
    const dense = kecamatan.map((k) => {
      const ring = k.geometry.coordinates[0] ?? [];
      const pts: number[][] = [];
      for (let i = 0; i + 1 < ring.length; i++) {
        const [a, b] = [ring[i] as number[], ring[i + 1] as number[]];
        for (let t = 0; t < 650; t++)
          pts.push([
            (a[0] ?? 0) + (((b[0] ?? 0) - (a[0] ?? 0)) * t) / 650 + (t % 2) * 1e-4,
            (a[1] ?? 0) + (((b[1] ?? 0) - (a[1] ?? 0)) * t) / 650,
          ]);
      }
      pts.push(pts[0] as number[]);
      return { ...k, geometry: { type: 'Polygon' as const, coordinates: [pts] } };
    });
    const topo = topology({ kecamatan: geojson(dense, (a) => ({ kode: a.code.replace(/\./g, ''), nama: a.name })) as never });
    const file = JSON.stringify(topo);
    const r = await admin.post(preview, form(file, 'kecamatan.topojson', { level: 'kecamatan' }));
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ format: 'topojson', features: 24, property: 'kode' });
    expect(r.body.counts).toMatchObject({ matched: 24, regionsWithoutBoundary: 0 });
    expect(r.body.stats.simplified).toBe(true);
    expect(r.body.stats.pointsAfter).toBeLessThanOrEqual(60_000 * 1.05);
    expect(r.body.stats.pointsAfter).toBeLessThan(r.body.stats.pointsBefore);
    const saved = await admin.post(save, form(file, 'kecamatan.topojson', { level: 'kecamatan' }));
    expect(saved.body).toMatchObject({ saved: 24, skipped: 0 });
    const got = await pimpinan.get('/api/v1/maps/boundaries?level=kecamatan');
    expect(got.status).toBe(200);
    expect(got.body.features).toHaveLength(24);
  });

  it('refuses a zip bomb before it expands, and a zip whose header lies about the size', async () => {
    const bomb = Buffer.from(zipSync({ 'b.shp': new Uint8Array(20 * 2 ** 20), 'b.dbf': new Uint8Array(10) }));
    expect(bomb.length).toBeLessThan(1_000_000);
    const r = await admin.post(preview, form(bomb, 'bomb.zip', { level: 'desa' }));
    expect(r.status, r.text).toBe(413);
    expect(r.body.error.code).toBe('BOUNDARY_ZIP_REFUSED');
    expect(r.body.error.messageEn).toMatch(/zip bomb/);

    // Declared 1 KB, inflates to 5 MB: the declared-size cap stops the inflation.
    const liar = Buffer.from(zipSync({ 'l.shp': new Uint8Array(5 * 2 ** 20) }));
    const central = liar.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    liar.writeUInt32LE(1024, central + 24);
    const l = await admin.post(preview, form(liar, 'liar.zip', { level: 'desa' }));
    expect(l.status, l.text).toBe(413);
    expect(l.body.error.messageEn).toMatch(/declared size/);

    const entries: Record<string, Uint8Array> = {};
    for (let i = 0; i < 150; i++) entries[`f${i}.txt`] = new Uint8Array(1);
    const many = await admin.post(preview, form(Buffer.from(zipSync(entries)), 'many.zip', { level: 'desa' }));
    expect(many.status).toBe(422);
  });

  it('refuses what is not a boundary file, projected coordinates, a bad level and unknown choices', async () => {
    const txt = await admin.post(preview, form('hello', 'x.txt', { level: 'desa' }));
    expect(txt.status).toBe(415);
    const points = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [113, -7.8] } }],
    };
    const p = await admin.post(preview, form(JSON.stringify(points), 'p.geojson', { level: 'desa' }));
    expect(p.status).toBe(422);
    expect(p.body.error.code).toBe('BOUNDARY_FILE_INVALID');
    const utm = geojson(desa.slice(0, 1), bigProps);
    utm.features[0]!.geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [700000, 9120000],
          [701000, 9120000],
          [701000, 9121000],
          [700000, 9120000],
        ],
      ],
    };
    const u = await admin.post(preview, form(JSON.stringify(utm), 'utm.geojson', { level: 'desa' }));
    expect(u.status).toBe(422);
    expect(u.body.error.messageEn).toMatch(/WGS84/);
    const file = JSON.stringify(geojson(desa.slice(0, 2), bigProps));
    expect((await admin.post(preview, form(file, 'd.geojson', { level: 'provinsi' }))).status).toBe(400);
    expect((await admin.post(preview, form(file, 'd.geojson', { level: 'desa', property: 'NOPE' }))).status).toBe(400);
    const outside = await admin.post(
      save,
      form(file, 'd.geojson', { level: 'desa', assignments: JSON.stringify({ '0': '35.14.01.2001' }) }),
    );
    expect(outside.status).toBe(400);
    expect(outside.body.error.code).toBe('UNKNOWN_REGION');
    const broken = await admin.post(save, form(file, 'd.geojson', { level: 'desa', assignments: '{"0": 5' }));
    expect(broken.status).toBe(400);
    expect((await admin.post(preview, { level: 'desa' })).status).toBe(400);
  });

  it('is for the admin only', async () => {
    const file = JSON.stringify(geojson(desa.slice(0, 2), bigProps));
    const r = await pimpinan.post(preview, form(file, 'd.geojson', { level: 'desa' }));
    expect(r.status).toBe(403);
    expect((await s.anonymous().post(save, form(file, 'd.geojson', { level: 'desa' }))).status).toBe(401);
  });
});
