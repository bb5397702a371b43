import { Anchor, Badge, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionSelects } from '../../components/RegionSelects';
import { query } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { OUTCOMES, type ReviewItem, type ReviewQueue } from './api';
import { NS } from './i18n';
import { PeriodSelect, usePeriod } from './PeriodSelect';
import { usePages } from './usePages';
import './i18n-review';

/** The reviewer's queue: submitted verval of their area, filterable by kecamatan/desa and outcome, oldest first. */
export default function ReviewQueuePage() {
  const { t } = useTranslation(NS);
  const period = usePeriod();
  const { periodId, params, set } = period;
  const [kecamatan, setKecamatan] = useState<string | null>(params.get('kecamatan'));
  const desa = params.get('desa');
  const outcome = params.get('outcome');
  const list = usePages<ReviewQueue, ReviewItem>(
    periodId ? `/verval/periods/${periodId}/review${query({ region: desa ?? kecamatan, outcome, pageSize: 50 })}` : null,
  );
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
      {list.first && (
        <>
          <Text fw={600}>{list.first.total ? t('review.count', { n: list.first.total }) : t('review.none')}</Text>
          <Stack gap="sm" data-testid="verval-review-queue">
            {list.items.map((r) => (
              <Card
                key={r.id}
                component={Link}
                to={`/verval/review/${periodId}/${r.householdId}`}
                withBorder
                padding="md"
                radius="md"
                aria-label={r.headName}
              >
                <Stack gap={4} miw={0}>
                  <Text fw={700} size="lg" style={{ overflowWrap: 'anywhere' }}>
                    {r.headName}
                  </Text>
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
