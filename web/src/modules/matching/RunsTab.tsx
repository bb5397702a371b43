import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { useGet } from '../../lib/api/client';
import { formatDateTime, formatNumber } from '../../lib/format';
import { RESULTS, type Run } from './api';
import { NS } from './i18n';

const RUN_COLOR = { RUNNING: 'blue', DONE: 'teal', FAILED: 'red' } as const;

/** One line of counts for a run: pairs found for internal runs, results for external lists. */
export function RunCounts({ run }: { run: Run }) {
  const { t } = useTranslation(NS);
  if (run.status === 'FAILED')
    return (
      <Text size="sm" c="red">
        {run.error}
      </Text>
    );
  if (run.kind !== 'EXTERNAL') {
    return <Text size="sm">{t('found', { found: formatNumber(run.counts.found ?? 0), added: formatNumber(run.counts.added ?? 0) })}</Text>;
  }
  return (
    <Group gap={6} wrap="wrap">
      {RESULTS.map((r) => (
        <Text key={r} size="sm" className="num">
          {t(`results.${r}`)}: <b>{formatNumber(run.counts[r] ?? 0)}</b>
        </Text>
      ))}
    </Group>
  );
}

/** Matching runs, newest first; external lists link to their results. */
export function RunList({ kind }: { kind?: 'EXTERNAL' }) {
  const { t } = useTranslation(NS);
  const [page, setPage] = useState(1);
  const { data, error, reload } = useGet('/matching/runs', { params: { query: { kind, page, pageSize: 20 } } });
  return (
    <Stack gap="sm">
      <ErrorAlert error={error} onRetry={reload} />
      {data?.items.map((r) => (
        <Paper key={r.id} withBorder p="sm" data-testid="match-run">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Group gap="xs" wrap="wrap">
              <Badge color={RUN_COLOR[r.status]}>{t(`runStatus.${r.status}`)}</Badge>
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                {r.kind === 'EXTERNAL' ? <Link to={`/matching/lists/${r.id}`}>{r.listName}</Link> : t(`runKinds.${r.kind}`)}
              </Text>
              {r.listKind && <Badge variant="light">{t(`listKinds.${r.listKind}`)}</Badge>}
            </Group>
            <Text size="xs" c="dimmed">
              {formatDateTime(r.startedAt)} {r.startedBy ? t('startedBy', { name: r.startedBy }) : ''}
            </Text>
          </Group>
          <RunCounts run={r} />
        </Paper>
      ))}
      {data && data.items.length === 0 && <Text c="dimmed">{t('noRuns')}</Text>}
      {data && <Pager page={page} pageSize={20} total={data.total} onPage={setPage} />}
    </Stack>
  );
}

export function RunsTab() {
  return <RunList />;
}
