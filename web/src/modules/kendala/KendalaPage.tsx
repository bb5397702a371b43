import { Badge, Button, Card, FileInput, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatDateTime } from '../../lib/format';
import { usePickLists } from '../verval/pickLists';
import './i18n';
import { CATEGORIES, duration, type Kendala, STATUS_COLOR, STATUSES } from './types';

function NewKendala({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('kendala');
  const navigate = useNavigate();
  const [category, setCategory] = useState<string | null>('APLIKASI');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [desaCode, setDesaCode] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The desa of the user's own scope, by name (the field form's pick list).
  const lists = usePickLists();
  const desaOptions = (lists.data?.desa ?? [])
    .filter((d) => d.inScope)
    .map((d) => ({ value: d.code, label: `${d.name}, ${t('kec')} ${d.kecamatanName}` }));

  async function send() {
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<Kendala>('/kendala', {
        category,
        title,
        description,
        ...(desaCode.trim() ? { desaCode: desaCode.trim() } : {}),
      });
      if (file) {
        const form = new FormData();
        form.append('file', file);
        await api.put(`/kendala/${created.id}/screenshot`, form);
      }
      navigate(`/tickets/${created.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('new')} size="lg">
      <Stack>
        <ErrorAlert error={error} />
        <Select
          label={t('category')}
          data={CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
          value={category}
          onChange={setCategory}
        />
        <TextInput label={t('titleField')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required />
        <Textarea
          label={t('description')}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          autosize
          minRows={4}
          required
        />
        <Select
          label={t('desa')}
          description={t('desaHint')}
          placeholder={t('desaPlaceholder')}
          data={desaOptions}
          value={desaCode || (desaOptions.length === 1 ? desaOptions[0]!.value : null)}
          onChange={(v) => setDesaCode(v ?? '')}
          searchable
          clearable
          limit={40}
          nothingFoundMessage={t('desaNone')}
          data-testid="kendala-desa"
        />
        <FileInput label={t('screenshot')} accept="image/png,image/jpeg" value={file} onChange={setFile} clearable />
        <Group justify="flex-end">
          <Button onClick={send} loading={busy}>
            {t('send')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export default function KendalaPage() {
  const { t } = useTranslation('kendala');
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const [adding, setAdding] = useState(false);
  const { data, error, reload } = useGet('/kendala', { params: { query: { status: status ?? undefined, pageSize: 100 } } });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        {data?.canReport && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
            {t('new')}
          </Button>
        )}
      </Group>
      <Select
        label={t('status')}
        placeholder={t('allStatuses')}
        data={STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        value={status}
        onChange={(v) => setParams(v ? { status: v } : {})}
        clearable
        maw={240}
      />
      <ErrorAlert error={error} onRetry={reload} />
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={760}>
          <Table striped data-testid="kendala-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('titleField')}</Table.Th>
                <Table.Th>{t('category')}</Table.Th>
                <Table.Th>{t('desa')}</Table.Th>
                <Table.Th>{t('created')}</Table.Th>
                <Table.Th>{t('response')}</Table.Th>
                <Table.Th>{t('status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data?.items.map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td>
                    <Link to={`/tickets/${k.id}`}>{k.title}</Link>
                  </Table.Td>
                  <Table.Td>{t(`categories.${k.category}`)}</Table.Td>
                  <Table.Td>
                    {k.desaName}{' '}
                    <Text span c="dimmed" size="xs">
                      ({k.kecamatanName})
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatDateTime(k.createdAt)}</Table.Td>
                  <Table.Td>{duration(t, k.responseSeconds)}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[k.status]}>{t(`statuses.${k.status}`)}</Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {data && data.items.length === 0 && (
          <Text c="dimmed" p="md">
            {t('empty')}
          </Text>
        )}
      </Card>
      <NewKendala opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}
