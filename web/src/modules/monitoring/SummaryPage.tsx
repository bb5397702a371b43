import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileTypePdf, IconPhoto, IconPrinter } from '@tabler/icons-react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { API, errorText, query } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { RegionMap } from '../maps';
import { ExtremeTrendChart } from './charts';
import { formatPct, Stat } from './parts';
import { saveBlob, summaryPng } from './summary-png';
import './trend-i18n';

/**
 * The one-page summary for a meeting: the dashboard's figures, the trend chart and the map of the
 * region, dated with the data's as-of time. Printable (app.css hides the menu when printing), as
 * a PDF from the server, and as a PNG drawn in the browser. Loaded lazily (it draws a chart).
 */
export default function SummaryPage() {
  const { t } = useTranslation('trends');
  const [params] = useSearchParams();
  const region = params.get('region');
  const q = { params: { query: region ? { region } : {} } };
  const dashboard = useGet('/monitoring/dashboard', q);
  const trends = useGet('/monitoring/trends', q);
  const chartRef = useRef<HTMLDivElement>(null);
  const d = dashboard.data;
  const tr = trends.data;
  const today = new Date();
  const title = d ? t('summaryTitle', { name: d.region.name }) : '';
  const subtitle = tr ? t('summaryDate', { date: formatDate(today), time: formatDateTime(tr.asOf) }) : '';
  const figures: [string, string][] = d
    ? [
        [t('households'), formatNumber(d.totals.households)],
        [t('extremeBaseline'), formatNumber(d.totals.baselineExtremeHouseholds)],
        [t('extremeNow'), formatNumber(d.totals.extremeHouseholds)],
        [t('reduction'), formatPct(d.extremePoverty.reductionPct)],
        [t('withoutAid'), formatNumber(d.aid.withoutAid)],
        [t('target'), tr ? `${formatPct(tr.target.ratePct)} (${tr.target.year})` : '—'],
      ]
    : [];

  async function downloadPng() {
    try {
      const svg = chartRef.current?.querySelector('svg.recharts-surface') as SVGSVGElement | null;
      const blob = await summaryPng({ title, subtitle, figures, chart: svg });
      saveBlob(blob, `ringkasan-${(d?.region.code ?? '').replaceAll('.', '')}-${today.toISOString().slice(0, 10)}.png`);
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    }
  }

  return (
    <Stack gap="md" maw={1000}>
      <ErrorAlert
        error={dashboard.error ?? trends.error}
        onRetry={() => {
          dashboard.reload();
          trends.reload();
        }}
      />
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {title}
          </Title>
          <Text c="dimmed" size="sm" data-testid="summary-date">
            {subtitle}
          </Text>
        </div>
        <Group className="no-print">
          <Button
            component="a"
            download
            variant="default"
            href={`${API}/monitoring/summary.pdf${query({ region })}`}
            leftSection={<IconFileTypePdf size={16} />}
          >
            {t('downloadSummaryPdf')}
          </Button>
          <Button variant="default" leftSection={<IconPhoto size={16} />} onClick={downloadPng} disabled={!d || !tr}>
            {t('downloadPng')}
          </Button>
          <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
            {t('print')}
          </Button>
        </Group>
      </Group>
      {d && (
        <SimpleGrid cols={{ base: 2, md: 3 }}>
          {figures.map(([label, value]) => (
            <Stat key={label} label={label} value={value} />
          ))}
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder ref={chartRef}>
          <Title order={2} size="h4" mb="xs">
            {t('trendTitle')}
          </Title>
          {tr && (
            <ExtremeTrendChart
              points={tr.registry.map((p) => ({ month: p.month, extreme: p.extremeHouseholds, target: p.targetExtremeHouseholds }))}
              labels={{ extreme: t('extreme'), target: t('targetPath', { rate: formatPct(tr.target.ratePct), year: tr.target.year }) }}
            />
          )}
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('mapTitle')}
          </Title>
          <RegionMap region={region ?? undefined} />
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
