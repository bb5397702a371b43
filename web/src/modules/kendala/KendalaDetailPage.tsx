import { Anchor, Badge, Button, Card, Group, Image, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { API, api } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../auth/session';
import './i18n';
import { duration, STATUS_COLOR, STATUSES } from './types';

export default function KendalaDetailPage() {
  const { t } = useTranslation('kendala');
  const { id } = useParams();
  const { can } = useSession();
  const { data, error, reload } = useGet('/kendala/{id}', { params: { path: { id: Number(id) } } });
  const [body, setBody] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);
  const handler = can('kendala.handle');

  async function act(fn: () => Promise<unknown>) {
    setActionError(null);
    try {
      await fn();
      setBody('');
      setReason('');
      reload();
    } catch (e) {
      setActionError(e);
    }
  }

  return (
    <Stack gap="md" maw={900}>
      <Anchor component={Link} to="/tickets" size="sm">
        {t('back')}
      </Anchor>
      <ErrorAlert error={error} onRetry={reload} />
      {data && (
        <>
          <Group justify="space-between">
            <Title order={1} size="h2">
              {data.title}
            </Title>
            <Badge size="lg" color={STATUS_COLOR[data.status]} data-testid="kendala-status">
              {t(`statuses.${data.status}`)}
            </Badge>
          </Group>
          <Card withBorder>
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t(`categories.${data.category}`)} · {data.desaName} ({data.kecamatanName}) · {t('reporter')}: {data.reporter.name} ·{' '}
                {t('created')}: {formatDateTime(data.createdAt)}
              </Text>
              <Text size="sm">
                {t('response')}: <b data-testid="response-time">{duration(t, data.responseSeconds)}</b> · {t('resolution')}:{' '}
                <b>{duration(t, data.resolutionSeconds)}</b>
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{data.description}</Text>
              {data.rejectionReason && <Text c="red">{data.rejectionReason}</Text>}
              {data.screenshot && (
                <Image
                  src={`${API}/kendala/${data.id}/screenshot`}
                  alt={t('screenshot')}
                  w="auto"
                  maw={600}
                  mah={400}
                  fit="contain"
                  radius="sm"
                />
              )}
            </Stack>
          </Card>
          <Title order={2} size="h4">
            {t('comments')}
          </Title>
          {data.comments.map((c) => (
            <Card key={c.id} withBorder padding="sm">
              <Text size="xs" c="dimmed">
                {c.author.name} · {formatDateTime(c.createdAt)}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{c.body}</Text>
            </Card>
          ))}
          <ErrorAlert error={actionError} />
          {data.canComment && (
            <>
              <Textarea label={t('comment')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={2} />
              <Group justify="flex-end">
                <Button disabled={!body.trim()} onClick={() => act(() => api.post(`/kendala/${data.id}/comments`, { body }))}>
                  {t('reply')}
                </Button>
              </Group>
            </>
          )}
          {handler && data.status !== 'SELESAI' && data.status !== 'DITOLAK' && (
            <Group align="flex-end">
              <Select
                label={t('setStatus')}
                data={STATUSES.filter((s) => s !== 'BARU' && s !== data.status).map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
                value={status}
                onChange={setStatus}
              />
              {status === 'DITOLAK' && <TextInput label={t('reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />}
              <Button
                disabled={!status}
                onClick={() => act(() => api.post(`/kendala/${data.id}/status`, { status, reason: reason || undefined }))}
              >
                {t('setStatus')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
