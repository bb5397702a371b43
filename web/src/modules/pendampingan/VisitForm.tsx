import { Alert, Button, Card, FileInput, Group, Image, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconCamera, IconMapPin } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, NetworkError } from '../../lib/api';
import { apiPost, type Schemas, useGet } from '../../lib/api/client';
import { formatDate } from '../../lib/format';
import { useSession } from '../auth/session';
import { NS } from './i18n';

/**
 * Record a desa visit from the phone. Online with a draft: the form is kept on the device
 * (localStorage) until the server has it, and it is sent with an Idempotency-Key fixed for the
 * draft, so a send whose answer was lost can be repeated without recording the visit twice
 * (ADR 0027: the verval outbox is not shared yet).
 */

const DRAFT_KEY = 'sasmita.pendampingan.visitDraft';
const PHOTO_URL = (sha: string) => `/api/v1/pendampingan/photos/${sha}?size=thumb`;

interface Draft {
  key: string;
  desaCode: string | null;
  visitDate: string;
  place: string;
  gps: { lat: number; lon: number } | null;
  photos: string[];
  participants: string;
  note: string;
  officialId: string | null;
}

const todayLocal = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const fresh = (desaCode: string | null): Draft => ({
  key: `web-${crypto.randomUUID()}`,
  desaCode,
  visitDate: todayLocal(),
  place: '',
  gps: null,
  photos: [],
  participants: '',
  note: '',
  officialId: null,
});

function loadDraft(): Draft | null {
  try {
    const raw = localStorage.getItem(DRAFT_KEY);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function VisitForm({ periodId, desaOptions }: { periodId: string | null; desaOptions: Array<{ value: string; label: string }> }) {
  const { t } = useTranslation(NS);
  const session = useSession();
  const [draft, setDraft] = useState<Draft>(() => loadDraft() ?? fresh(desaOptions[0]?.value ?? null));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const desa = draft.desaCode;
  useEffect(() => {
    try {
      localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    } catch {
      // No storage: the form still works online.
    }
  }, [draft]);
  useEffect(() => {
    if (!desa && desaOptions[0]) setDraft((d) => ({ ...d, desaCode: desaOptions[0]?.value ?? null }));
  }, [desa, desaOptions]);
  const staff = useGet(
    '/pendampingan/periods/{periodId}/companions',
    periodId && desa ? { params: { path: { periodId: Number(periodId) }, query: { desa } } } : null,
  );
  const visits = useGet('/pendampingan/visits', desa ? { params: { query: { desa, pageSize: 5, page: 1 } } } : null);
  const patch = (p: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...p }));
  };

  async function addPhoto(file: File | null) {
    if (!file || !desa) return;
    setError(null);
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file);
      const stored = await api.post<Schemas['StoredBlob']>(`/pendampingan/photos?desa=${encodeURIComponent(desa)}`, form);
      patch({ photos: [...draft.photos.filter((p) => p !== stored.sha256), stored.sha256] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function takeGps() {
    navigator.geolocation?.getCurrentPosition(
      (pos) => patch({ gps: { lat: Number(pos.coords.latitude.toFixed(6)), lon: Number(pos.coords.longitude.toFixed(6)) } }),
      (e) => setError(new Error(e.message)),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  }

  async function send() {
    if (!desa) return;
    setBusy(true);
    setError(null);
    try {
      await apiPost('/pendampingan/visits', {
        body: {
          desaCode: desa,
          visitDate: draft.visitDate,
          place: draft.place,
          gps: draft.gps,
          photos: draft.photos,
          participants: draft.participants
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
          note: draft.note.trim() || null,
          ...(draft.officialId ? { officialId: Number(draft.officialId) } : {}),
        },
        headers: { 'idempotency-key': draft.key },
      });
      setDraft(fresh(desa));
      setSaved(true);
      visits.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const canRecord = desa ? session.can('pendampingan.record', desa) : false;
  return (
    <Stack gap="md">
      <Card withBorder>
        <Stack gap="sm">
          <Select
            label={t('desa')}
            placeholder={t('chooseDesa')}
            data={desaOptions}
            value={desa}
            onChange={(v) => patch({ desaCode: v, photos: [], officialId: null })}
            searchable
            size="md"
          />
          <TextInput
            label={t('visitDate')}
            type="date"
            size="md"
            value={draft.visitDate}
            onChange={(e) => patch({ visitDate: e.currentTarget.value })}
          />
          <TextInput
            label={t('place')}
            size="md"
            value={draft.place}
            onChange={(e) => patch({ place: e.currentTarget.value })}
            data-testid="visit-place"
          />
          <Group gap="xs" align="center">
            <Button variant="light" leftSection={<IconMapPin size={16} />} onClick={takeGps} size="sm">
              {t('takeGps')}
            </Button>
            <Text size="sm" c="dimmed" className="num">
              {draft.gps ? `${draft.gps.lat}, ${draft.gps.lon}` : t('gpsNone')}
            </Text>
          </Group>
          <FileInput
            label={t('photo')}
            accept="image/jpeg,image/png,image/webp"
            capture="environment"
            leftSection={<IconCamera size={16} />}
            onChange={addPhoto}
            value={null}
            size="md"
            data-testid="visit-photo"
          />
          {draft.photos.length > 0 && (
            <Group gap="xs">
              {draft.photos.map((sha) => (
                <Image key={sha} src={PHOTO_URL(sha)} w={96} h={72} radius="sm" alt="" data-testid="visit-photo-thumb" />
              ))}
            </Group>
          )}
          <Textarea
            label={t('participants')}
            autosize
            minRows={2}
            value={draft.participants}
            onChange={(e) => patch({ participants: e.currentTarget.value })}
          />
          <Textarea label={t('note')} autosize minRows={2} value={draft.note} onChange={(e) => patch({ note: e.currentTarget.value })} />
          <Select
            label={t('official')}
            description={t('officialHint')}
            data={(staff.data?.staff ?? []).map((s) => ({ value: String(s.officialId), label: `${s.name} (${s.agencyName})` }))}
            value={draft.officialId}
            onChange={(v) => patch({ officialId: v })}
            clearable
            size="md"
          />
          <ErrorAlert error={error} />
          {error instanceof NetworkError && <Alert color="yellow">{t('draftKept')}</Alert>}
          {saved && <Alert color="green">{t('saved')}</Alert>}
          <Button size="md" onClick={send} loading={busy} disabled={!canRecord || !draft.place.trim()}>
            {t('save')}
          </Button>
        </Stack>
      </Card>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">
          {t('recentVisits')}
        </Title>
        {visits.data?.items.length === 0 && <Text c="dimmed">{t('noVisits')}</Text>}
        <Stack gap="xs">
          {visits.data?.items.map((v) => (
            <Group key={v.id} gap="xs" wrap="nowrap" data-testid="visit-row">
              {v.photos[0] && (
                <Image src={`/api/v1/pendampingan/visits/${v.id}/photos/${v.photos[0]}?size=thumb`} w={56} h={42} radius="sm" alt="" />
              )}
              <div>
                <Text size="sm" fw={600}>
                  {formatDate(v.visitDate)} · {v.place}
                </Text>
                <Text size="xs" c="dimmed">
                  {v.official.name} ({v.official.agencyName}) · {v.desaName}
                </Text>
              </div>
            </Group>
          ))}
        </Stack>
      </Card>
    </Stack>
  );
}
