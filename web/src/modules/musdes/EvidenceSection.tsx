import { ActionIcon, Anchor, Button, Card, FileButton, Group, Image, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconTrash, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { API, api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { NS } from './i18n';
import { KINDS, type MeetingDetail } from './types';

/** Photos and signed scans, the generated berita acara and attendance list to download. */
export function EvidenceSection({ detail, reload }: { detail: MeetingDetail; onSaved: (d: MeetingDetail) => void; reload: () => void }) {
  const { t } = useTranslation(NS);
  const m = detail.meeting;
  const base = `/musdes/meetings/${m.id}`;
  const [kind, setKind] = useState<string>('PHOTO');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const edit = detail.permissions.edit;

  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function send(file: File | null) {
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    await run(() => api.post(`${base}/documents?kind=${kind}`, form));
  }

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('evidence')}
        </Title>
        <Group gap="sm">
          <Button component="a" href={`${API}${base}/berita-acara.pdf`} variant="light" leftSection={<IconDownload size={16} />}>
            {t('beritaAcara')}
          </Button>
          <Button component="a" href={`${API}${base}/daftar-hadir.pdf`} variant="light" leftSection={<IconDownload size={16} />}>
            {t('attendancePdf')}
          </Button>
        </Group>
        <ErrorAlert error={error} />
        {detail.documents.length === 0 && <Text c="dimmed">{t('noDocuments')}</Text>}
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="musdes-documents">
          {detail.documents.map((d) => (
            <Card key={d.id} withBorder padding="xs">
              <Stack gap={4}>
                {d.mime.startsWith('image/') && (
                  <Image src={`${API}${base}/documents/${d.id}`} alt={t(`kinds.${d.kind}`)} h={90} fit="cover" radius="sm" />
                )}
                <Anchor href={`${API}${base}/documents/${d.id}`} target="_blank" size="sm">
                  {t(`kinds.${d.kind}`)}
                </Anchor>
                <Group justify="space-between" wrap="nowrap">
                  <Text size="xs" c="dimmed">
                    {formatDateTime(d.uploadedAt)}
                  </Text>
                  {edit && (
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      color="red"
                      aria-label={t('remove')}
                      onClick={() => run(() => api.delete(`${base}/documents/${d.id}`))}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  )}
                </Group>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
        {edit && (
          <Group align="flex-end" gap="sm">
            <Select
              label={t('evidence')}
              data={KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
              value={kind}
              onChange={(v) => v && setKind(v)}
              allowDeselect={false}
              w={280}
              maw="100%"
            />
            <FileButton
              onChange={send}
              accept={kind === 'PHOTO' ? 'image/jpeg,image/png,image/webp' : 'application/pdf,image/jpeg,image/png,image/webp'}
            >
              {(props) => (
                <Button {...props} loading={busy} leftSection={<IconUpload size={16} />} data-testid="musdes-upload">
                  {t('upload', { kind: t(`kinds.${kind}`) })}
                </Button>
              )}
            </FileButton>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
