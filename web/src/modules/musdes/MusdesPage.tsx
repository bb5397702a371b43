import { Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionSelects } from '../../components/RegionSelects';
import { api } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatDate } from '../../lib/format';
import { useSession } from '../auth/session';
import { NS } from './i18n';
import { ProgressTable } from './ProgressTable';
import { RequiredRolesCard } from './RequiredRolesCard';
import { MEETING_TYPES, type MeetingDetail, STATUS_COLOR, STATUSES } from './types';

function NewMeeting({ periodId, ownDesa, onClose }: { periodId: string; ownDesa: string | null; onClose: () => void }) {
  const { t } = useTranslation(NS);
  const navigate = useNavigate();
  const [kecamatan, setKecamatan] = useState<string | null>(null);
  const [desa, setDesa] = useState<string | null>(ownDesa);
  const [type, setType] = useState<string | null>('MUSDES');
  const [heldOn, setHeldOn] = useState(new Date().toISOString().slice(0, 10));
  const [place, setPlace] = useState('');
  const [chair, setChair] = useState('');
  const [agenda, setAgenda] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<MeetingDetail>('/musdes/meetings', {
        periodId: Number(periodId),
        desaCode: desa,
        type,
        heldOn,
        place,
        chair: chair || null,
        agenda: agenda || null,
      });
      navigate(`/musdes/${created.meeting.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('new')} size="lg">
      <Stack>
        <ErrorAlert error={error} />
        {!ownDesa && (
          <RegionSelects
            kecamatan={kecamatan}
            desa={desa}
            requiredLevel={4}
            onChange={(k, d) => {
              setKecamatan(k);
              setDesa(d);
            }}
          />
        )}
        <Select
          label={t('type')}
          data={MEETING_TYPES.map((v) => ({ value: v, label: t(`types.${v}`) }))}
          value={type}
          onChange={setType}
          allowDeselect={false}
        />
        <TextInput type="date" label={t('heldOn')} value={heldOn} onChange={(e) => setHeldOn(e.currentTarget.value)} required />
        <TextInput label={t('place')} value={place} onChange={(e) => setPlace(e.currentTarget.value)} required />
        <TextInput label={t('chair')} value={chair} onChange={(e) => setChair(e.currentTarget.value)} />
        <Textarea label={t('agenda')} value={agenda} onChange={(e) => setAgenda(e.currentTarget.value)} autosize minRows={2} />
        <Group justify="flex-end">
          <Button onClick={save} loading={busy} disabled={!desa || !place.trim() || !heldOn}>
            {t('create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Meetings of the reader's desa (or area) with status filter, and musdes progress per kecamatan. */
export default function MusdesPage() {
  const { t } = useTranslation(NS);
  const { user, can } = useSession();
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const ownDesa = user?.roles.find((g) => g.regionCode.split('.').length === 4)?.regionCode ?? null;
  const periods = useGet('/organisation/periods');
  const periodId = params.get('period') ?? (periods.data?.items[0] ? String(periods.data.items[0].id) : null);
  const status = params.get('status');
  const kecamatan = params.get('kecamatan');
  const desa = params.get('desa');
  const progress = useGet('/musdes/progress', periodId ? { params: { query: { periodId: Number(periodId) } } } : null);
  const list = useGet(
    '/musdes/meetings',
    periodId
      ? {
          params: {
            query: {
              periodId: Number(periodId),
              status: status ?? undefined,
              kecamatan: kecamatan ?? undefined,
              desa: desa ?? undefined,
              pageSize: 200,
            },
          },
        }
      : null,
  );
  const stage = progress.data?.stages[0];

  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, v] of Object.entries(patch)) {
      if (v) next.set(key, v);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>{t('title')}</Title>
        {can('musdes.meeting.edit') && periodId && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
            {t('new')}
          </Button>
        )}
      </Group>
      <Text c="dimmed">{t('intro')}</Text>
      <ErrorAlert error={periods.error ?? progress.error ?? list.error} />
      {periods.data && periods.data.items.length === 0 && <Text>{t('noPeriod')}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('period')}
          data={(periods.data?.items ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
          value={periodId}
          onChange={(v) => set({ period: v })}
          allowDeselect={false}
        />
        <Select
          label={t('status')}
          placeholder={t('allStatuses')}
          data={STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
          value={status}
          onChange={(v) => set({ status: v })}
          clearable
        />
      </SimpleGrid>
      <Title order={2} size="h4">
        {t('progress')}
      </Title>
      {stage && <Text size="sm">{t('stage', { start: formatDate(stage.startDate), end: formatDate(stage.endDate) })}</Text>}
      {progress.data && (
        <ProgressTable data={progress.data} onDesa={(code) => set({ kecamatan: code.split('.').slice(0, 3).join('.'), desa: code })} />
      )}
      <Title order={2} size="h4">
        {t('meetings')}
      </Title>
      {!ownDesa && <RegionSelects kecamatan={kecamatan} desa={desa} allLabels onChange={(k, d) => set({ kecamatan: k, desa: d })} />}
      <Stack gap="sm" data-testid="musdes-list">
        {list.data?.items.map((m) => (
          <Card key={m.id} component={Link} to={`/musdes/${m.id}`} withBorder padding="md" aria-label={`${m.desaName} ${m.heldOn}`}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2} miw={0}>
                <Text fw={700}>
                  {t(`types.${m.type}`)} {m.desaName}
                </Text>
                <Text size="sm" c="dimmed">
                  {formatDate(m.heldOn)} · {m.place} · {m.kecamatanName}
                </Text>
                {m.number && <Text size="sm">{m.number}</Text>}
              </Stack>
              <Badge color={STATUS_COLOR[m.status]}>{t(`statuses.${m.status}`)}</Badge>
            </Group>
          </Card>
        ))}
        {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      </Stack>
      {can('musdes.settings.manage') && <RequiredRolesCard />}
      {adding && periodId && <NewMeeting periodId={periodId} ownDesa={ownDesa} onClose={() => setAdding(false)} />}
    </Stack>
  );
}
