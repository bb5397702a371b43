import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKabupatenTree } from '../regions/service.js';
import { parseCsvText } from '../registry/import/reader.js';
import { checkKkStructure, checkNikStructure, compareNikWithRecord } from '../registry/validate/identity.js';
import type { Severity } from '../registry/validate/types.js';
import { writeDemoFiles } from './files.js';
import { type DemoKabupaten, demoKabupaten, referenceDay } from './generator.js';
import { ageOn, dayNumber } from './identity.js';

// Copied from docs/domain/p3ke-columns.md: the demo files must carry exactly these headers.
const P3KE_FAMILY = `id_keluarga_p3ke, provinsi, kabupaten_kota, kecamatan, desa_kelurahan, kode_kemdagri,
desil_kesejahteraan, alamat, kepala_keluarga, nik, no_kk, padan_dukcapil, jenis_kelamin, tanggal_lahir, pekerjaan, pendidikan,
kepemilikan_rumah, memiliki_simpanan_uang_perhiasan_ternak_lainnya, jenis_atap,
jenis_dinding, jenis_lantai, sumber_penerangan, bahan_bakar_memasak, sumber_air_minum,
memiliki_fasilitas_buang_air_besar, penerima_bpnt, penerima_bpum, penerima_bst,
penerima_pkh, penerima_sembako, resiko_stunting, tahun`;
const P3KE_MEMBER = `id_keluarga_p3ke, provinsi, kabupaten_kota, kecamatan, desa_kelurahan, kode_kemdagri,
desil_kesejahteraan, alamat, id_individu, nama, nik, padan_dukcapil, jenis_kelamin,
hubungan_dengan_kepala_keluarga, tanggal_lahir, status_kawin, pekerjaan, pendidikan,
usia_dibawah_7_tahun, usia_7_sd_12, usia_13_sd_15, usia_16_sd_18, usia_19_sd_21,
usia_22_sd_59, usia_60_tahun_keatas, penerima_bpnt, penerima_bpum, penerima_bst,
penerima_pkh, penerima_sembako, resiko_stunting`;
const list = (s: string) => s.split(',').map((c) => c.trim());

type Row = Record<string, string>;
const YEAR = 2024;
const HOUSEHOLDS = 6000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-demo-'));
let kab: DemoKabupaten;
let families: Row[];
let members: Row[];
let familyHeader: string[];
let memberHeader: string[];

function readCsv(file: string): { header: string[]; rows: Row[] } {
  const text = fs.readFileSync(file, 'utf8');
  const [header = [], ...body] = parseCsvText(text);
  return { header, rows: body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])) as Row) };
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** yyyy-mm-dd → UTC day number. */
function day(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return dayNumber(y ?? 0, m ?? 0, d ?? 0);
}

