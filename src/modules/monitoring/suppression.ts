/**
 * Small-cell suppression for published aggregates: a count of fewer than MIN_CELL households
 * is withheld (primary suppression), and when a column would then have exactly one withheld
 * cell next to a published total, the smallest other cell is withheld too (complementary
 * suppression), so no withheld value can be derived as total − sum of the others.
 */

export const MIN_CELL = 5;

export interface Cell {
  value: number | null;
  suppressed: boolean;
  /** Why: "small" (fewer than MIN_CELL) or "complementary" (would reveal another cell). */
  reason: 'small' | 'complementary' | null;
}

const shown = (value: number): Cell => ({ value, suppressed: false, reason: null });
const hidden = (reason: 'small' | 'complementary'): Cell => ({ value: null, suppressed: true, reason });

/** Suppress one additive column: `values` sum to `total`. */
export function suppressColumn(values: number[], total: number): { cells: Cell[]; total: Cell } {
  const small = values.map((v) => v < MIN_CELL);
  const totalSmall = total < MIN_CELL;
  const withheld = new Set(values.flatMap((_, i) => (small[i] ? [i] : [])));
  const complementary = new Set<number>();
  let totalHidden = totalSmall;
  if (!totalHidden && withheld.size === 1) {
    // The smallest published cell (ties: the first) joins the withheld one.
    let pick = -1;
    values.forEach((v, i) => {
      if (!withheld.has(i) && (pick < 0 || v < (values[pick] ?? Number.POSITIVE_INFINITY))) pick = i;
    });
    if (pick >= 0) complementary.add(pick);
    else totalHidden = true;
  }
  const cells = values.map((v, i) => (withheld.has(i) ? hidden('small') : complementary.has(i) ? hidden('complementary') : shown(v)));
  return { cells, total: totalHidden ? hidden(totalSmall ? 'small' : 'complementary') : shown(total) };
}
