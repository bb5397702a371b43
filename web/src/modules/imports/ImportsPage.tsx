import { Badge, Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useGet } from '../../lib/api/client';
import { formatDateTime, formatNumber } from '../../lib/format';
import { ImportForm, type StartedImport } from './ImportForm';
import { ImportSummary } from './ImportSummary';
import { JobProgress } from './JobProgress';

function fileNames(files: unknown): string {
  if (Array.isArray(files)) return files.map((f) => (typeof f === 'string' ? f : ((f as { name?: string })?.name ?? ''))).join(', ');
  if (files && typeof files === 'object') {
    return Object.entries(files as Record<string, unknown>)
      .map(([k, v]) => (typeof v === 'string' ? v : ((v as { name?: string })?.name ?? k)))
      .join(', ');
  }
  return '';
}

export default function ImportsPage() {
  const { t } = useTranslation();
  const imports = useGet('/imports');
  const [running, setRunning] = useState<StartedImport | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  // The list may still hold the batch as it was while running (no counts yet) until its reload
  // after the job ended comes back: show the summary only once the batch has its outcome.
  const batch = imports.data?.items.find((b) => b.id === selected && b.status !== 'RUNNING') ?? null;
  // An import still running (started here, or before this page was opened) is followed live.
  const runningBatch = imports.data?.items.find((b) => b.status === 'RUNNING' && b.jobId != null);
  const active: StartedImport | null =
    running ?? (runningBatch?.jobId != null ? { importId: runningBatch.id, jobId: runningBatch.jobId } : null);

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('imports.title')}
      </Title>
      <ImportForm
        disabled={active !== null}
        onStarted={(s) => {
          setSelected(null);
          setRunning(s);
          imports.reload();
        }}
      />
      {active && (
        <JobProgress
          key={String(active.jobId)}
          jobId={active.jobId}
          onFinished={() => {
            setSelected(active.importId);
            setRunning(null);
            imports.reload();
          }}
        />
      )}
      {batch && <ImportSummary key={batch.id} batch={batch} />}

      <Title order={2} size="h4">
        {t('imports.history')}
      </Title>
      <ErrorAlert error={imports.error} onRetry={imports.reload} />
      {imports.data && imports.data.items.length === 0 ? (
        <Text c="dimmed">{t('imports.noHistory')}</Text>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={820}>
            <Table striped highlightOnHover fz="sm" data-testid="imports-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>{t('imports.kind')}</Table.Th>
                  <Table.Th>{t('imports.files')}</Table.Th>
                  <Table.Th>{t('imports.startedAt')}</Table.Th>
                  <Table.Th>{t('imports.counts.stored')}</Table.Th>
                  <Table.Th>{t('imports.counts.rejected')}</Table.Th>
                  <Table.Th>{t('imports.counts.warnings')}</Table.Th>
                  <Table.Th>{t('users.status')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {imports.data?.items.map((b) => (
                  <Table.Tr key={b.id} bg={b.id === selected ? 'teal.0' : undefined}>
                    <Table.Td className="num">{b.id}</Table.Td>
                    <Table.Td>
                      {b.kind}
                      {b.edition ? (
                        <Text size="xs" c="dimmed">
                          {b.edition}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{fileNames(b.files)}</Table.Td>
                    <Table.Td className="nowrap">
                      {formatDateTime(b.startedAt)}
                      {b.startedBy ? (
                        <Text size="xs" c="dimmed">
                          {b.startedBy.name}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td className="num">{formatNumber(b.counts?.stored ?? 0)}</Table.Td>
                    <Table.Td className="num">{formatNumber(b.counts?.rejected ?? 0)}</Table.Td>
                    <Table.Td className="num">{formatNumber(b.counts?.warnings ?? 0)}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={b.status === 'DONE' ? 'teal' : b.status === 'FAILED' ? 'red' : 'blue'}
                        variant="light"
                        miw="max-content"
                      >
                        {t(`imports.statusValues.${b.status}`, { defaultValue: b.status })}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" onClick={() => setSelected(b.id)}>
                        {t('imports.view')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
