import { Accordion, Alert, Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError, NetworkError } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { type HouseholdVerval, newKey, sendWithRetry, type Verval } from './api';
import { ConflictAlert, type ConflictDetails } from './ConflictAlert';
import { CorrectionsSection } from './CorrectionsSection';
import { EvidenceSection } from './EvidenceSection';
import { type Form, fromVerval, toBody } from './form';
import { NS } from './i18n';
import { MembersSection } from './MembersSection';
import { OutcomeSection } from './OutcomeSection';
import { RecordView } from './RecordView';
import './i18n-review';

/**
 * One household per screen, one section open at a time, large controls: outcome, corrections
 * (before → after), member changes, evidence. Saves survive a dropped connection (retried with
 * the same Idempotency-Key) and a save over someone else's change shows what differs.
 */
export default function VervalHouseholdPage() {
  const { t } = useTranslation(NS);
  const { periodId, householdId = '' } = useParams();
  const base = `/verval/periods/${periodId}/households/${householdId}`;
  const data = useApi<HouseholdVerval>(base);
  const [verval, setVerval] = useState<Verval | null>(null);
  const [form, setForm] = useState<Form>(fromVerval(null));
  const [section, setSection] = useState<string | null>('outcome');
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // One key per intended save, kept across retries and reset once the server has answered.
  const pendingKey = useRef<string | null>(null);

  useEffect(() => {
    if (!data.data) return;
    setVerval(data.data.verval);
    setForm(fromVerval(data.data.verval));
    setError(null);
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
        const saved = await sendWithRetry<Verval>('PUT', base, toBody(form, verval), pendingKey.current, onRetry);
        pendingKey.current = null;
        setVerval(saved);
        setForm(fromVerval(saved));
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

  const upload = (file: File) =>
    run(t('uploading'), async () => {
      const fd = new FormData();
      fd.append('file', file, file.name);
      const blob = await sendWithRetry<{ sha256: string }>('POST', `/verval/households/${householdId}/photos`, fd, newKey(), onRetry);
      setForm((f) => ({ ...f, photos: [...new Set([...f.photos, blob.sha256])] }));
    });

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

  const conflict = error instanceof ApiError && error.code === 'VERSION_CONFLICT' ? (error.details as ConflictDetails) : null;
  const h = data.data;
  const corrections = Object.keys(form.updates).length + Object.keys(form.indicators).length;
  const sections = h && [
    {
      value: 'outcome',
      title: t('sections.outcome'),
      count: 0,
      body: <OutcomeSection form={form} patch={patch} proposal={h.source === 'MANUAL'} householdId={householdId} desaCode={h.desaCode} />,
    },
    {
      value: 'corrections',
      title: t('sections.corrections'),
      count: corrections,
      body: <CorrectionsSection form={form} patch={patch} fields={h.fields} indicators={h.indicators} />,
    },
    {
      value: 'members',
      title: t('sections.members'),
      count: form.memberChanges.length,
      body: <MembersSection form={form} patch={patch} members={h.members} />,
    },
    {
      value: 'evidence',
      title: t('sections.evidence'),
      count: form.photos.length,
      body: <EvidenceSection form={form} patch={patch} householdId={householdId} onPhoto={upload} onLocate={locate} />,
    },
  ];
  return (
    <Stack gap="md" maw={560}>
      <Anchor component={Link} to={`/verval?period=${periodId}${h ? `&desa=${h.desaCode}` : ''}`}>
        {t('back')}
      </Anchor>
      <ErrorAlert error={data.error} />
      {h && sections && (
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
            <Alert color="orange" data-testid="verval-returned-comment">
              {t('returned', { comment: verval.reviewComment })}
            </Alert>
          )}
          {!editable && verval && <Alert>{t('locked', { status: t(`status.${verval.status}`) })}</Alert>}
          {/* Submitted or approved: every part readable at once; editing again only once returned. */}
          {!editable && verval && <RecordView h={h} v={verval} />}
          <fieldset hidden={!editable} disabled={!editable || busy !== null} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Stack gap="md">
              <Accordion value={section} onChange={setSection} variant="separated" chevronSize={24}>
                {sections.map((s) => (
                  <Accordion.Item key={s.value} value={s.value}>
                    <Accordion.Control py="sm">
                      <Group gap="xs" wrap="nowrap">
                        <Text fw={700} size="lg">
                          {s.title}
                        </Text>
                        {s.count > 0 && (
                          <Badge variant="light" size="lg">
                            {s.count}
                          </Badge>
                        )}
                      </Group>
                    </Accordion.Control>
                    {/* Only the open section is rendered: less to draw on a slow phone, one thing at a time. */}
                    <Accordion.Panel>{section === s.value ? s.body : null}</Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
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
          {conflict ? <ConflictAlert details={conflict} mine={form} onReload={data.reload} /> : <ErrorAlert error={error} />}
        </>
      )}
    </Stack>
  );
}
