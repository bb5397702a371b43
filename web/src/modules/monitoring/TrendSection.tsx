import { Card, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type Schemas, useGet } from '../../lib/api/client';
import { formatDateTime } from '../../lib/format';
import { ExtremeTrendChart, monthLabel, WorkProgressChart } from './charts';
import { formatPct } from './parts';
import './trend-i18n';

type Trends = Schemas['MonitoringTrends'];

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 100 : null);

/** The trend charts of a region; loaded lazily by the monitoring page (it pulls in the chart library). */
export function TrendCharts({ data }: { data: Trends }) {
  const { t } = useTranslation('trends');
  const first = data.registry[0];
  const last = data.registry[data.registry.length - 1];
  const work = data.work;
  return (
    <>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('trendTitle')}
        </Title>
        {data.registry.length === 0 ? (
          <Text c="dimmed">{t('noTrend')}</Text>
        ) : (
          <>
            <ExtremeTrendChart
              points={data.registry.map((p) => ({ month: p.month, extreme: p.extremeHouseholds, target: p.targetExtremeHouseholds }))}
              labels={{ extreme: t('extreme'), target: t('targetPath', { rate: formatPct(data.target.ratePct), year: data.target.year }) }}
            />
            {first && last && (
              <Text size="sm" mt="xs" data-testid="trend-rate">
                {t('rateNow', {
                  first: formatPct(first.extremeRatePct),
                  firstMonth: monthLabel(first.month),
                  last: formatPct(last.extremeRatePct),
                  lastMonth: monthLabel(last.month),
                })}
              </Text>
            )}
          </>
        )}
        <Text size="xs" c="dimmed" mt={4}>
          {t('asOf', { time: formatDateTime(data.asOf) })}
        </Text>
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          {work ? (
            <>
              <Title order={2} size="h4" mb="xs">
                {t('workTitle', { period: work.period.name })}
              </Title>
              <WorkProgressChart
                points={work.points.map((p) => ({
                  date: p.date,
                  visitedPct: share(p.visited, work.households),
                  approvedPct: share(p.approved, work.households),
                  musdesPct: share(p.finalisedDesa, work.desa),
                }))}
                stageEnds={work.stages.map((s) => ({ date: s.endDate, label: t('stageEnd', { name: s.name }) }))}
                labels={{ visited: t('visitedPct'), approved: t('approvedPct'), musdes: t('musdesPct') }}
              />
            </>
          ) : (
            <Text c="dimmed">{t('noPeriod')}</Text>
          )}
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('macroTitle')}
          </Title>
          {data.macro.length === 0 ? (
            <Text c="dimmed">{t('noMacro')}</Text>
          ) : (
            <Table striped data-testid="macro">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('year')}</Table.Th>
                  <Table.Th ta="right">{t('bpsPoverty')}</Table.Th>
                  <Table.Th ta="right">{t('bpsExtreme')}</Table.Th>
                  <Table.Th ta="right">{t('registryExtreme')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.macro.map((m) => (
                  <Table.Tr key={m.year}>
                    <Table.Td>{m.year}</Table.Td>
                    <Table.Td ta="right">{formatPct(m.povertyRate)}</Table.Td>
                    <Table.Td ta="right">{formatPct(m.extremePovertyRate)}</Table.Td>
                    <Table.Td ta="right">{formatPct(m.registryExtremeRatePct)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Text size="xs" c="dimmed" mt="xs">
            {t('target')}: {formatPct(data.target.ratePct)} ({data.target.year})
          </Text>
        </Card>
      </SimpleGrid>
    </>
  );
}

/** The trend section of the monitoring page for `region` (null: the reader's own area). */
export default function TrendSection({ region }: { region: string | null }) {
  const { data, error, reload } = useGet('/monitoring/trends', { params: { query: region ? { region } : {} } });
  return (
    <>
      <ErrorAlert error={error} onRetry={reload} />
      {data && <TrendCharts data={data} />}
    </>
  );
}
