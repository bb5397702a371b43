import { Anchor, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatDate } from '../../lib/format';
import { AttendanceSection } from './AttendanceSection';
import { DecisionsSection } from './DecisionsSection';
import { EvidenceSection } from './EvidenceSection';
import { FinaliseCard } from './FinaliseCard';
import { NS } from './i18n';
import { MEETING_TYPES, type MeetingDetail, STATUS_COLOR } from './types';

function DetailsCard({ detail, onSaved }: { detail: MeetingDetail; onSaved: (d: MeetingDetail) => void }) {
  const { t } = useTranslation(NS);
  const m = detail.meeting;
  const [form, setForm] = useState({
    type: m.type as string,
    heldOn: m.heldOn,
    place: m.place,
    chair: m.chair ?? '',
    agenda: m.agenda ?? '',
    number: m.number ?? '',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setForm({ type: m.type, heldOn: m.heldOn, place: m.place, chair: m.chair ?? '', agenda: m.agenda ?? '', number: m.number ?? '' });
  }, [m]);
  const edit = detail.permissions.edit;
  const field = (key: keyof typeof form) => ({
    value: form[key],
    readOnly: !edit,
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value }),
  });

  async function run(fn: () => Promise<MeetingDetail>) {
    setBusy(true);
    setError(null);
    try {
      onSaved(await fn());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('details')}
        </Title>
        <ErrorAlert error={error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('type')}
            data={MEETING_TYPES.map((v) => ({ value: v, label: t(`types.${v}`) }))}
            value={form.type}
            onChange={(v) => v && setForm({ ...form, type: v })}
            readOnly={!edit}
            allowDeselect={false}
          />
          <TextInput label={t('number')} {...field('number')} />
          <TextInput type="date" label={t('heldOn')} {...field('heldOn')} />
          <TextInput label={t('place')} {...field('place')} />
          <TextInput label={t('chair')} {...field('chair')} />
        </SimpleGrid>
        <Textarea label={t('agenda')} {...field('agenda')} autosize minRows={2} />
        {edit && (
          <Group justify="flex-end">
            <Button
              variant="default"
              loading={busy}
              onClick={() =>
                run(() =>
                  api.patch<MeetingDetail>(`/musdes/meetings/${m.id}`, {
                    version: m.version,
                    type: form.type,
                    heldOn: form.heldOn,
                    place: form.place,
                    chair: form.chair || null,
                    agenda: form.agenda || null,
                    number: form.number || null,
                  }),
                )
              }
            >
              {t('edit')}
            </Button>
            {m.status === 'SCHEDULED' && (
              <Button
                loading={busy}
                onClick={() => run(() => api.post<MeetingDetail>(`/musdes/meetings/${m.id}/hold`, { version: m.version }))}
              >
                {t('hold')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** One meeting: details, attendance, evidence, decisions and finalisation; read-only with downloads once final. */
export default function MeetingPage() {
  const { t } = useTranslation(NS);
  const { id } = useParams();
  const loaded = useGet('/musdes/meetings/{id}', { params: { path: { id: Number(id) } } });
  const [detail, setDetail] = useState<MeetingDetail | undefined>(undefined);
  useEffect(() => setDetail(loaded.data), [loaded.data]);
  const m = detail?.meeting;

  return (
    <Stack gap="md" maw={1100}>
      <Anchor component={Link} to="/musdes" size="sm">
        {t('back')}
      </Anchor>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {detail && m && (
        <>
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={1} size="h2">
                {t(`types.${m.type}`)} {m.desaName}
              </Title>
              <Text c="dimmed" size="sm">
                {formatDate(m.heldOn)} · {m.place} · {m.kecamatanName} · {m.periodName}
              </Text>
            </div>
            <Group gap="xs">
              {!detail.permissions.edit && m.status !== 'FINALISED' && <Badge variant="outline">{t('readOnly')}</Badge>}
              <Badge size="lg" color={STATUS_COLOR[m.status]} data-testid="musdes-status">
                {t(`statuses.${m.status}`)}
              </Badge>
            </Group>
          </Group>
          <FinaliseCard detail={detail} onSaved={setDetail} />
          <DetailsCard detail={detail} onSaved={setDetail} />
          <AttendanceSection detail={detail} onSaved={setDetail} />
          <EvidenceSection detail={detail} onSaved={setDetail} reload={loaded.reload} />
          {(m.type === 'MUSDES' || m.type === 'MUSKEL') && <DecisionsSection detail={detail} reload={loaded.reload} />}
        </>
      )}
    </Stack>
  );
}
