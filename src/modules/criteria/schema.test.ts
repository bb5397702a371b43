import { describe, expect, it } from 'vitest';
import example from './examples/contoh-14-kriteria-bps.json' with { type: 'json' };
import { type Problem, validateRuleSet } from './schema.js';

const base = () => ({
  id: 'uji-1',
  title: 'Uji',
  indicators: [
    { id: 'a', label: 'A', field: 'floorType', in: ['TANAH'] },
    { id: 'b', label: 'B', field: 'mealsPerDay', lte: 2 },
  ] as Array<Record<string, unknown>>,
  classify: [
    { label: 'MISKIN', when: { indicatorsMetAtLeast: 1 } },
    { label: 'TIDAK_MISKIN', when: { always: true } },
  ] as Array<Record<string, unknown>>,
});

function problems(doc: unknown): Problem[] {
  const v = validateRuleSet(doc);
  if (v.ok) throw new Error('expected the set to be invalid');
  return v.problems;
}

describe('validateRuleSet', () => {
  it('accepts the example set', () => {
    const v = validateRuleSet(example);
    expect(v.ok).toBe(true);
  });

  it('refuses a repeated indicator id', () => {
    const d = base();
    d.indicators[1]!.id = 'a';
    expect(problems(d)).toEqual([
      {
        path: 'indicators[1].id',
        message: "ID indikator 'a' sudah dipakai oleh indicators[0]",
        messageEn: "Indicator id 'a' is already used by indicators[0]",
      },
    ]);
  });

  it('refuses a field that is not in the catalogue, listing the known ones', () => {
    const d = base();
    d.indicators[0]!.field = 'floorTipe';
    const [p] = problems(d);
    expect(p?.path).toBe('indicators[0].field');
    expect(p?.message).toMatch(/^Kolom 'floorTipe' tidak dikenal\. Kolom yang tersedia: desil, memberCount, floorType,/);
  });

  it('refuses operators and values that do not fit the field type', () => {
    const d = base();
    d.indicators = [
      { id: 'a', label: 'A', field: 'floorType', lt: 3 },
      { id: 'b', label: 'B', field: 'mealsPerDay', eq: 'dua' },
      { id: 'c', label: 'C', field: 'cookingFuel', in: ['KAYU_BAKAR', 'KAYU'] },
      { id: 'd', label: 'D', field: 'canAffordClinic', in: [true] },
      { id: 'e', label: 'E', field: 'canAffordClinic', eq: 'tidak' },
      { id: 'f', label: 'F', field: 'desil', in: [1, 'satu'] },
    ];
    const ps = problems(d);
    expect(ps.map((p) => p.path)).toEqual([
      'indicators[0].lt',
      'indicators[1].eq',
      'indicators[2].in[1]',
      'indicators[3].in',
      'indicators[4].eq',
      'indicators[5].in[1]',
    ]);
    expect(ps[0]?.messageEn).toBe("Operator lt needs a number field; 'floorType' is enum");
    expect(ps[2]?.message).toMatch(/^Kode "KAYU" tidak dikenal untuk 'cookingFuel'\. Kode yang tersedia: LISTRIK, GAS,/);
    expect(ps[3]?.message).toBe("Kolom ya/tidak 'canAffordClinic' memakai eq, bukan in");
  });

  it('refuses a comparison with no operator or with two', () => {
    const d = base();
    d.indicators = [
      { id: 'a', label: 'A', field: 'floorType' },
      { id: 'b', label: 'B', field: 'mealsPerDay', lte: 2, gt: 0 },
    ];
    const ps = problems(d);
    expect(ps.map((p) => p.path)).toEqual(['indicators[0]', 'indicators[1].gt']);
    expect(ps[1]?.message).toBe('Indikator hanya boleh punya satu operator (ada: lte, gt)');
  });

  it('refuses a threshold above the number of indicators, also when nested', () => {
    const d = base();
    d.classify[0] = { label: 'MISKIN', when: { any: [{ field: 'desil', eq: 1 }, { all: [{ indicatorsMetAtLeast: 3 }] }] } };
    expect(problems(d)).toEqual([
      {
        path: 'classify[0].when.any[1].all[0].indicatorsMetAtLeast',
        message: 'Ambang 3 melebihi jumlah indikator (2)',
        messageEn: 'Threshold 3 is more than the number of indicators (2)',
      },
    ]);
  });

  it('refuses a last rule that is not always, and an always rule before the last', () => {
    const d = base();
    d.classify = [
      { label: 'MISKIN', when: { always: true } },
      { label: 'TIDAK_MISKIN', when: { indicatorsMetAtLeast: 1 } },
    ];
    const ps = problems(d);
    expect(ps.map((p) => p.path)).toEqual(['classify[0].when', 'classify[1].when']);
    expect(ps[1]?.message).toBe('Aturan terakhir harus {"always": true} agar setiap keluarga mendapat kelas');
  });

  it('refuses labels outside MISKIN_EKSTREM, MISKIN, TIDAK_MISKIN', () => {
    const d = base();
    d.classify[0]!.label = 'RENTAN';
    expect(problems(d)).toEqual([
      {
        path: 'classify[0].label',
        message: 'Harus salah satu dari: MISKIN_EKSTREM, MISKIN, TIDAK_MISKIN',
        messageEn: 'Must be one of: MISKIN_EKSTREM, MISKIN, TIDAK_MISKIN',
      },
    ]);
  });

  it('refuses malformed conditions with a precise reason', () => {
    const d = base();
    d.classify = [
      { label: 'MISKIN_EKSTREM', when: { indicatorsMetAtLeast: 1, field: 'desil', eq: 1 } },
      { label: 'MISKIN', when: { lte: 2 } },
      { label: 'MISKIN', when: { indicatorsMetAtLeast: 1.5 } },
      { label: 'MISKIN', when: { all: [] } },
      { label: 'TIDAK_MISKIN', when: { always: true } },
    ];
    const ps = problems(d);
    expect(ps).toEqual([
      {
        path: 'classify[0].when.field',
        message: 'Satu kondisi hanya boleh satu jenis (ada: indicatorsMetAtLeast, field)',
        messageEn: 'A condition may be only one kind (found: indicatorsMetAtLeast, field)',
      },
      { path: 'classify[1].when', message: 'Perbandingan harus menyebut kolom (field)', messageEn: 'A comparison needs a field' },
      { path: 'classify[2].when.indicatorsMetAtLeast', message: 'Harus berupa bilangan bulat', messageEn: 'Must be a whole number' },
      { path: 'classify[3].when.all', message: 'Tidak boleh kosong', messageEn: 'Must not be empty' },
    ]);
  });

  it('reports unknown keys, missing and mistyped parts, everything in one pass', () => {
    const d: Record<string, unknown> = base();
    delete d.title;
    (d.indicators as Array<Record<string, unknown>>)[0]!.threshold = 3;
    (d.indicators as Array<Record<string, unknown>>)[1]!.lte = '2';
    d.classify = [
      { label: 'TIDAK_MISKIN', when: { always: true } },
      { label: 'MISKIN', when: { indicatorsMetAtLeast: 5 } },
    ];
    const ps = problems(d);
    expect(ps).toEqual(
      expect.arrayContaining([
        { path: 'title', message: 'Wajib diisi', messageEn: 'Required' },
        { path: 'indicators[0]', message: 'Kunci tidak dikenal: threshold', messageEn: 'Unknown key(s): threshold' },
        { path: 'indicators[1].lte', message: 'Harus berupa angka', messageEn: 'Must be a number' },
        expect.objectContaining({ path: 'classify[1].when.indicatorsMetAtLeast', message: 'Ambang 5 melebihi jumlah indikator (2)' }),
        expect.objectContaining({ path: 'classify[1].when' }),
      ]),
    );
  });

  it('refuses a code that is not a simple slug, and a document that is not an object', () => {
    const d = base();
    d.id = 'Perbup 20/2023';
    expect(problems(d)[0]?.path).toBe('id');
    expect(problems([1, 2])).toEqual([{ path: '(dokumen)', message: 'Harus berupa objek {...}', messageEn: 'Must be an object {...}' }]);
  });

  it('refuses conditions nested deeper than eight levels', () => {
    const d = base();
    let when: Record<string, unknown> = { field: 'desil', eq: 1 };
    for (let i = 0; i < 9; i++) when = { all: [when] };
    d.classify[0] = { label: 'MISKIN', when };
    expect(problems(d).map((p) => p.path)).toEqual(['classify[0].when.all[0].all[0].all[0].all[0].all[0].all[0].all[0].all[0]']);
  });
});
