import { Badge, Button, Group, Paper, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconCopy, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { RegionSelects } from '../../components/RegionSelects';
import { api } from '../../lib/api';
import { type Query, useGet } from '../../lib/api/client';
import { useSession } from '../auth/session';
import { JobProgress } from '../imports/JobProgress';
import { CANDIDATE_KINDS, CANDIDATE_STATUSES, type ItemSide, STATUS_COLOR } from './api';
import { NS } from './i18n';
import { ListsTab } from './ListsTab';
import { RunsTab } from './RunsTab';

const PAGE_SIZE = 20;

/** One household of a pair in the list: name and desa, or only its kecamatan when outside the reader's regions. */
function SideLabel({ side }: { side: ItemSide }) {
  const { t } = useTranslation(NS);
  if (!side.visible) return <>{t('outsideScope', { kecamatan: side.kecamatanName ?? side.kecamatanCode })}</>;
  return (
    <>
      <b>{side.headName}</b> ({side.desaName ?? side.desaCode})
    </>
  );
}

type CandidateQuery = Query<'/matching/candidates', 'get'>;

function CandidatesTab() {
  const { t } = useTranslation(NS);
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind');
  const status = params.get('status') ?? 'OPEN';
  const kecamatan = params.get('kecamatan');
  const page = Number(params.get('page') ?? '1');
  const { data, error, reload } = useGet('/matching/candidates', {
    params: {
      query: {
        kind: (kind ?? undefined) as CandidateQuery['kind'],
        status: status === 'ALL' ? undefined : (status as CandidateQuery['status']),
        kecamatan: kecamatan ?? undefined,
        page,
        pageSize: PAGE_SIZE,
      },
    },
  });
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label={t('kind')}
          placeholder={t('allKinds')}
          data={CANDIDATE_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          value={kind}
          onChange={(v) => set({ kind: v })}
          clearable
          w={{ base: '100%', sm: 240 }}
        />
        <Select
          label={t('status')}
          data={[...CANDIDATE_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) })), { value: 'ALL', label: t('allStatuses') }]}
          value={status}
          onChange={(v) => set({ status: v })}
          w={{ base: '100%', sm: 200 }}
        />
        <div style={{ flex: '1 1 240px', minWidth: 0, maxWidth: 360 }}>
          <RegionSelects kecamatan={kecamatan} desa={null} maxLevel={3} allLabels cols={1} onChange={(k) => set({ kecamatan: k })} />
        </div>
      </Group>
      <ErrorAlert error={error} onRetry={reload} />
      {data?.items.map((c) => (
        <Paper key={c.id} withBorder p="sm" data-testid="candidate">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Group gap="xs" wrap="wrap">
              <Badge color={STATUS_COLOR[c.status]}>{t(`statuses.${c.status}`)}</Badge>
              <Badge variant="light">{t(`kinds.${c.kind}`)}</Badge>
              {c.kind === 'FUZZY' && (
                <Text size="xs" c="dimmed">
                  {t('score', { pct: Math.round(c.score * 100) })}
                </Text>
              )}
            </Group>
            <Button component={Link} to={`/matching/candidates/${c.id}`} size="xs" variant="light">
              {t('open')}
            </Button>
          </Group>
          <Text mt={6} style={{ overflowWrap: 'anywhere' }}>
            <SideLabel side={c.a} /> ↔ <SideLabel side={c.b} />
          </Text>
          <Text size="sm" c="dimmed">
            {c.reasons.join(' · ')}
          </Text>
        </Paper>
      ))}
      {data && data.items.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      {data && <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={(p) => set({ page: String(p) })} />}
    </Stack>
  );
}

export default function MatchingPage() {
  const { t } = useTranslation(NS);
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'candidates';
  const canRun = can('matching.run');
  const [job, setJob] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  async function start(kind: 'INTERNAL' | 'FUZZY') {
    setError(null);
    try {
      const s = await api.post<{ runId: number; jobId: number }>('/matching/runs', { kind });
      setJob(s.jobId);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Stack gap="md">
      <Title order={1}>{t('title')}</Title>
      <Text c="dimmed">{t('intro')}</Text>
      {canRun && (
        <Group gap="sm" wrap="wrap">
          <Button leftSection={<IconCopy size={16} />} onClick={() => start('INTERNAL')} disabled={job !== null}>
            {t('runInternal')}
          </Button>
          <Button leftSection={<IconSearch size={16} />} variant="light" onClick={() => start('FUZZY')} disabled={job !== null}>
            {t('runFuzzy')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={error} />
      {job !== null && (
        <JobProgress
          key={job}
          jobId={job}
          onFinished={() => {
            setJob(null);
            setTick((n) => n + 1);
          }}
        />
      )}
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'candidates' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="candidates">{t('tabs.candidates')}</Tabs.Tab>
          <Tabs.Tab value="lists">{t('tabs.lists')}</Tabs.Tab>
          <Tabs.Tab value="runs">{t('tabs.runs')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="candidates" pt="md">
          <CandidatesTab key={tick} />
        </Tabs.Panel>
        <Tabs.Panel value="lists" pt="md">
          <ListsTab canUpload={canRun} />
        </Tabs.Panel>
        <Tabs.Panel value="runs" pt="md">
          <RunsTab key={tick} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
