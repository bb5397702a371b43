import { Anchor, Badge, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconDownload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { API, query } from '../../lib/api';
import { apiGet, useGet } from '../../lib/api/client';
import { formatDate } from '../../lib/format';
import { type ExactResult, type ListRow, RESULT_COLOR, RESULTS } from './api';
import { NS } from './i18n';
import { RunCounts } from './RunsTab';

/** Results of one external list: filter by result, load more (keyset), download as CSV/XLSX. */
export default function ListRunPage() {
  const { t } = useTranslation(NS);
  const { id } = useParams();
  const run = useGet('/matching/runs/{id}', { params: { path: { id: Number(id) } } });
  const [result, setResult] = useState<ExactResult | null>(null);
  const [rows, setRows] = useState<ListRow[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function load(after: number | null, reset: boolean) {
    setBusy(true);
    setError(null);
    try {
      const page = await apiGet('/matching/runs/{id}/rows', {
        params: { path: { id: Number(id) }, query: { result: result ?? undefined, after: after ?? undefined, limit: 50 } },
      });
      setRows((old) => (reset ? page.items : [...old, ...page.items]));
      setNext(page.nextAfter);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    void load(null, true);
  }, [id, result]);

  const download = (format: 'csv' | 'xlsx') => `${API}/matching/runs/${id}/rows.${format}${query({ result })}`;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/matching?tab=lists" size="sm">
        <IconArrowLeft size={14} /> {t('back')}
      </Anchor>
      <ErrorAlert error={run.error} onRetry={run.reload} />
      {run.data && (
        <Stack gap={4}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {run.data.listName}
          </Title>
          <RunCounts run={run.data} />
        </Stack>
      )}
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label={t('result')}
          placeholder={t('allResults')}
          data={RESULTS.map((r) => ({ value: r, label: t(`results.${r}`) }))}
          value={result}
          onChange={(v) => setResult(v as ExactResult | null)}
          clearable
          w={{ base: '100%', sm: 260 }}
        />
        <Button component="a" href={download('xlsx')} variant="light" leftSection={<IconDownload size={16} />}>
          {t('download')} XLSX
        </Button>
        <Button component="a" href={download('csv')} variant="subtle" leftSection={<IconDownload size={16} />}>
          CSV
        </Button>
      </Group>
      <ErrorAlert error={error} />
      {rows.map((r) => (
        <Paper key={r.rowNumber} withBorder p="sm" data-testid="list-row">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Text size="sm" c="dimmed">
              {t('row', { n: r.rowNumber })}
            </Text>
            <Badge color={RESULT_COLOR[r.result]}>{t(`results.${r.result}`)}</Badge>
          </Group>
          <Text style={{ overflowWrap: 'anywhere' }}>
            <b>{r.name ?? '–'}</b> · {r.nik ?? r.kkNumber ?? '–'} · {r.birthDate ? formatDate(r.birthDate) : '–'}
          </Text>
          {r.householdId !== null && (
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {t('registry')}:{' '}
              <Anchor component={Link} to={`/households/${r.householdId}`}>
                {r.registryName ?? t('household', { id: r.householdId })}
              </Anchor>
              {r.registryBirthDate ? ` · ${formatDate(r.registryBirthDate)}` : ''} · {r.desaCode}
            </Text>
          )}
          {r.differences.length > 0 && (
            <Text size="sm" c="orange.8">
              {t('differences', { list: r.differences.map((d) => t(`diffs.${d}`)).join(', ') })}
            </Text>
          )}
          {r.reason && (
            <Text size="sm" c="dimmed">
              {r.reason}
            </Text>
          )}
        </Paper>
      ))}
      {next !== null && (
        <Button variant="default" onClick={() => load(next, false)} loading={busy} w="fit-content">
          {t('more')}
        </Button>
      )}
    </Stack>
  );
}
