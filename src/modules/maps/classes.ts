/**
 * Colour classes of a choropleth: up to five quantile classes of the values shown, on a
 * yellow-to-red scale (ColorBrewer YlOrRd, readable in greyscale print); "no data" is grey.
 * The web map (web/src/modules/maps/classes.ts) uses the same rule and colours.
 */

export const PALETTE = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'] as const;
export const NO_DATA = '#d9d9d9';

export interface ColourClass {
  from: number;
  to: number;
  colour: string;
}

export function colourClasses(values: (number | null)[]): ColourClass[] {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return [];
  const breaks: number[] = [];
  for (let i = 1; i < PALETTE.length; i++) breaks.push(xs[Math.min(xs.length - 1, Math.floor((i * xs.length) / PALETTE.length))] as number);
  const edges = [...new Set([xs[0] as number, ...breaks, xs[xs.length - 1] as number])].sort((a, b) => a - b);
  if (edges.length === 1) return [{ from: edges[0] as number, to: edges[0] as number, colour: PALETTE[PALETTE.length - 1] as string }];
  const classes: ColourClass[] = [];
  const n = edges.length - 1;
  for (let i = 0; i < n; i++) {
    // Spread the colours over the whole scale when there are fewer classes than colours.
    const colour = PALETTE[Math.round((i * (PALETTE.length - 1)) / Math.max(1, n - 1))] as string;
    classes.push({ from: edges[i] as number, to: edges[i + 1] as number, colour });
  }
  return classes;
}

export function colourOf(value: number | null, classes: ColourClass[]): string {
  if (value === null || !Number.isFinite(value)) return NO_DATA;
  for (const c of classes) if (value <= c.to) return c.colour;
  return classes[classes.length - 1]?.colour ?? NO_DATA;
}
