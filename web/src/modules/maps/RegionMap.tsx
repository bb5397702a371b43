import { Badge, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useGet } from '../../lib/api/client';
import { formatPct } from '../monitoring/parts';
import { Choropleth, type MapArea } from './Choropleth';
import './i18n';

/**
 * A region's desa coloured by their share of extreme-poor households, without controls: the map
 * of the meeting summary. The same endpoints and region scope as the map page.
 */
export function RegionMap({ region, onSelect }: { region?: string; onSelect?: (code: string) => void }) {
  const { t } = useTranslation('maps');
  const query = { params: { query: { region: region ?? undefined, level: 'desa' as const } } };
  const shapes = useGet('/maps/boundaries', query);
  const values = useGet('/maps/values', query);
  const areas: MapArea[] = useMemo(() => {
    const byCode = new Map((values.data?.rows ?? []).map((r) => [r.code, r.extremeSharePct]));
    return (shapes.data?.features ?? [])
      .filter((f) => byCode.has(f.code))
      .map((f) => ({ code: f.code, name: f.name, geometry: f.geometry, value: byCode.get(f.code) ?? null }));
  }, [shapes.data, values.data]);
  return (
    <Stack gap="xs" data-testid="region-map">
      <ErrorAlert error={shapes.error ?? values.error} />
      {shapes.data?.synthetic && (
        <Badge color="orange" variant="light">
          {t('synthetic')}
        </Badge>
      )}
      {shapes.data && values.data && areas.length === 0 && <Text c="dimmed">{t('noBoundaries')}</Text>}
      {areas.length > 0 && (
        <Choropleth
          areas={areas}
          format={formatPct}
          noDataLabel={t('noData')}
          legendTitle={t('metrics.extremeSharePct')}
          label={t('mapOf', { name: values.data?.region.name ?? '' })}
          tileUrl={shapes.data?.tileUrl}
          onSelect={onSelect}
        />
      )}
    </Stack>
  );
}
