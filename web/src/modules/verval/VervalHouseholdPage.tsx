import { Alert, Anchor, Badge, Button, Group, Radio, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconCamera, IconMapPin } from '@tabler/icons-react';
import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError, NetworkError } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { type HouseholdVerval, newKey, OUTCOMES, type Outcome, sendWithRetry, type Verval } from './api';
import { NS } from './i18n';

interface Form {
  found: boolean | null;
  outcome: Outcome | null;
  outcomeReason: string;
  destinationDesaCode: string;
  duplicateOf: string;
  note: string;
  photos: string[];
  gps: { lat: number; lon: number } | null;
}

const fromVerval = (v: Verval | null): Form => ({
  found: v?.found ?? null,
  outcome: v?.outcome ?? null,
  outcomeReason: v?.outcomeReason ?? '',
  destinationDesaCode: v?.destinationDesaCode ?? '',
  duplicateOf: v?.duplicateOfHouseholdId ? String(v.duplicateOfHouseholdId) : '',
  note: v?.note ?? '',
  photos: v?.photos ?? [],
  gps: v?.gps ?? null,
});

/** The record as saved: the untouched parts of an earlier save (corrections, member changes) are sent back as they were. */
function body(form: Form, v: Verval | null) {
  const updates: Record<string, unknown> = {};
  const indicators: Record<string, unknown> = {};
  for (const [field, c] of Object.entries(v?.changes ?? {})) {
    if (field.startsWith('indicators.')) indicators[field.slice(11)] = c.after;
    else updates[field] = c.after;
  }
  return {
    baseVersion: v?.version ?? 0,
    found: form.found,
    outcome: form.outcome,
    outcomeReason: form.outcomeReason || null,
    destinationDesaCode: form.outcome === 'PINDAH' ? form.destinationDesaCode || null : null,
    duplicateOfHouseholdId: form.outcome === 'GANDA' && form.duplicateOf ? Number(form.duplicateOf) : null,
    note: form.note || null,
    photos: form.photos,
    gps: form.gps,
    updates,
    indicators,
    memberChanges: (v?.memberChanges ?? []).map((m) =>
      m.type === 'REMOVE' ? { type: 'REMOVE', memberId: m.memberId, reason: m.reason } : m,
    ),
  };
}

