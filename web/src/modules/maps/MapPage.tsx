import { Alert, Badge, Button, Checkbox, Group, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { IconArrowUp, IconUpload } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type Schemas, useGet } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import { useSession } from '../auth/session';
import { formatPct } from '../monitoring/parts';
import { Choropleth, type MapArea } from './Choropleth';
import './i18n';

type Row = Schemas['MapValues']['rows'][number];
const METRICS = [
  'extremeHouseholds',
  'extremeSharePct',
  'reductionPct',
  'vervalApprovedPct',
  'vervalVisitedPct',
  'extremeWithoutAid',
] as const;
type Metric = (typeof METRICS)[number];
const PERCENT: Record<Metric, boolean> = {
  extremeHouseholds: false,
  extremeSharePct: true,
  reductionPct: true,
  vervalApprovedPct: true,
  vervalVisitedPct: true,
  extremeWithoutAid: false,
};

/** The map page: the region's kecamatan or desa coloured by a figure; a click opens that region's monitoring page. */
export default function MapPage() {
  const { t } = useTranslation('maps');
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? undefined;
  const level = (params.get('level') === 'kecamatan' ? 'kecamatan' : 'desa') as 'kecamatan' | 'desa';
  const [metric, setMetric] = useState<Metric>('extremeSharePct');
  const [showPoints, setShowPoints] = useState(false);
  const query = { region, level };
  const shapes = useGet('/maps/boundaries', { params: { query } });
  const values = useGet('/maps/values', { params: { query } });
  const canPoints = session.can('maps.points');
  const points = useGet('/maps/points', showPoints && canPoints ? { params: { query: { region } } } : null);
  const set = (next: Record<string, string | undefined>) => {
    const merged = { region, level, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, v]) => v)) as Record<string, string>);
  };

  const areas: MapArea[] = useMemo(() => {
    const byCode = new Map<string, Row>((values.data?.rows ?? []).map((r) => [r.code, r]));
    return (shapes.data?.features ?? [])
      .filter((f) => byCode.has(f.code))
      .map((f) => ({ code: f.code, name: f.name, geometry: f.geometry, value: byCode.get(f.code)?.[metric] ?? null }));
  }, [shapes.data, values.data, metric]);
  const format = (v: number) => (PERCENT[metric] ? formatPct(v) : formatNumber(v));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {t('mapOf', { name: values.data?.region.name ?? '' })}
          </Title>
          <Text size="sm" c="dimmed">
            {values.data?.period ? t('period', { name: values.data.period.name }) : ''} {t('clickHint')}
          </Text>
        </div>
        <Group>
          {region && (
            <Button variant="subtle" leftSection={<IconArrowUp size={16} />} onClick={() => set({ region: undefined })}>
              {t('up')}
            </Button>
          )}
          {session.can('maps.boundaries.manage') && (
            <Button component={Link} to="/maps/boundaries" variant="light" leftSection={<IconUpload size={16} />}>
              {t('upload')}
            </Button>
          )}
        </Group>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label={t('level')}
          value={level}
          onChange={(v) => set({ level: v })}
          data={[
            { value: 'desa', label: t('desa') },
            { value: 'kecamatan', label: t('kecamatan') },
          ]}
        />
        <Select
          label={t('metric')}
          value={metric}
          onChange={(v) => v && setMetric(v as Metric)}
          data={METRICS.map((m) => ({ value: m, label: t(`metrics.${m}`) }))}
          allowDeselect={false}
          w={280}
        />
        {canPoints && <Checkbox label={t('points')} checked={showPoints} onChange={(e) => setShowPoints(e.currentTarget.checked)} />}
      </Group>
      <ErrorAlert error={shapes.error ?? values.error ?? points.error} />
      {shapes.data?.synthetic && (
        <Badge color="orange" variant="light" size="lg" data-testid="map-synthetic">
          {t('synthetic')}
        </Badge>
      )}
      {points.data?.truncated && <Alert color="yellow">{t('pointsTruncated', { n: points.data.points.length })}</Alert>}
      {shapes.data && values.data && areas.length === 0 && <Alert color="gray">{t('noBoundaries')}</Alert>}
      {areas.length > 0 && (
        <Choropleth
          areas={areas}
          format={format}
          noDataLabel={t('noData')}
          legendTitle={t(`metrics.${metric}`)}
          label={t('mapOf', { name: values.data?.region.name ?? '' })}
          tileUrl={shapes.data?.tileUrl}
          points={(showPoints ? (points.data?.points ?? []) : []).map((p) => ({
            id: p.householdId,
            longitude: p.longitude,
            latitude: p.latitude,
            label: `${p.desaCode} · ${p.status}${p.outcome ? ` · ${p.outcome}` : ''}`,
          }))}
          onSelect={(code) => navigate(`/monitoring?region=${encodeURIComponent(code)}`)}
        />
      )}
    </Stack>
  );
}
