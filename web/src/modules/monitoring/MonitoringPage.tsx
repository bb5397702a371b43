import { Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowUp, IconFileSpreadsheet, IconFileTypePdf, IconPresentation } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { API, query } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatDate, formatNumber } from '../../lib/format';
import './i18n';
import './trend-i18n';
import { ProgressSection } from './ProgressSection';
import { Bars, formatPct, Stat } from './parts';
import { QuarterlyDownload } from './QuarterlyDownload';

// The trend charts pull in the chart library: loaded only when the monitoring page is shown (ADR 0024).
const TrendSection = lazy(() => import('./TrendSection'));

export default function MonitoringPage() {
  const { t } = useTranslation('monitoring');
  const [params, setParams] = useSearchParams();
  const region = params.get('region');
  const { data, error, reload } = useGet('/monitoring/dashboard', { params: { query: { region: region ?? undefined } } });
  const go = (code: string | null) => setParams(code ? { region: code } : {});
  const parent = data && data.region.level > 2 ? data.region.code.split('.').slice(0, -1).join('.') : null;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {t('title')} — {data?.region.name ?? ''}
          </Title>
          <Text size="sm" c="dimmed">
            {data?.extremePoverty.baseline
              ? t('baselineFrom', {
                  id: data.extremePoverty.baseline.importId,
                  date: formatDate(data.extremePoverty.baseline.importFinishedAt),
                })
              : data && t('noBaseline')}
          </Text>
        </div>
        <Group>
          {parent && (
            <Button variant="subtle" leftSection={<IconArrowUp size={16} />} onClick={() => go(parent)}>
              {t('up', { name: parent })}
            </Button>
          )}
          <Button
            component={Link}
            to={`/monitoring/summary${query({ region })}`}
            variant="default"
            leftSection={<IconPresentation size={16} />}
          >
            {t('trends:openSummary')}
          </Button>
          <Button
            component="a"
            download
            variant="default"
            href={`${API}/monitoring/report.xlsx${query({ region })}`}
            leftSection={<IconFileSpreadsheet size={16} />}
          >
            {t('downloadXlsx')}
          </Button>
          <Button
            component="a"
            download
            variant="default"
            href={`${API}/monitoring/report.pdf${query({ region })}`}
            leftSection={<IconFileTypePdf size={16} />}
          >
            {t('downloadPdf')}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={error} onRetry={reload} />
      {data && (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Stat label={t('households')} value={formatNumber(data.totals.households)} />
            <Stat label={t('extremeNow')} value={formatNumber(data.totals.extremeHouseholds)} />
            <Stat label={t('reduction')} value={formatPct(data.extremePoverty.reductionPct)} testId="reduction" />
            <Stat label={t('coverage')} value={formatPct(data.aid.coveragePct)} testId="coverage" />
            <Stat label={t('members')} value={formatNumber(data.totals.members)} />
            <Stat label={t('extremeBaseline')} value={formatNumber(data.totals.baselineExtremeHouseholds)} />
            <Stat label={t('withoutAid')} value={formatNumber(data.aid.withoutAid)} />
            <Stat label={t('noAidAny')} value={formatNumber(data.aid.householdsWithoutAnyAid)} />
          </SimpleGrid>
          <Suspense fallback={null}>
            <TrendSection region={region} />
          </Suspense>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                {t('desil')}
              </Title>
              <Text size="xs" c="dimmed" mb="xs">
                {t('desilLegend')}
              </Text>
              <Bars
                items={data.desil.map((d) => ({
                  label: d.desil === null ? t('desilNone') : `Desil ${d.desil}`,
                  value: d.households,
                  accent: d.extremeHouseholds,
                }))}
              />
            </Card>
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                {t('ranking')}
              </Title>
              <Table striped data-testid="ranking">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('rank')}</Table.Th>
                    <Table.Th>{t('region')}</Table.Th>
                    <Table.Th ta="right">{t('extremeBaseline')}</Table.Th>
                    <Table.Th ta="right">{t('extremeNow')}</Table.Th>
                    <Table.Th ta="right">{t('reduction')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.extremePoverty.ranking
                    .filter((r) => r.baseline > 0)
                    .slice(0, 10)
                    .map((r) => (
                      <Table.Tr key={r.code}>
                        <Table.Td>{r.rank}</Table.Td>
                        <Table.Td>{r.name}</Table.Td>
                        <Table.Td ta="right">{formatNumber(r.baseline)}</Table.Td>
                        <Table.Td ta="right">{formatNumber(r.now)}</Table.Td>
                        <Table.Td ta="right">{formatPct(r.reductionPct)}</Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </Card>
          </SimpleGrid>
          {data.children.level && (
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                {data.children.level === 'kecamatan' ? t('perKecamatan') : t('perDesa')}
              </Title>
              <Table.ScrollContainer minWidth={720}>
                <Table striped highlightOnHover data-testid="children">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('region')}</Table.Th>
                      <Table.Th ta="right">{t('households')}</Table.Th>
                      <Table.Th ta="right">{t('extremeBaseline')}</Table.Th>
                      <Table.Th ta="right">{t('extremeNow')}</Table.Th>
                      <Table.Th ta="right">{t('reduction')}</Table.Th>
                      <Table.Th ta="right">{t('coverage')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.children.rows.map((r) => (
                      <Table.Tr key={r.code}>
                        <Table.Td>
                          <Anchor component="button" onClick={() => go(r.code)}>
                            {r.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td ta="right">{formatNumber(r.households)}</Table.Td>
                        <Table.Td ta="right">{formatNumber(r.baselineExtremeHouseholds)}</Table.Td>
                        <Table.Td ta="right">{formatNumber(r.extremeHouseholds)}</Table.Td>
                        <Table.Td ta="right">{formatPct(r.reductionPct)}</Table.Td>
                        <Table.Td ta="right">{formatPct(r.aidCoveragePct)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
          )}
          <ProgressSection region={region} onRegion={go} />
          {data.region.level === 2 && <QuarterlyDownload />}
        </>
      )}
    </Stack>
  );
}
