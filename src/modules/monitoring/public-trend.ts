import type { ServiceContext } from '../../service-context.js';
import { pct } from './dashboard.js';
import { type Cell, MIN_CELL } from './suppression.js';
import { ensureTrendMonths, registryMonths, type TrendTarget } from './trends.js';

/**
 * The public trend (issue 23): the kabupaten's households and extreme-poor households per month,
 * nothing below the kabupaten and no person. Each month's count is one cell, withheld under
 * MIN_CELL as in the public summary; the share is published only when both its counts are.
 */

export interface PublicTrend {
  kabupaten: { code: string; name: string };
  minCell: number;
  generatedAt: Date;
  target: TrendTarget;
  points: { month: string; households: Cell; extremeHouseholds: Cell; extremeRatePct: number | null; current: boolean }[];
}

/** One published count: withheld when small (no column to complement: each month stands alone). */
export function publicCell(value: number): Cell {
  return value < MIN_CELL ? { value: null, suppressed: true, reason: 'small' } : { value, suppressed: false, reason: null };
}

export async function publicTrend(
  { db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  target: TrendTarget,
): Promise<PublicTrend> {
  await ensureTrendMonths(db, kabupatenCode);
  const [kab, months] = await Promise.all([
    db.selectFrom('region').select(['code', 'name']).where('code', '=', kabupatenCode).executeTakeFirst(),
    registryMonths(db, kabupatenCode, target),
  ]);
  return {
    kabupaten: { code: kabupatenCode, name: kab?.name ?? kabupatenCode },
    minCell: MIN_CELL,
    generatedAt: new Date(),
    target,
    points: months.map((m) => {
      const households = publicCell(m.households);
      const extremeHouseholds = publicCell(m.extremeHouseholds);
      const shown = households.value !== null && extremeHouseholds.value !== null;
      return {
        month: m.month,
        households,
        extremeHouseholds,
        extremeRatePct: shown ? pct(m.extremeHouseholds, m.households) : null,
        current: m.current,
      };
    }),
  };
}
