import { Button, FileInput, Paper, SegmentedControl, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import type { Schemas } from '../../lib/api/client';

export type StartedImport = Schemas['ImportStarted'];

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Upload a P3KE pair (keluarga + anggota) or a DTKS export; answers with the started job. */
export function ImportForm({ disabled, onStarted }: { disabled: boolean; onStarted(s: StartedImport): void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'P3KE' | 'DTKS'>('P3KE');
  const [keluarga, setKeluarga] = useState<File | null>(null);
  const [anggota, setAnggota] = useState<File | null>(null);
  const [dtks, setDtks] = useState<File | null>(null);
  const [edition, setEdition] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ready = kind === 'P3KE' ? keluarga !== null && anggota !== null : dtks !== null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    const form = new FormData();
    // Fields before files: the server reads the multipart stream in order.
    form.append('kind', kind);
    if (edition.trim()) form.append('edition', edition.trim());
    if (kind === 'P3KE' && keluarga && anggota) {
      form.append('keluarga', keluarga, keluarga.name);
      form.append('anggota', anggota, anggota.name);
    } else if (dtks) form.append('dtks', dtks, dtks.name);
    try {
      const started = await api.post<Schemas['ImportStarted']>('/imports', form);
      setKeluarga(null);
      setAnggota(null);
      setDtks(null);
      onStarted(started);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('imports.newImport')}
          </Title>
          <ErrorAlert error={error} />
          <SegmentedControl
            aria-label={t('imports.kind')}
            value={kind}
            onChange={(v) => setKind(v === 'DTKS' ? 'DTKS' : 'P3KE')}
            data={[
              { value: 'P3KE', label: 'P3KE' },
              { value: 'DTKS', label: 'DTKS' },
            ]}
            w="fit-content"
          />
          {kind === 'P3KE' ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <FileInput
                label={t('imports.keluargaFile')}
                placeholder={t('imports.filePlaceholder')}
                accept={ACCEPT}
                value={keluarga}
                onChange={setKeluarga}
                clearable
                required
                name="keluarga"
              />
              <FileInput
                label={t('imports.anggotaFile')}
                placeholder={t('imports.filePlaceholder')}
                accept={ACCEPT}
                value={anggota}
                onChange={setAnggota}
                clearable
                required
                name="anggota"
              />
            </SimpleGrid>
          ) : (
            <FileInput
              label={t('imports.dtksFile')}
              placeholder={t('imports.filePlaceholder')}
              accept={ACCEPT}
              value={dtks}
              onChange={setDtks}
              clearable
              required
              name="dtks"
            />
          )}
          <TextInput
            label={t('imports.edition')}
            placeholder={t('imports.editionPlaceholder')}
            value={edition}
            onChange={(e) => setEdition(e.currentTarget.value)}
            maw={320}
          />
          <Button
            type="submit"
            leftSection={<IconUpload size={16} />}
            loading={busy}
            disabled={disabled || !ready}
            w="fit-content"
            title={ready ? undefined : t('imports.chooseFiles')}
          >
            {t('imports.start')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