/** One household per screen: large controls, photo from the camera, GPS, saves that survive a dropped connection. */
export default function VervalHouseholdPage() {
  const { t } = useTranslation(NS);
  const { periodId, householdId } = useParams();
  const base = `/verval/periods/${periodId}/households/${householdId}`;
  const data = useApi<HouseholdVerval>(base);
  const [verval, setVerval] = useState<Verval | null>(null);
  const [form, setForm] = useState<Form>(fromVerval(null));
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  // One key per intended save, kept across retries and reset once the server has answered.
  const pendingKey = useRef<string | null>(null);

  useEffect(() => {
    if (!data.data) return;
    setVerval(data.data.verval);
    setForm(fromVerval(data.data.verval));
  }, [data.data]);

  const patch = (p: Partial<Form>) => setForm((f) => ({ ...f, ...p }));
  const editable = !verval || verval.status === 'DRAFT' || verval.status === 'RETURNED';
  const onRetry = (n: number) => setBusy(t('retrying', { n }));

  async function run(label: string, fn: () => Promise<void>) {
    setBusy(label);
    setError(null);
    setMessage(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  const save = () =>
    run(t('save'), async () => {
      pendingKey.current ??= newKey();
      try {
        const saved = await sendWithRetry<Verval>('PUT', base, body(form, verval), pendingKey.current, onRetry);
        pendingKey.current = null;
        setVerval(saved);
        setMessage(t('saved', { version: saved.version }));
      } catch (err) {
        // Still offline: the next tap repeats the same save with the same key.
        if (!(err instanceof NetworkError)) pendingKey.current = null;
        throw err;
      }
    });

  const submit = () =>
    run(t('submit'), async () => {
      if (!verval) return;
      const saved = await sendWithRetry<Verval>('POST', `/verval/${verval.id}/submit`, { baseVersion: verval.version }, newKey(), onRetry);
      setVerval(saved);
      setMessage(t('submitted'));
    });

  const upload = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    void run(t('uploading'), async () => {
      const fd = new FormData();
      fd.append('file', file, file.name);
      const blob = await sendWithRetry<{ sha256: string }>('POST', `/verval/households/${householdId}/photos`, fd, newKey(), onRetry);
      setForm((f) => ({ ...f, photos: [...new Set([...f.photos, blob.sha256])] }));
    });
    e.target.value = '';
  };

  const locate = () => {
    if (!navigator.geolocation) {
      setMessage(t('gpsFailed'));
      return;
    }
    setBusy(t('gps'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        patch({ gps: { lat: Number(pos.coords.latitude.toFixed(6)), lon: Number(pos.coords.longitude.toFixed(6)) } });
        setBusy(null);
      },
      () => {
        setMessage(t('gpsFailed'));
        setBusy(null);
      },
      { enableHighAccuracy: true, timeout: 20000 },
    );
  };

  const conflict =
    error instanceof ApiError && error.code === 'VERSION_CONFLICT'
      ? (error.details as { changedBy?: { fullName: string }; changedAt?: string })
      : null;
  const h = data.data;
  return (
    <Stack gap="md" maw={560}>
      <Anchor component={Link} to={`/verval?period=${periodId}${h ? `&desa=${h.desaCode}` : ''}`}>
        {t('back')}
      </Anchor>
      <ErrorAlert error={data.error} />
      {h && (
        <>
          <Title order={1}>{h.headName}</Title>
          {verval && (
            <Badge size="lg" style={{ alignSelf: 'flex-start' }}>
              {t(`status.${verval.status}`)}
            </Badge>
          )}
          <Text fw={600} c={h.suggestedClass ? undefined : 'dimmed'}>
            {h.suggestedClass ? t('suggestion', { label: t(`classLabel.${h.suggestedClass}`) }) : t('noSuggestion')}
          </Text>
          {verval?.status === 'RETURNED' && verval.reviewComment && (
            <Alert color="orange">{t('returned', { comment: verval.reviewComment })}</Alert>
          )}
          {!editable && verval && <Alert>{t('locked', { status: t(`status.${verval.status}`) })}</Alert>}
          <fieldset disabled={!editable || busy !== null} style={{ border: 0, padding: 0, margin: 0 }}>
            <Stack gap="md">
              <Stack gap={4}>
                <Text fw={600}>{t('found')}</Text>
                <SegmentedControl
                  size="lg"
                  fullWidth
                  value={form.found === null ? '' : form.found ? 'yes' : 'no'}
                  onChange={(v) => patch({ found: v === 'yes' })}
                  data={[
                    { value: 'yes', label: t('yes') },
                    { value: 'no', label: t('no') },
                  ]}
                />
              </Stack>
              <Radio.Group
                label={t('outcomeLabel')}
                value={form.outcome ?? ''}
                onChange={(v) => patch({ outcome: v as Outcome })}
                size="md"
              >
                <Stack gap="sm" mt="xs">
                  {OUTCOMES.map((o) => (
                    <Radio key={o} value={o} label={t(`outcome.${o}`)} size="md" />
                  ))}
                </Stack>
              </Radio.Group>
              {form.outcome === 'PINDAH' && (
                <TextInput
                  size="md"
                  label={t('destination')}
                  placeholder="35.13.06.2013"
                  value={form.destinationDesaCode}
                  onChange={(e) => patch({ destinationDesaCode: e.currentTarget.value })}
                />
              )}
              {form.outcome === 'GANDA' && (
                <TextInput
                  size="md"
                  label={t('duplicate')}
                  inputMode="numeric"
                  value={form.duplicateOf}
                  onChange={(e) => patch({ duplicateOf: e.currentTarget.value })}
                />
              )}
              <Textarea
                size="md"
                label={t('reason')}
                autosize
                minRows={2}
                value={form.outcomeReason}
                onChange={(e) => patch({ outcomeReason: e.currentTarget.value })}
              />
              <Textarea
                size="md"
                label={t('note')}
                autosize
                minRows={2}
                value={form.note}
                onChange={(e) => patch({ note: e.currentTarget.value })}
              />
              <input
                ref={fileRef}
                type="file"
                accept="image/*"
                capture="environment"
                hidden
                onChange={upload}
                data-testid="verval-photo-input"
              />
              <Button size="lg" variant="light" leftSection={<IconCamera />} onClick={() => fileRef.current?.click()}>
                {t('photo')}
              </Button>
              {form.photos.length > 0 && <Text>{t('photos', { n: form.photos.length })}</Text>}
              <Button size="lg" variant="light" leftSection={<IconMapPin />} onClick={locate}>
                {t('gps')}
              </Button>
              {form.gps && <Text>{t('gpsValue', form.gps)}</Text>}
              <Group grow>
                <Button size="lg" onClick={save}>
                  {t('save')}
                </Button>
                <Button size="lg" color="green" onClick={submit} disabled={!verval?.outcome}>
                  {t('submit')}
                </Button>
              </Group>
            </Stack>
          </fieldset>
          {busy && <Text c="dimmed">{busy}</Text>}
          {message && (
            <Alert color="green" role="status">
              {message}
            </Alert>
          )}
          {conflict ? (
            <Alert color="red" title={error instanceof ApiError ? error.messageId : ''}>
              <Stack gap="xs" align="flex-start">
                <Text>
                  {t('conflict', {
                    who: conflict.changedBy?.fullName ?? '?',
                    when: conflict.changedAt ? new Date(conflict.changedAt).toLocaleString() : '?',
                  })}
                </Text>
                <Button onClick={data.reload}>{t('reload')}</Button>
              </Stack>
            </Alert>
          ) : (
            <ErrorAlert error={error} />
          )}
        </>
      )}
    </Stack>
  );
}
