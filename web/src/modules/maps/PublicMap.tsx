import { Badge, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useGet } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import { formatPct } from '../monitoring/parts';
import { Choropleth, type MapArea } from './Choropleth';
import './i18n';

/**
 * The public desa map for the public page (no login; GET /api/v1/public/map, on only when the
 * deployment enables the public view). Withheld cells (fewer than 5 households, or withheld so
 * that another cannot be derived) are drawn as "no data" with the reason in the tooltip: their
 * values never reach the browser. No GPS points.
 */
export function PublicMap({ onSelect }: { onSelect?: (desaCode: string) => void }) {
  const { t } = useTranslation('maps');
  const { data, error, reload } = useGet('/public/map');
  const [metric, setMetric] = useState<'extremeHouseholds' | 'extremeSharePct'>('extremeHouseholds');
  const areas: MapArea[] = useMemo(() => {
    if (!data) return [];
    const byCode = new Map(data.desa.map((d) => [d.code, d]));
    return data.boundaries.flatMap((b) => {
      const d = byCode.get(b.code);
      if (!d) return [];
      const cell = d.extremeHouseholds;
      const value = metric === 'extremeHouseholds' ? cell.value : d.extremeSharePct;
      const withheld =
        metric === 'extremeHouseholds' ? cell.suppressed : d.extremeSharePct === null && (cell.suppressed || d.households.suppressed);
      return [
        { code: d.code, name: d.name, geometry: b.geometry, value, note: withheld ? t('suppressed', { n: data.minCell }) : undefined },
      ];
    });
  }, [data, metric, t]);
  return (
    <Stack gap="xs" data-testid="public-map">
      <ErrorAlert error={error} onRetry={reload} />
      <SegmentedControl
        value={metric}
        onChange={(v) => setMetric(v as typeof metric)}
        data={[
          { value: 'extremeHouseholds', label: t('metrics.extremeHouseholds') },
          { value: 'extremeSharePct', label: t('metrics.extremeSharePct') },
        ]}
      />
      {data?.synthetic && (
        <Badge color="orange" variant="light">
          {t('synthetic')}
        </Badge>
      )}
      {data && areas.length === 0 && <Text size="sm">{t('noBoundaries')}</Text>}
      {areas.length > 0 && (
        <Choropleth
          areas={areas}
          format={(v) => (metric === 'extremeSharePct' ? formatPct(v) : formatNumber(v))}
          noDataLabel={`${t('noData')} / ${t('suppressed', { n: data?.minCell ?? 5 })}`}
          legendTitle={t(`metrics.${metric}`)}
          label={t('publicTitle')}
          onSelect={onSelect}
        />
      )}
    </Stack>
  );
}

export default PublicMap;
