import { Badge, Button, Card, Group, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconClipboardCheck, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
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
import './i18n-review';

const STATUS_COLOR = { DRAFT: 'gray', SUBMITTED: 'blue', APPROVED: 'green', RETURNED: 'orange' } as const;
const PAGE = 100;

function WorkCard({ h, periodId }: { h: WorkItem; periodId: string }) {
  const { t } = useTranslation(NS);
  return (
    <Card component={Link} to={`/verval/${periodId}/${h.householdId}`} withBorder padding="md" radius="md" mih={72} aria-label={h.headName}>
      <Stack gap={4} miw={0}>
        <Text fw={700} size="lg" style={{ overflowWrap: 'anywhere' }}>
          {h.headName}
        </Text>
        {h.verval && h.visited ? (
          <Badge color={STATUS_COLOR[h.verval.status]} size="lg" variant="light">
            {t(`status.${h.verval.status}`)}
          </Badge>
        ) : (
          <Badge color="red" size="lg" variant="outline">
            {t('notVisited')}
          </Badge>
        )}
        {h.possibleDuplicate && (
          <Badge color="grape" size="lg" variant="light" data-testid="verval-possible-duplicate">
            {h.possibleDuplicate.resolvedSame > 0 ? t('duplicateDecided') : t('possibleDuplicate')}
          </Badge>
        )}
        {h.verval?.reviewComment && (
          <Text size="sm" c="orange.8" fw={600}>
            {t('returned', { comment: h.verval.reviewComment })}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {[h.address, t('members', { n: h.memberCount })].filter(Boolean).join(' · ')}
        </Text>
      </Stack>
    </Card>
  );
}

/** The desa worklist: returned records first, then not yet visited; one large card per household, paged, searchable. */
export default function VervalPage() {
  const { t } = useTranslation(NS);
  const { user, hasRole } = useSession();
  const period = usePeriod();
  const { periodId, params, set } = period;
  const ownDesa = user?.roles.find((g) => g.regionCode.split('.').length === 4)?.regionCode ?? null;
  const desa = params.get('desa') ?? ownDesa;
  const [kecamatan, setKecamatan] = useState<string | null>(desa ? desa.split('.').slice(0, 3).join('.') : null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 400);
  const list = usePages<Worklist, WorkItem>(
    periodId && desa ? `/verval/periods/${periodId}/worklist${query({ desa, q, pageSize: PAGE })}` : null,
  );
  const canRecord = hasRole(['operator_desa', 'pendamping']);
  const canReview = hasRole(['pendamping', 'operator_kecamatan']);
  // Without a network the list comes from the desa's download on this device.
  const online = useOnline();
  const pid = periodId ? Number(periodId) : null;
  const pack = usePack(pid, desa);
  const offline = !online || list.error instanceof NetworkError;
  const local = useOfflineWorklist(offline && Boolean(pack), pid, desa, q);
  const w = local ? { ...local, matching: local.items.length } : list.first;
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
          <Stack gap="sm" data-testid="verval-worklist">
            {items.map((h) => (
              <WorkCard key={h.householdId} h={h} periodId={periodId!} />
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
