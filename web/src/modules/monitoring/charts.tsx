import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { formatNumber } from '../../lib/format';
import { formatPct } from './parts';

/**
 * The trend charts (ADR 0024: @mantine/charts on Recharts). This module is only ever imported
 * lazily (`lazy(() => import('./charts'))`), so the chart library loads on the pages that draw
 * a chart and never on the field pages.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
export const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1] ?? ''} ${m.slice(2, 4)}`;

export interface ExtremePoint {
  month: string;
  extreme: number | null;
  target?: number | null;
}

/** Extreme-poor households per month, with the target path dashed when given. */
export function ExtremeTrendChart({
  points,
  labels,
  testId = 'trend-chart',
}: {
  points: ExtremePoint[];
  labels: { extreme: string; target: string };
  testId?: string;
}) {
  const withTarget = points.some((p) => p.target !== undefined && p.target !== null);
  return (
    <LineChart
      h={240}
      data-testid={testId}
      data={points.map((p) => ({ month: monthLabel(p.month), extreme: p.extreme, target: p.target ?? null }))}
      dataKey="month"
      curveType="linear"
      connectNulls={false}
      withLegend
      legendProps={{ verticalAlign: 'bottom' }}
      valueFormatter={(v) => formatNumber(v)}
      series={[
        { name: 'extreme', label: labels.extreme, color: 'teal.7' },
        ...(withTarget ? [{ name: 'target', label: labels.target, color: 'red.6', strokeDasharray: '5 5' }] : []),
      ]}
    />
  );
}

export interface WorkPoint {
  date: string;
  visitedPct: number | null;
  approvedPct: number | null;
  musdesPct: number | null;
}

/** Verval and musdes progress (percent) per day, with the schedule's stage ends as vertical lines. */
export function WorkProgressChart({
  points,
  stageEnds,
  labels,
}: {
  points: WorkPoint[];
  stageEnds: { date: string; label: string }[];
  labels: { visited: string; approved: string; musdes: string };
}) {
  return (
    <LineChart
      h={240}
      data-testid="work-chart"
      data={points}
      dataKey="date"
      curveType="stepAfter"
      withDots={false}
      withLegend
      legendProps={{ verticalAlign: 'bottom' }}
      yAxisProps={{ domain: [0, 100] }}
      valueFormatter={(v) => formatPct(v)}
      referenceLines={stageEnds.map((s) => ({ x: s.date, label: s.label, color: 'gray.6', labelPosition: 'insideTopLeft' }))}
      series={[
        { name: 'visitedPct', label: labels.visited, color: 'blue.6' },
        { name: 'approvedPct', label: labels.approved, color: 'teal.7' },
        { name: 'musdesPct', label: labels.musdes, color: 'orange.6' },
      ]}
    />
  );
}

export default ExtremeTrendChart;
