import { Alert, Badge, Button, Card, FileInput, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { apiPost, type Schemas } from '../../lib/api/client';
import { LNS } from './lokus-i18n';

type Preview = Schemas['LokusListPreview'];
const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COLOR = { MATCHED: 'teal', AMBIGUOUS: 'yellow', UNMATCHED: 'red', OUTSIDE: 'gray' } as const;

/** A province's or ministry's lokus list: matched to the desa, reviewed, then pinned at once with its source and reason. */
export function LokusImport({ onSaved }: { onSaved(): void }) {
  const { t } = useTranslation(LNS);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  /** The desa chosen per list row ('' = skipped). */
  const [chosen, setChosen] = useState<Record<number, string>>({});
  const [source, setSource] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<number | null>(null);

  async function check() {
    if (!file) return;
    setBusy(true);
    setError(null);
    setDone(null);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const p = await api.post<Preview>('/aid/lokus/import/preview', form);
      setPreview(p);
      setChosen(Object.fromEntries(p.rows.map((r) => [r.row, r.desaCode ?? ''])));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const codes = [...new Set(Object.values(chosen).filter((c) => c !== ''))];
  async function save() {
    setBusy(true);
    setError(null);
    try {
      const r = await apiPost('/aid/lokus/import', { body: { source: source.trim(), reason: reason.trim(), desaCodes: codes } });
      setDone(r.pinned);
      setPreview(null);
      setFile(null);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder data-testid="lokus-import">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('help')}
        </Text>
        <ErrorAlert error={error} />
        {done !== null && <Alert color="teal">{t('saved', { n: done })}</Alert>}
        <Group align="end">
          <FileInput label={t('file')} accept={ACCEPT} value={file} onChange={setFile} clearable miw={260} name="lokus-file" />
          <Button variant="light" onClick={check} disabled={!file} loading={busy && !preview}>
            {t('check')}
          </Button>
        </Group>
        {preview && (
          <>
            <Text size="sm" data-testid="lokus-summary">
              {t('summary', preview)}
            </Text>
            <Table fz="sm" withTableBorder data-testid="lokus-review">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('row')}</Table.Th>
                  <Table.Th>{t('input')}</Table.Th>
                  <Table.Th>{t('kecamatan')}</Table.Th>
                  <Table.Th>{t('result')}</Table.Th>
                  <Table.Th>{t('desa')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.rows.map((r) => (
                  <Table.Tr key={r.row} data-status={r.status}>
                    <Table.Td>{r.row}</Table.Td>
                    <Table.Td>{r.input}</Table.Td>
                    <Table.Td>{r.kecamatan ?? ''}</Table.Td>
                    <Table.Td>
                      <Badge color={COLOR[r.status]} variant="light">
                        {t(`status.${r.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {r.candidates.length > 0 ? (
                        <NativeSelect
                          size="xs"
                          aria-label={t('choose')}
                          value={chosen[r.row] ?? ''}
                          onChange={(e) => setChosen({ ...chosen, [r.row]: e.currentTarget.value })}
                          data={[
                            { value: '', label: r.status === 'AMBIGUOUS' ? t('choose') : t('skip') },
                            ...r.candidates.map((c) => ({ value: c.code, label: `${c.name} — ${c.kecamatanName} (${c.code})` })),
                          ]}
                        />
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group align="end" grow>
              <TextInput label={t('source')} value={source} onChange={(e) => setSource(e.currentTarget.value)} required maxLength={200} />
              <TextInput label={t('reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required maxLength={700} />
            </Group>
            <Button onClick={save} disabled={codes.length === 0 || !source.trim() || !reason.trim()} loading={busy} w="fit-content">
              {t('save', { n: codes.length })}
            </Button>
          </>
        )}
      </Stack>
    </Card>
  );
}
