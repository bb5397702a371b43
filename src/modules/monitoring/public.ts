import { sql } from 'kysely';
import type { ServiceContext } from '../../service-context.js';
import { ensureBaseline } from './baseline.js';
import { reductionPct } from './dashboard.js';
import { type Cell, MIN_CELL, suppressColumn } from './suppression.js';

/**
 * The public view (optional per deployment): aggregate figures per kecamatan only, no names,
 * no desa, with small cells suppressed (see suppression.ts). Each column is suppressed on its
 * own against its kabupaten total; a reduction is only shown when both its figures are.
 */

export interface PublicRow {
  code: string;
  name: string;
  households: Cell;
  extremeHouseholds: Cell;
  baselineExtremeHouseholds: Cell;
  reductionPct: number | null;
}

export interface PublicSummary {
  kabupaten: { code: string; name: string };
  minCell: number;
  generatedAt: Date;
  rows: PublicRow[];
  total: Omit<PublicRow, 'code' | 'name'>;
}

export async function publicSummary({ db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>): Promise<PublicSummary> {
  const baseline = await ensureBaseline(db, kabupatenCode);
  const kab = await db.selectFrom('region').select(['code', 'name']).where('code', '=', kabupatenCode).executeTakeFirst();
  const r = await sql<{ code: string; name: string; households: number; extreme: number; baseline: number | null }>`
    select k.code, k.name, coalesce(h.households, 0)::int as households, coalesce(h.extreme, 0)::int as extreme, b.extreme as baseline
    from region k
    left join (
      select kecamatan_code, sum(households) as households, sum(extreme) as extreme
      from monitoring.desa_summary where kabupaten_code = ${kabupatenCode} group by kecamatan_code
    ) h on h.kecamatan_code = k.code
    left join (
      select kecamatan_code, sum(extreme_households)::int as extreme from monitoring_baseline
      where kabupaten_code = ${kabupatenCode} group by kecamatan_code
    ) b on b.kecamatan_code = k.code
    where k.parent_code = ${kabupatenCode}
    order by k.code`.execute(db);
  const rows = r.rows;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const households = suppressColumn(
    rows.map((x) => x.households),
    sum(rows.map((x) => x.households)),
  );
  const extreme = suppressColumn(
    rows.map((x) => x.extreme),
    sum(rows.map((x) => x.extreme)),
  );
  const base = baseline
    ? suppressColumn(
        rows.map((x) => x.baseline ?? 0),
        sum(rows.map((x) => x.baseline ?? 0)),
      )
    : null;
  const none: Cell = { value: null, suppressed: false, reason: null };
  const reduction = (b: Cell, n: Cell) => (b.value === null || n.value === null ? null : reductionPct(b.value, n.value));
  return {
    kabupaten: { code: kabupatenCode, name: kab?.name ?? kabupatenCode },
    minCell: MIN_CELL,
    generatedAt: new Date(),
    rows: rows.map((x, i) => {
      const b = base?.cells[i] ?? none;
      const n = extreme.cells[i] ?? none;
      return {
        code: x.code,
        name: x.name,
        households: households.cells[i] ?? none,
        extremeHouseholds: n,
        baselineExtremeHouseholds: b,
        reductionPct: reduction(b, n),
      };
    }),
    total: {
      households: households.total,
      extremeHouseholds: extreme.total,
      baselineExtremeHouseholds: base?.total ?? none,
      reductionPct: reduction(base?.total ?? none, extreme.total),
    },
  };
}
