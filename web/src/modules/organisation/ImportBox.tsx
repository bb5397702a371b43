import { Alert, Button, FileInput, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import type { Schemas } from '../../lib/api/client';
import { NS } from './i18n';
import type { ImportRowError } from './types';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type ImportResult = Schemas['OrganisationImportResult'];

/** Upload a CSV/XLSX list; a rejected file shows every bad row (nothing was stored). */
export function ImportBox({ path, label, onDone }: { path: string; label: string; onDone(): void }) {
  const { t } = useTranslation(NS);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [rowErrors, setRowErrors] = useState<ImportRowError[]>([]);
  const en = currentLanguage() === 'en';

  async function upload() {
    if (!file) return;
    setBusy(true);
    setError(null);
    setRowErrors([]);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const r = await api.post<ImportResult>(path, form);
      notifications.show({ color: 'teal', message: t('people.imported', { ...r }) });
      setFile(null);
      onDone();
    } catch (err) {
      const details = err instanceof ApiError ? (err.details as { errors?: ImportRowError[] } | undefined) : undefined;
      if (err instanceof ApiError && err.code === 'IMPORT_INVALID' && details?.errors) setRowErrors(details.errors);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="xs">
        <FileInput label={label} placeholder={t('people.importFile')} accept={ACCEPT} value={file} onChange={setFile} clearable w={420} />
        <Button variant="light" leftSection={<IconUpload size={16} />} onClick={upload} loading={busy} disabled={!file}>
          {t('people.import')}
        </Button>
      </Group>
      <ErrorAlert error={error} />
      {rowErrors.length > 0 && (
        <Alert color="red" title={t('people.importErrors')} data-testid="import-errors">
          <Table verticalSpacing={2}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('people.row')}</Table.Th>
                <Table.Th>{t('people.column')}</Table.Th>
                <Table.Th>{t('people.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rowErrors.map((e) => (
                <Table.Tr key={`${e.row}-${e.column}-${e.reason}`}>
                  <Table.Td>{e.row}</Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {e.column ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{en ? e.reasonEn : e.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Alert>
      )}
    </Stack>
  );
}