beforeAll(async () => {
  kab = demoKabupaten(await readKabupatenTree('35.13'), '35.13');
  const files = await writeDemoFiles(kab, { households: HOUSEHOLDS, seed: 7, year: YEAR, format: 'csv', outDir: path.join(tmp, 'a') });
  const f = readCsv(files.familyPath);
  const m = readCsv(files.memberPath);
  families = f.rows;
  members = m.rows;
  familyHeader = f.header;
  memberHeader = m.header;
  expect(files.households).toBe(HOUSEHOLDS);
  expect(files.members).toBe(members.length);
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('demo P3KE files', () => {
  it('carry exactly the P3KE column names, in order', () => {
    expect(familyHeader).toEqual(list(P3KE_FAMILY));
    expect(memberHeader).toEqual(list(P3KE_MEMBER));
  });

  it('spread the households over every desa of the kabupaten, in varied sizes', () => {
    expect(kab.desa).toHaveLength(330);
    expect(families).toHaveLength(HOUSEHOLDS);
    const perDesa = new Map<string, number>();
    for (const f of families) perDesa.set(f.kode_kemdagri!, (perDesa.get(f.kode_kemdagri!) ?? 0) + 1);
    expect(perDesa.size).toBe(330);
    const sizes = [...perDesa.values()].sort((a, b) => a - b);
    expect(sizes.at(-1)!).toBeGreaterThan(2.5 * sizes[0]!);
    const known = new Map(kab.desa.map((d) => [d.code.replaceAll('.', ''), d]));
    for (const f of families) {
      const d = known.get(f.kode_kemdagri!);
      expect(d, f.kode_kemdagri).toBeDefined();
      expect(f.desa_kelurahan).toBe(d!.name.toUpperCase());
      expect(f.kecamatan).toBe(d!.kecamatanName.toUpperCase());
      expect(f.kabupaten_kota).toBe('KABUPATEN PROBOLINGGO');
      expect(f.provinsi).toBe('JAWA TIMUR');
      expect(f.tahun).toBe(String(YEAR));
    }
  });

  it('give every person a NIK consistent with region, sex and birth date, and unique', () => {
    const kecamatan = new Set(kab.kecamatanCodes.map((c) => c.replaceAll('.', '')));
    const seen = new Set<string>();
    let ownKecamatan = 0;
    for (const m of members) {
      const nik = m.nik!;
      expect(nik).toMatch(/^\d{16}$/);
      expect(seen.has(nik), `duplicate NIK ${nik}`).toBe(false);
      seen.add(nik);
      expect(kecamatan.has(nik.slice(0, 6)), nik).toBe(true);
      if (nik.slice(0, 6) === m.kode_kemdagri!.slice(0, 6)) ownKecamatan += 1;
      const [y, mo, d] = m.tanggal_lahir!.split('-');
      const dd = Number(nik.slice(6, 8));
      expect(m.jenis_kelamin).toMatch(/^(LAKI-LAKI|PEREMPUAN)$/);
      expect(dd).toBe(Number(d) + (m.jenis_kelamin === 'PEREMPUAN' ? 40 : 0));
      expect(nik.slice(8, 10)).toBe(mo);
      expect(nik.slice(10, 12)).toBe(y!.slice(2));
      expect(Number(nik.slice(12))).toBeGreaterThanOrEqual(1);
    }
    // Mostly issued in the household's own kecamatan, some elsewhere in the kabupaten.
    const share = ownKecamatan / members.length;
    // The import's own validators agree: no error, and the only warning is a NIK issued in another kecamatan.
    const findings = new Map<string, number>();
    for (const m of members) {
      const report = (severity: Severity, code: string) =>
        findings.set(`${severity} ${code}`, (findings.get(`${severity} ${code}`) ?? 0) + 1);
      expect(checkNikStructure(m.nik!, report)).toBe(true);
      const kode = m.kode_kemdagri!;
      const kecamatanCode = `${kode.slice(0, 2)}.${kode.slice(2, 4)}.${kode.slice(4, 6)}`;
      compareNikWithRecord(
        m.nik!,
        { kecamatanCode, sex: m.jenis_kelamin === 'PEREMPUAN' ? 'P' : 'L', birthDate: m.tanggal_lahir! },
        report,
      );
    }
    expect([...findings.keys()]).toEqual(['WARNING NIK_REGION_MISMATCH']);
    expect(findings.get('WARNING NIK_REGION_MISMATCH')).toBe(members.length - ownKecamatan);
    expect(share).toBeGreaterThan(0.8);
    expect(share).toBeLessThan(0.97);
  });

  it('give each household a unique No KK with a kecamatan prefix, and unique ids', () => {
    const kecamatan = new Set(kab.kecamatanCodes.map((c) => c.replaceAll('.', '')));
    const kk = new Set(families.map((f) => f.no_kk));
    expect(kk.size).toBe(families.length);
    for (const f of families) {
      expect(f.no_kk).toMatch(/^\d{16}$/);
      expect(kecamatan.has(f.no_kk!.slice(0, 6))).toBe(true);
      expect(checkKkStructure(f.no_kk!, (severity, code, message) => expect.fail(`${severity} ${code}: ${message}`))).toBe(true);
      const [dd, mm] = [Number(f.no_kk!.slice(6, 8)), Number(f.no_kk!.slice(8, 10))];
      expect(dd >= 1 && dd <= 31 && mm >= 1 && mm <= 12).toBe(true);
    }
    expect(new Set(families.map((f) => f.id_keluarga_p3ke)).size).toBe(families.length);
    expect(new Set(members.map((m) => m.id_individu)).size).toBe(members.length);
  });

  it('build households with consistent relationships and ages', () => {
    const ref = referenceDay(YEAR);
    const byFamily = new Map<string, Row[]>();
    for (const m of members) {
      const list = byFamily.get(m.id_keluarga_p3ke!) ?? [];
      list.push(m);
      byFamily.set(m.id_keluarga_p3ke!, list);
    }
    expect(byFamily.size).toBe(families.length);
    const sizes = new Map<number, number>();
    let elderlyAlone = 0;
    for (const f of families) {
      const people = byFamily.get(f.id_keluarga_p3ke!)!;
      sizes.set(people.length, (sizes.get(people.length) ?? 0) + 1);
      const head = people[0]!;
      expect(head.hubungan_dengan_kepala_keluarga).toBe('KEPALA KELUARGA');
      expect(people.filter((p) => p.hubungan_dengan_kepala_keluarga === 'KEPALA KELUARGA')).toHaveLength(1);
      expect(f.nik).toBe(head.nik);
      expect(f.kepala_keluarga).toBe(head.nama);
      expect(f.tanggal_lahir).toBe(head.tanggal_lahir);
      const age = (p: Row) => ageOn(day(p.tanggal_lahir!), ref);
      const headAge = age(head);
      expect(headAge).toBeGreaterThanOrEqual(18);
      const wives = people.filter((p) => p.hubungan_dengan_kepala_keluarga === 'ISTRI');
      expect(wives.length).toBeLessThanOrEqual(1);
      if (wives.length) expect(head.jenis_kelamin).toBe('LAKI-LAKI');
      for (const p of people) {
        const a = age(p);
        expect(a).toBeGreaterThanOrEqual(0);
        switch (p.hubungan_dengan_kepala_keluarga) {
          case 'ANAK':
            expect(headAge - a).toBeGreaterThanOrEqual(16);
            for (const w of wives) expect(age(w) - a).toBeGreaterThanOrEqual(16);
            break;
          case 'CUCU':
            expect(headAge - a).toBeGreaterThanOrEqual(32);
            break;
          case 'ORANG TUA':
          case 'MERTUA':
            expect(a - headAge).toBeGreaterThanOrEqual(16);
            break;
          case 'ISTRI':
          case 'MENANTU':
            expect(a).toBeGreaterThanOrEqual(17);
            expect(p.status_kawin).toBe('KAWIN');
            break;
        }
        if (a < 15) expect(p.status_kawin).toBe('BELUM KAWIN');
      }
      if (people.length === 1 && headAge >= 60) elderlyAlone += 1;
    }
    for (const n of sizes.keys()) expect(n >= 1 && n <= 8).toBe(true);
    for (let n = 1; n <= 6; n++) expect(sizes.get(n) ?? 0).toBeGreaterThan(0);
    expect(elderlyAlone / families.length).toBeGreaterThan(0.04);
    const mean = members.length / families.length;
    expect(mean).toBeGreaterThan(3);
    expect(mean).toBeLessThan(3.8);
  });

  it('set exactly the age-band flag that matches each birth date', () => {
    const ref = referenceDay(YEAR);
    const bands: Array<[string, number, number]> = [
      ['usia_dibawah_7_tahun', 0, 6],
      ['usia_7_sd_12', 7, 12],
      ['usia_13_sd_15', 13, 15],
      ['usia_16_sd_18', 16, 18],
      ['usia_19_sd_21', 19, 21],
      ['usia_22_sd_59', 22, 59],
      ['usia_60_tahun_keatas', 60, 999],
    ];
    for (const m of members) {
      const a = ageOn(day(m.tanggal_lahir!), ref);
      for (const [col, lo, hi] of bands) expect(m[col], `${m.id_individu} age ${a} ${col}`).toBe(a >= lo && a <= hi ? 'YA' : 'TIDAK');
    }
  });

  it('make desil 1 about a quarter and correlate housing and aid with desil', () => {
    const byDesil = (d: string) => families.filter((f) => f.desil_kesejahteraan === d);
    const share = (rows: Row[], pred: (r: Row) => boolean) => rows.filter(pred).length / rows.length;
    const d1 = byDesil('1');
    const d4 = byDesil('4');
    expect(families.every((f) => ['1', '2', '3', '4'].includes(f.desil_kesejahteraan!))).toBe(true);
    expect(d1.length / families.length).toBeGreaterThan(0.2);
    expect(d1.length / families.length).toBeLessThan(0.3);
    const earthen = (r: Row) => r.jenis_lantai === 'Tanah';
    expect(share(d1, earthen)).toBeGreaterThan(2 * share(d4, earthen));
    const firewood = (r: Row) => r.bahan_bakar_memasak === 'Kayu bakar';
    expect(share(d1, firewood)).toBeGreaterThan(2 * share(d4, firewood));
    const noToilet = (r: Row) => r.memiliki_fasilitas_buang_air_besar === 'Tidak ada fasilitas';
    expect(share(d1, noToilet)).toBeGreaterThan(2 * share(d4, noToilet));
    const bpnt = (r: Row) => r.penerima_bpnt === 'YA';
    expect(share(d1, bpnt)).toBeGreaterThan(2 * share(d4, bpnt));
    const savings = (r: Row) => r.memiliki_simpanan_uang_perhiasan_ternak_lainnya === 'YA';
    expect(share(d4, savings)).toBeGreaterThan(2 * share(d1, savings));
    for (const f of families) expect(['YA', 'TIDAK']).toContain(f.penerima_pkh);
  });

  it('mark stunting risk only where a child under five lives', () => {
    const ref = referenceDay(YEAR);
    const risky = families.filter((f) => f.resiko_stunting === 'YA');
    expect(risky.length).toBeGreaterThan(0);
    const byFamily = new Map<string, Row[]>();
    for (const m of members) byFamily.set(m.id_keluarga_p3ke!, [...(byFamily.get(m.id_keluarga_p3ke!) ?? []), m]);
    for (const f of risky) {
      const marked = byFamily.get(f.id_keluarga_p3ke!)!.filter((m) => m.resiko_stunting === 'YA');
      expect(marked.length).toBeGreaterThan(0);
      for (const m of marked) expect(ageOn(day(m.tanggal_lahir!), ref)).toBeLessThan(5);
    }
  });

  it('is deterministic: the same seed gives the same bytes, another seed other data', async () => {
    const a = await writeDemoFiles(kab, { households: 800, seed: 3, year: YEAR, format: 'csv', outDir: path.join(tmp, 'd1') });
    const b = await writeDemoFiles(kab, { households: 800, seed: 3, year: YEAR, format: 'csv', outDir: path.join(tmp, 'd2') });
    const c = await writeDemoFiles(kab, { households: 800, seed: 4, year: YEAR, format: 'csv', outDir: path.join(tmp, 'd3') });
    expect(sha(a.familyPath)).toBe(sha(b.familyPath));
    expect(sha(a.memberPath)).toBe(sha(b.memberPath));
    expect(sha(a.familyPath)).not.toBe(sha(c.familyPath));
  });

  it('writes the same rows as XLSX, every cell text so NIK stay 16 digits', async () => {
    const csv = await writeDemoFiles(kab, { households: 300, seed: 5, year: YEAR, format: 'csv', outDir: path.join(tmp, 'x1') });
    const xlsx = await writeDemoFiles(kab, { households: 300, seed: 5, year: YEAR, format: 'xlsx', outDir: path.join(tmp, 'x2') });
    expect(xlsx.memberPath.endsWith('.xlsx')).toBe(true);
    const expected = readCsv(csv.memberPath);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx.memberPath);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe('anggota');
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      const values = row.values as unknown[];
      rows.push(
        values.slice(1).map((v) => {
          expect(typeof v).toBe('string');
          return String(v);
        }),
      );
    });
    expect(rows[0]).toEqual(list(P3KE_MEMBER));
    expect(rows).toHaveLength(expected.rows.length + 1);
    expect(rows[1]).toEqual(Object.values(expected.rows[0]!));
    expect(rows.at(-1)).toEqual(Object.values(expected.rows.at(-1)!));
  });
});
