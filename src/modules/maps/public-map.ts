import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { pct, reductionPct } from '../monitoring/dashboard.js';
import { publicSummary } from '../monitoring/public.js';
import { type Cell, MIN_CELL, suppressColumn } from '../monitoring/suppression.js';
import { type BoundaryFeature, listBoundaries } from './boundaries.js';

/**
 * The public map (off unless the public view is on): desa figures under the same small-cell
 * rule as the public API, and consistent with it. The public API already publishes each
 * kecamatan (with its own suppression); a desa map must not reveal a withheld kecamatan nor a
 * withheld desa through sums, so each column is suppressed per kecamatan:
 * - a published kecamatan: its desa are suppressed against it (`suppressColumn`: small desa
 *   withheld, and never exactly one withheld next to the published kecamatan figure);
 * - a withheld kecamatan: small desa withheld, and at least one desa withheld (the smallest),
 *   so the desa never add up to the kecamatan figure the API withheld.
 * Shares and reductions are shown only when both of their counts are.
 */

export interface PublicDesa {
  code: string;
  name: string;
  kecamatanCode: string;
  households: Cell;
  extremeHouseholds: Cell;
  baselineExtremeHouseholds: Cell;
  extremeSharePct: number | null;
  reductionPct: number | null;
}

export interface PublicMap {
  kabupaten: { code: string; name: string };
  minCell: number;
  generatedAt: Date;
  synthetic: boolean;
  kecamatan: Awaited<ReturnType<typeof publicSummary>>['rows'];
  desa: PublicDesa[];
  boundaries: Pick<BoundaryFeature, 'code' | 'geometry'>[];
}

const none: Cell = { value: null, suppressed: false, reason: null };

/** The desa cells of one kecamatan for one column, given the kecamatan's published cell. */
export function suppressWithin(values: number[], kecamatan: Cell): Cell[] {
  if (values.length === 0) return [];
  const total = values.reduce((a, b) => a + b, 0);
  if (!kecamatan.suppressed) return suppressColumn(values, total).cells;
  const cells = values.map(
    (v): Cell => (v < MIN_CELL ? { value: null, suppressed: true, reason: 'small' } : { value: v, suppressed: false, reason: null }),
  );
  if (!cells.some((c) => c.suppressed)) {
    let pick = 0;
    values.forEach((v, i) => {
      if (v < (values[pick] ?? Number.POSITIVE_INFINITY)) pick = i;
    });
    cells[pick] = { value: null, suppressed: true, reason: 'complementary' };
  }
  return cells;
}

export async function publicMap(db: Kysely<DB>, kabupatenCode: string): Promise<PublicMap> {
  const [summary, desaRows, boundaries] = await Promise.all([
    publicSummary({ db, kabupatenCode }),
    sql<{ code: string; name: string; kecamatan_code: string; households: number; extreme: number; baseline: number | null }>`
      select d.code, d.name, d.parent_code as kecamatan_code, coalesce(h.households, 0)::int as households,
             coalesce(h.extreme, 0)::int as extreme, b.extreme as baseline
        from region d
        left join (select desa_code, sum(households) as households, sum(extreme) as extreme
                     from monitoring.desa_summary where kabupaten_code = ${kabupatenCode} group by 1) h on h.desa_code = d.code
        left join (select desa_code, sum(extreme_households)::int as extreme
                     from monitoring_baseline where kabupaten_code = ${kabupatenCode} group by 1) b on b.desa_code = d.code
       where d.level = 4 and d.code like ${`${kabupatenCode}.%`}
       order by d.code`.execute(db),
    listBoundaries(db, kabupatenCode, 4, kabupatenCode, () => true),
  ]);
  const hasBaseline = summary.total.baselineExtremeHouseholds.value !== null || summary.total.baselineExtremeHouseholds.suppressed;
  const desa: PublicDesa[] = [];
  for (const kec of summary.rows) {
    const rows = desaRows.rows.filter((d) => d.kecamatan_code === kec.code);
    const hh = suppressWithin(
      rows.map((r) => Number(r.households)),
      kec.households,
    );
    const ex = suppressWithin(
      rows.map((r) => Number(r.extreme)),
      kec.extremeHouseholds,
    );
    const bl = hasBaseline
      ? suppressWithin(
          rows.map((r) => Number(r.baseline ?? 0)),
          kec.baselineExtremeHouseholds,
        )
      : rows.map(() => none);
    rows.forEach((r, i) => {
      const h = hh[i] ?? none;
      const e = ex[i] ?? none;
      const b = bl[i] ?? none;
      desa.push({
        code: r.code,
        name: r.name,
        kecamatanCode: r.kecamatan_code,
        households: h,
        extremeHouseholds: e,
        baselineExtremeHouseholds: b,
        extremeSharePct: h.value !== null && e.value !== null ? pct(e.value, h.value) : null,
        reductionPct: b.value !== null && e.value !== null ? reductionPct(b.value, e.value) : null,
      });
    });
  }
  return {
    kabupaten: summary.kabupaten,
    minCell: summary.minCell,
    generatedAt: summary.generatedAt,
    synthetic: boundaries.some((b) => b.synthetic),
    kecamatan: summary.rows,
    desa,
    boundaries: boundaries.map((b) => ({ code: b.code, geometry: b.geometry })),
  };
}
