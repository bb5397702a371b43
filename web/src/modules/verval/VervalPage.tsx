import { Button, Group, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconClipboardCheck, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionSelects } from '../../components/RegionSelects';
import { NetworkError, query } from '../../lib/api';
import { useSession } from '../auth/session';
import type { WorkItem, Worklist } from './api';
import { NS } from './i18n';
import { useOfflineWorklist, useOnline } from './offline/hooks';
import { OfflineListNote, OfflinePanel, usePack } from './offline/OfflinePanel';
import { PeriodSelect, usePeriod } from './PeriodSelect';
import { usePages } from './usePages';
import { WorklistCard } from './WorklistCard';
import { WorklistFilters } from './WorklistFilters';
import { filterParams, filterQuery, readFilter } from './worklistFilter';
import './i18n-review';

const PAGE = 100;

/** The desa worklist: returned records first, then not yet visited; one large card per household, paged, searchable. */
export default function VervalPage() {
  const { t } = useTranslation(NS);
  const { user, can } = useSession();
  const period = usePeriod();
  const { periodId, params, set } = period;
  const ownDesa = user?.roles.find((g) => g.regionCode.split('.').length === 4)?.regionCode ?? null;
  const desa = params.get('desa') ?? ownDesa;
  const [kecamatan, setKecamatan] = useState<string | null>(desa ? desa.split('.').slice(0, 3).join('.') : null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 400);
  const filter = readFilter(params);
  const list = usePages<Worklist, WorkItem>(
    periodId && desa ? `/verval/periods/${periodId}/worklist${query({ desa, q, pageSize: PAGE, ...filterQuery(filter) })}` : null,
  );
  const canRecord = can('verval.record.submit');
  const canReview = can('verval.record.review');

  // While a new search or filter loads, keep the last answer of this desa on screen: the search
  // box and filters stay put (and keep focus) instead of unmounting on each change.
  const [last, setLast] = useState<{ desa: string; w: Worklist } | null>(null);
  useEffect(() => {
    if (list.first && desa) setLast({ desa, w: list.first });
  }, [list.first, desa]);
  // Without a network the list comes from the desa's download on this device.
  const online = useOnline();
  const pid = periodId ? Number(periodId) : null;
  const pack = usePack(pid, desa);
  const offline = !online || list.error instanceof NetworkError;
  const local = useOfflineWorklist(offline && Boolean(pack), pid, desa, q, filter);
  const w = local ? { ...local, matching: local.items.length } : (list.first ?? (last?.desa === desa ? last.w : undefined));
  const items = local ? local.items : list.items;
  return (
    <Stack gap="md">
      <Title order={1}>{t('title')}</Title>
      <Text c="dimmed">{t('intro')}</Text>
      <PeriodSelect period={period} />
      {canReview && periodId && (
        <Button component={Link} to={`/verval/review?period=${periodId}`} size="md" variant="light" leftSection={<IconClipboardCheck />}>
          {t('review.open')}
        </Button>
      )}
      {!ownDesa && (
        <RegionSelects
          kecamatan={kecamatan}
          desa={desa}
          requiredLevel={4}
          onChange={(k, d) => {
            setKecamatan(k);
            set({ desa: d });
          }}
        />
      )}
      {!desa && <Text>{t('chooseDesa')}</Text>}
      {canRecord && periodId && desa && (
        <Button component={Link} to={`/verval/${periodId}/new?desa=${desa}`} size="lg" variant="outline" leftSection={<IconUserPlus />}>
          {t('fresh.button')}
        </Button>
      )}
      {canRecord && pid && desa && online && <OfflinePanel periodId={pid} desa={desa} meta={pack} />}
      {offline && desa && pack !== undefined ? <OfflineListNote meta={pack} /> : <ErrorAlert error={list.error} />}
      {w && (
        <>
          <Text fw={600}>{t('progress', { visited: w.visited, total: w.total })}</Text>
          <Progress value={w.total ? (100 * w.visited) / w.total : 0} size="lg" aria-hidden />
          <TextInput
            size="md"
            leftSection={<IconSearch size={18} />}
            placeholder={t('search')}
            aria-label={t('search')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <WorklistFilters filter={filter} onChange={(f) => set(filterParams(f))} dusuns={w.dusuns} rts={w.rts} />
          <Stack gap="sm" data-testid="verval-worklist">
            {items.map((h) => (
              <WorklistCard key={h.householdId} h={h} periodId={periodId!} />
            ))}
          </Stack>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('shown', { shown: items.length, total: w.matching })}
            </Text>
            {!local && list.hasMore && (
              <Button size="md" variant="light" onClick={list.loadMore} loading={list.loading}>
                {t('loadMore')}
              </Button>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
