import { Alert, Badge, Button, Group, NativeSelect, Paper, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { NS } from './i18n';

export type Preview = Schemas['ImportPreview'];
type Role = Preview['files'][number]['role'];
export type TemplateColumns = Partial<Record<Role, Record<string, string>>>;

/**
 * The mapping step: per file, each registry column with a choice of the file's headers, the
 * first rows of the file, and what the importer found in those rows under the mapping.
 */
export function MappingPanel({
  preview,
  columns,
  onChange,
  onRecheck,
  busy,
}: {
  preview: Preview;
  columns: TemplateColumns;
  onChange(c: TemplateColumns): void;
  onRecheck(): void;
  busy: boolean;
}) {
  const { t } = useTranslation(NS);
  const set = (role: Role, column: string, source: string) => {
    const next = { ...(columns[role] ?? {}) };
    if (source) next[column] = source;
    else delete next[column];
    onChange({ ...columns, [role]: next });
  };
  return (
    <Paper withBorder p="md" data-testid="mapping-panel">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('mappingTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('mappingIntro')}
        </Text>
        {preview.files.map((f) => (
          <Stack key={f.role} gap="xs">
            <Text fw={600}>
              {t(`files.${f.role}`)} — {f.name}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs" verticalSpacing={4}>
              {f.canonical.map((c) => (
                <NativeSelect
                  key={c}
                  size="xs"
                  label={`${c}${f.required.includes(c) ? ' *' : ''}`}
                  data-column={c}
                  value={columns[f.role]?.[c] ?? ''}
                  onChange={(e) => set(f.role, c, e.currentTarget.value)}
                  data={[{ value: '', label: t('notMapped') }, ...f.headers.filter((h) => h !== '').map((h) => ({ value: h, label: h }))]}
                />
              ))}
            </SimpleGrid>
            <Text size="sm" fw={500}>
              {t('firstRows', { name: f.name })}
            </Text>
            <ScrollArea>
              <Table fz="xs" withTableBorder striped data-testid={`preview-rows-${f.role}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('row')}</Table.Th>
                    {f.headers.map((h, i) => (
                      <Table.Th key={`${i}-${h}`}>{h}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {f.rows.map((r) => (
                    <Table.Tr key={r.row}>
                      <Table.Td>{r.row}</Table.Td>
                      {f.headers.map((h, i) => (
                        <Table.Td key={`${i}-${h}`}>{r.cells[i] ?? ''}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          </Stack>
        ))}
        <Group>
          <Button variant="light" onClick={onRecheck} loading={busy}>
            {t('recheck')}
          </Button>
        </Group>
        {preview.problem ? (
          <Alert color="red" title={t('problem')} data-testid="mapping-problem">
            {preview.problem}
          </Alert>
        ) : (
          <Stack gap={4} data-testid="preview-findings">
            <Text size="sm" fw={500}>
              {t('findings')}
            </Text>
            {preview.issues.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('noFindings')}
              </Text>
            ) : (
              <Table fz="xs" withTableBorder>
                <Table.Tbody>
                  {preview.issues.map((i) => (
                    <Table.Tr key={`${i.file}-${i.row}-${i.column}-${i.code}`}>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={i.severity === 'ERROR' ? 'red' : 'yellow'}>
                          {t(`severity.${i.severity}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{t(`files.${i.file}`)}</Table.Td>
                      <Table.Td>
                        {t('row')} {i.row}
                      </Table.Td>
                      <Table.Td>{i.column ?? ''}</Table.Td>
                      <Table.Td>{i.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
