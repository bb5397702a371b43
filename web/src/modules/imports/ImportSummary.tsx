import { Alert, Badge, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { API } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import type { ImportBatch, ImportCounts, ImportEntityCounts } from '../../lib/types';

const ISSUES_PAGE = 25;
/** File rows: read, stored, rejected, with warnings. What they did to households and members is in EntityTable. */
type CountKey = 'rows' | 'stored' | 'rejected' | 'warnings';
const COUNT_KEYS: ReadonlyArray<CountKey & keyof ImportCounts> = ['rows', 'stored', 'rejected', 'warnings'];
const ENTITY_KEYS: ReadonlyArray<keyof ImportEntityCounts> = ['inserted', 'updated', 'unchanged', 'removed', 'rejected'];
const ENTITY_COLOR: Partial<Record<keyof ImportEntityCounts, string>> = { removed: 'orange', rejected: 'red' };
const COUNT_COLOR: Partial<Record<CountKey, string>> = { rejected: 'red', warnings: 'orange', stored: 'teal' };

/** New, changed, unchanged, removed and rejected, for households and for members apart. */
function EntityTable({ counts }: { counts: NonNullable<ImportBatch['counts']> }) {
  const { t } = useTranslation();
  const rows = (['households', 'members'] as const).filter((k) => counts[k]);
  if (rows.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table withTableBorder fz="sm" verticalSpacing={6} data-testid="import-entities">
        <Table.Caption>{t('imports.entitiesCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            {ENTITY_KEYS.map((k) => (
              <Table.Th key={k} ta="right">
                {t(`imports.entities.${k}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((entity) => (
            <Table.Tr key={entity} data-entity={entity}>
              <Table.Th scope="row">{t(`imports.entities.${entity}`)}</Table.Th>
              {ENTITY_KEYS.map((k) => {
                const v = counts[entity]?.[k];
                return (
                  <Table.Td key={k} data-entity-count={k} ta="right" className="num" c={(v ?? 0) > 0 ? ENTITY_COLOR[k] : undefined}>
                    {v === undefined ? '—' : formatNumber(v)}
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

/** Counts of one import, its per-row issues and the downloadable error report; a failed import as a failure. */
export function ImportSummary({ batch }: { batch: ImportBatch }) {
  const { t } = useTranslation();
  const [severity, setSeverity] = useState<'' | 'ERROR' | 'WARNING'>('');
  const [page, setPage] = useState(1);
  const issues = useGet('/imports/{id}/issues', {
    params: { path: { id: batch.id }, query: { severity: severity || undefined, page, pageSize: ISSUES_PAGE } },
  });
  const counts = batch.counts ?? {};
  const failed = batch.status === 'FAILED';
  const issueCount = (counts.rejected ?? 0) + (counts.warnings ?? 0);

  return (
    <Paper withBorder p="md" data-testid="import-summary">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('imports.summary', { id: batch.id })}
          </Title>
          <Badge color={batch.status === 'DONE' ? 'teal' : batch.status === 'FAILED' ? 'red' : 'blue'} variant="light">
            {t(`imports.statusValues.${batch.status}`, { defaultValue: batch.status })}
          </Badge>
        </Group>
        {failed ? (
          <Alert color="red" title={t('imports.failed')} data-testid="import-failed">
            {t('imports.failedReason', { id: batch.id, reason: batch.error ?? '—' })}
          </Alert>
        ) : (
          <>
            <SimpleGrid cols={{ base: 2, xs: 4 }} spacing="xs">
              {COUNT_KEYS.map((k) => (
                <Paper key={k} withBorder p="xs" data-count={k}>
                  <Text size="xs" c="dimmed">
                    {t(`imports.counts.${k}`)}
                  </Text>
                  <Text fw={700} size="lg" c={(counts[k] ?? 0) > 0 ? COUNT_COLOR[k] : undefined} className="num">
                    {formatNumber(counts[k] ?? 0)}
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
            <EntityTable counts={counts} />
          </>
        )}
        <Group justify="space-between" gap="xs">
          <Title order={3} size="h5">
            {t('imports.issues')}
          </Title>
          <Group gap="xs">
            <Button
              component="a"
              href={`${API}/imports/${batch.id}/report.xlsx`}
              download
              size="xs"
              variant="default"
              leftSection={<IconDownload size={14} />}
            >
              {t('imports.reportXlsx')}
            </Button>
            <Button
              component="a"
              href={`${API}/imports/${batch.id}/report.csv`}
              download
              size="xs"
              variant="default"
              leftSection={<IconDownload size={14} />}
            >
              {t('imports.reportCsv')}
            </Button>
          </Group>
        </Group>
        {issueCount > 0 && (
          <SegmentedControl
            size="xs"
            w="fit-content"
            value={severity}
            onChange={(v) => {
              setSeverity(v === 'ERROR' || v === 'WARNING' ? v : '');
              setPage(1);
            }}
            data={[
              { value: '', label: t('app.all') },
              { value: 'ERROR', label: t('imports.severityValues.ERROR') },
              { value: 'WARNING', label: t('imports.severityValues.WARNING') },
            ]}
          />
        )}
        <ErrorAlert error={issues.error} onRetry={issues.reload} />
        {issues.data && issues.data.total === 0 && !severity ? (
          failed ? null : (
            <Text c="dimmed">{t('imports.noIssues')}</Text>
          )
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped fz="sm" verticalSpacing={6} data-testid="issues-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.severity')}</Table.Th>
                  <Table.Th>{t('imports.file')}</Table.Th>
                  <Table.Th>{t('imports.row')}</Table.Th>
                  <Table.Th>{t('imports.column')}</Table.Th>
                  <Table.Th>{t('imports.value')}</Table.Th>
                  <Table.Th>{t('imports.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {issues.data?.items.map((i) => (
                  <Table.Tr key={`${i.file}-${i.rowNumber}-${i.column}-${i.code}`}>
                    <Table.Td>
                      <Badge size="sm" color={i.severity === 'ERROR' ? 'red' : 'orange'} variant="light" tt="none" miw="max-content">
                        {t(`imports.severityValues.${i.severity}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{i.file}</Table.Td>
                    <Table.Td className="num">{formatNumber(i.rowNumber)}</Table.Td>
                    <Table.Td>{i.column ?? '—'}</Table.Td>
                    <Table.Td className={(i.value ?? '').length <= 24 ? 'num nowrap' : 'num'} style={{ overflowWrap: 'anywhere' }}>
                      {i.value ?? '—'}
                    </Table.Td>
                    <Table.Td>{i.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {issues.data && issues.data.total > 0 && <Pager total={issues.data.total} page={page} pageSize={ISSUES_PAGE} onPage={setPage} />}
      </Stack>
    </Paper>
  );
}
