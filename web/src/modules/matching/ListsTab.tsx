import { Button, FileInput, Paper, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { JobProgress } from '../imports/JobProgress';
import { LIST_KINDS } from './api';
import { NS } from './i18n';
import { RunList } from './RunsTab';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function UploadForm() {
  const { t } = useTranslation(NS);
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [listKind, setListKind] = useState<string | null>('TARGET');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [started, setStarted] = useState<{ runId: number; jobId: number } | null>(null);
  const [running, setRunning] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    const form = new FormData();
    // Fields before the file: the server reads the multipart stream in order.
    if (name.trim()) form.append('name', name.trim());
    form.append('listKind', listKind ?? 'OTHER');
    form.append('file', file, file.name);
    try {
      setStarted(await api.post<{ runId: number; jobId: number }>('/matching/lists', form));
      setRunning(true);
      setFile(null);
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
            {t('upload')}
          </Title>
          <ErrorAlert error={error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('listName')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={200} />
            <Select
              label={t('listKind')}
              data={LIST_KINDS.map((k) => ({ value: k, label: t(`listKinds.${k}`) }))}
              value={listKind}
              onChange={setListKind}
            />
          </SimpleGrid>
          <FileInput label={t('file')} accept={ACCEPT} value={file} onChange={setFile} clearable required name="file" />
          <Button type="submit" leftSection={<IconUpload size={16} />} loading={busy} disabled={!file || running} w="fit-content">
            {t('start')}
          </Button>
          {started && (
            <JobProgress
              key={started.jobId}
              jobId={started.jobId}
              onFinished={(job) => {
                if (job.status === 'DONE') navigate(`/matching/lists/${started.runId}`);
                else setRunning(false);
              }}
            />
          )}
        </Stack>
      </form>
    </Paper>
  );
}

export function ListsTab({ canUpload }: { canUpload: boolean }) {
  return (
    <Stack gap="md">
      {canUpload && <UploadForm />}
      <RunList kind="EXTERNAL" />
    </Stack>
  );
}
