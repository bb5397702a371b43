import { Anchor, Badge, Button, Group, Paper, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { IconFileSpreadsheet, IconFileTypeCsv, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { API, query } from '../../lib/api';
import { apiGet } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import { NS } from './i18n';
import { type AreaChange, CLASS_LABELS, type CriteriaSummary, type WhatIf } from './types';

interface Props {
  versions: CriteriaSummary[];
  draftId: string | null;
  onDraftId: (id: string | null) => void;
}

function AreaTable({ rows, first, testId }: { rows: Array<AreaChange & { kecamatanName?: string }>; first: string; testId: string }) {
  const { t } = useTranslation(NS);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing={4} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{first}</Table.Th>
            <Table.Th ta="right">{t('households')}</Table.Th>
            <Table.Th ta="right">{t('changed')}</Table.Th>
            {CLASS_LABELS.map((l) => (
              <Table.Th key={l} ta="right">
                {t(`classLabel.${l}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.code} data-region={a.code}>
              <Table.Td>
                <Text size="sm">{a.name}</Text>
                <Text size="xs" c="dimmed">
                  {a.kecamatanName ? `${a.kecamatanName} · ${a.code}` : a.code}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{formatNumber(a.households)}</Table.Td>
              <Table.Td ta="right" fw={a.changed > 0 ? 600 : undefined}>
                {formatNumber(a.changed)}
              </Table.Td>
              {CLASS_LABELS.map((l) => {
                const diff = a.after[l] - a.before[l];
                return (
                  <Table.Td key={l} ta="right">
                    {formatNumber(a.before[l])} → {formatNumber(a.after[l])}
                    {diff !== 0 && (
                      <Text span size="xs" c={diff > 0 ? 'red' : 'teal'} ml={4}>
                        ({diff > 0 ? '+' : ''}
                        {formatNumber(diff)})
                      </Text>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Run a what-if between two versions and show the moves per class, kecamatan and desa, with the list download. */
export function WhatIfPanel({ versions, draftId, onDraftId }: Props) {
  const { t } = useTranslation(NS);
  const [against, setAgainst] = useState<string | null>(null);
  const [result, setResult] = useState<WhatIf | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const [onlyChanged, setOnlyChanged] = useState(true);
  const options = versions.map((v) => ({ value: String(v.id), label: `${v.code} v${v.version} · ${t(`statusLabel.${v.status}`)}` }));
  async function run() {
    if (!draftId) return;
    setRunning(true);
    setError(null);
    try {
      setResult(
        await apiGet('/criteria/{id}/what-if', {
          params: { path: { id: Number(draftId) }, query: { against: against ? Number(against) : undefined } },
        }),
      );
    } catch (e) {
      setResult(null);
      setError(e);
    } finally {
      setRunning(false);
    }
  }

  const matrix = (from: string, to: string) => result?.summary.matrix.find((m) => m.from === from && m.to === to)?.count ?? 0;
  const filter = <T extends AreaChange>(rows: T[]) => (onlyChanged ? rows.filter((r) => r.changed > 0) : rows);

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('whatIf')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('whatIfHelp')}
        </Text>
        <Group align="flex-end">
          <Select label={t('draft')} data={options} value={draftId} onChange={onDraftId} w={320} searchable />
          <Select
            label={t('baseline')}
            data={options}
            value={against}
            onChange={setAgainst}
            placeholder={t('baselineDefault')}
            clearable
            w={320}
          />
          <Button leftSection={<IconPlayerPlay size={16} />} onClick={run} loading={running} disabled={!draftId}>
            {t('run')}
          </Button>
        </Group>
        <ErrorAlert error={error} />
        {result && (
          <Stack gap="sm" data-testid="what-if-result">
            <Group gap="xs">
              <Badge variant="light" size="lg">
                {result.baseline.code} v{result.baseline.version} → v{result.draft.version}
              </Badge>
              <Badge variant="light" color="gray" size="lg">
                {t('households')}: {formatNumber(result.summary.households)}
              </Badge>
              <Badge variant="filled" color={result.summary.changed > 0 ? 'orange' : 'teal'} size="lg" data-testid="what-if-changed">
                {t('changed')}: {formatNumber(result.summary.changed)}
              </Badge>
              <Text size="xs" c="dimmed">
                {t('elapsed', { ms: formatNumber(result.elapsedMs) })}
              </Text>
            </Group>
            <Text size="sm" fw={500}>
              {t('matrix')}
            </Text>
            <Table withTableBorder withColumnBorders maw={640} data-testid="what-if-matrix">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    {t('from')} \ {t('to')}
                  </Table.Th>
                  {CLASS_LABELS.map((l) => (
                    <Table.Th key={l} ta="right">
                      {t(`classLabel.${l}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {CLASS_LABELS.map((from) => (
                  <Table.Tr key={from}>
                    <Table.Th>{t(`classLabel.${from}`)}</Table.Th>
                    {CLASS_LABELS.map((to) => (
                      <Table.Td key={to} ta="right" fw={from !== to && matrix(from, to) > 0 ? 700 : undefined}>
                        {formatNumber(matrix(from, to))}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {result.summary.changed === 0 && <Text c="dimmed">{t('noChange')}</Text>}
            <Group>
              <Anchor href={`${API}/criteria/${result.draft.id}/what-if/households.csv${query({ against: result.baseline.id })}`} download>
                <Group gap={4}>
                  <IconFileTypeCsv size={18} />
                  {t('downloadCsv')}
                </Group>
              </Anchor>
              <Anchor href={`${API}/criteria/${result.draft.id}/what-if/households.xlsx${query({ against: result.baseline.id })}`} download>
                <Group gap={4}>
                  <IconFileSpreadsheet size={18} />
                  {t('downloadXlsx')}
                </Group>
              </Anchor>
              <Switch label={t('onlyChanged')} checked={onlyChanged} onChange={(e) => setOnlyChanged(e.currentTarget.checked)} />
            </Group>
            <Title order={3} size="h5">
              {t('byKecamatan')}
            </Title>
            <AreaTable rows={filter(result.byKecamatan)} first={t('kecamatan')} testId="what-if-kecamatan" />
            <Title order={3} size="h5">
              {t('byDesa')}
            </Title>
            <AreaTable rows={filter(result.byDesa)} first={t('desa')} testId="what-if-desa" />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
