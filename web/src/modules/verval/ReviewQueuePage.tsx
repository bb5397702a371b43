import { Anchor, Badge, Button, Card, Checkbox, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionSelects } from '../../components/RegionSelects';
import { query } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { OUTCOMES, type ReviewItem, type ReviewQueue } from './api';
import { BulkApprove, type BulkResult, BulkResultAlert } from './BulkApprove';
import { NS } from './i18n';
import { PeriodSelect, usePeriod } from './PeriodSelect';
import { usePages } from './usePages';
import './i18n-review';

/**
 * The reviewer's queue: submitted verval of their area, filterable by kecamatan/desa and outcome,
 * oldest first; the whole filtered set can be approved at once, leaving out the unticked records.
 */
export default function ReviewQueuePage() {
  const { t } = useTranslation(NS);
  const period = usePeriod();
  const { periodId, params, set } = period;
  const [kecamatan, setKecamatan] = useState<string | null>(params.get('kecamatan'));
  const desa = params.get('desa');
  const outcome = params.get('outcome');
  const region = desa ?? kecamatan;
  const path = periodId ? `/verval/periods/${periodId}/review${query({ region, outcome, pageSize: 50 })}` : null;
  const list = usePages<ReviewQueue, ReviewItem>(path);
  // Unticked records: left out of the bulk approval; a new filter starts with everything ticked.
  const [except, setExcept] = useState<Set<number>>(new Set());
  // What the last bulk approval did; kept while the list reloads, cleared by a new filter.
  const [result, setResult] = useState<BulkResult | null>(null);
  useEffect(() => {
    setExcept(new Set());
    setResult(null);
  }, [path]);
  // The review detail keeps the filters, so that its "next" follows this queue.
  const filters = query({ kecamatan, desa, outcome });
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/verval${periodId ? `?period=${periodId}` : ''}`}>
        {t('back')}
      </Anchor>
      <Title order={1}>{t('review.title')}</Title>
      <Text c="dimmed">{t('review.intro')}</Text>
      <PeriodSelect period={period} />
      <RegionSelects
        kecamatan={kecamatan}
        desa={desa}
        allLabels
        onChange={(k, d) => {
          setKecamatan(k);
          set({ kecamatan: k, desa: d });
        }}
      />
      <Select
        label={t('review.outcomeFilter')}
        size="md"
        clearable
        placeholder={t('review.all')}
        data={OUTCOMES.concat('USULAN_BARU').map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
        value={outcome}
        onChange={(v) => set({ outcome: v })}
      />
      <ErrorAlert error={list.error} />
      {result && <BulkResultAlert result={result} />}
      {list.first && (
        <>
          <Text fw={600}>{list.first.total ? t('review.count', { n: list.first.total }) : t('review.none')}</Text>
          {periodId && list.first.total > 0 && (
            <BulkApprove
              periodId={periodId}
              filter={{ region, outcome }}
              total={list.first.total}
              items={list.items}
              except={except}
              onDone={(r) => {
                setResult(r);
                setExcept(new Set());
                list.reload();
              }}
            />
          )}
          <Stack gap="sm" data-testid="verval-review-queue">
            {list.items.map((r) => (
              <Card key={r.id} withBorder padding="md" radius="md">
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  <Checkbox
                    size="md"
                    mt={4}
                    aria-label={t('bulk.select', { name: r.headName })}
                    checked={!except.has(r.id)}
                    onChange={(e) => {
                      const next = new Set(except);
                      if (e.currentTarget.checked) next.delete(r.id);
                      else next.add(r.id);
                      setExcept(next);
                    }}
                  />
                  <Stack gap={4} miw={0}>
                    <Anchor
                      component={Link}
                      to={`/verval/review/${periodId}/${r.householdId}${filters}`}
                      fw={700}
                      size="lg"
                      style={{ overflowWrap: 'anywhere' }}
                    >
                      {r.headName}
                    </Anchor>
                    <Group gap="xs">
                      {r.outcome && (
                        <Badge size="lg" variant="light">
                          {t(`outcome.${r.outcome}`)}
                        </Badge>
                      )}
                      {r.differsFromSuggestion && (
                        <Badge size="lg" color="orange" variant="light">
                          {t('review.differs')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm">{r.desaName ?? r.desaCode}</Text>
                    <Text size="sm" c="dimmed">
                      {t('review.submittedBy', { who: r.submittedBy ?? '?', when: formatDateTime(r.submittedAt) })}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t('review.summary', { changes: r.changes, members: r.memberChanges, photos: r.photos })}
                    </Text>
                  </Stack>
                </Group>
              </Card>
            ))}
          </Stack>
          {list.hasMore && (
            <Button size="md" variant="light" onClick={list.loadMore} loading={list.loading}>
              {t('loadMore')}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}
