import { Accordion, Alert, Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { CorrectionsSection } from './CorrectionsSection';
import { EvidenceSection } from './EvidenceSection';
import { NS } from './i18n';
import { MembersSection } from './MembersSection';
import { OutcomeSection } from './OutcomeSection';
import { ConflictView } from './offline/ConflictView';
import { OFFLINE_NS } from './offline/i18n';
import { isLocalPhoto } from './offline/outbox';
import { type FieldNotice, useFieldHousehold } from './offline/useFieldHousehold';
import { RecordView } from './RecordView';
import './i18n-review';

/**
 * One household per screen, one section open at a time, large controls: outcome, corrections
 * (before → after), member changes, evidence. Works without signal (offline/useFieldHousehold):
 * every change is kept on the device as a draft, "Simpan"/"Ajukan" go to the outbox and are
 * sent when there is a network, and a record changed on the server meanwhile is shown side by
 * side for the operator to choose.
 */
export default function VervalHouseholdPage() {
  const { t } = useTranslation(NS);
  const { t: to } = useTranslation(OFFLINE_NS);
  const { periodId = '', householdId = '' } = useParams();
  const field = useFieldHousehold(Number(periodId), Number(householdId));
  const { form, patch, verval, h } = field;
  const [section, setSection] = useState<string | null>('outcome');
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const editable = (!verval || verval.status === 'DRAFT' || verval.status === 'RETURNED') && !field.queuedSubmit;

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

  const save = () => run(t('save'), field.save);
  const submit = () => run(t('submit'), field.submit);
  const upload = (file: File) => run(t('uploading'), () => field.addPhoto(file));
  const noticeText = (n: FieldNotice) => {
    switch (n.kind) {
      case 'draftRestored':
        return to('draftRestored', { when: formatDateTime(n.at) });
      case 'saved':
        return t('saved', { version: n.version });
      case 'submitted':
        return t('submitted');
      default:
        return to(n.kind);
    }
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

  const conflict = field.queue.find((i) => i.status === 'conflict');
  const refused = field.queue.find((i) => i.status === 'error');
  const localPhotos = form.photos.filter(isLocalPhoto).length;
  const corrections = Object.keys(form.updates).length + Object.keys(form.indicators).length;
  const sections = h && [
    {
      value: 'outcome',
      title: t('sections.outcome'),
      count: 0,
      body: (
        <OutcomeSection
          form={form}
          patch={patch}
          proposal={h.source === 'MANUAL'}
          householdId={householdId}
          desaCode={h.desaCode}
          periodId={periodId}
        />
      ),
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
      <ErrorAlert error={field.error} />
      {field.offline && h && (
        <Alert color="yellow" data-testid="verval-offline-household">
          {to('offlineHousehold', { when: field.downloadedAt ? formatDateTime(field.downloadedAt) : '—' })}
        </Alert>
      )}
      {h && sections && (
        <>
          <Title order={1}>{h.headName}</Title>
          <Group gap="xs">
            {verval && <Badge size="lg">{t(`status.${verval.status}`)}</Badge>}
            {field.queue.length > 0 && (
              <Badge size="lg" color="orange" variant="light" data-testid="verval-queued">
                {to('waiting', { n: field.queue.length })}
              </Badge>
            )}
          </Group>
          {conflict && <ConflictView item={conflict} onServerVersion={() => void field.showServerVersion()} />}
          {refused?.error && <Alert color="red">{refused.error.message}</Alert>}
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
                <Button size="lg" color="green" onClick={submit} disabled={!form.outcome}>
                  {t('submit')}
                </Button>
              </Group>
            </Stack>
          </fieldset>
          {busy && <Text c="dimmed">{busy}</Text>}
          {(localPhotos > 0 || form.photos.length > 0) && (
            <Text size="sm" data-testid="verval-photo-state">
              {[
                localPhotos > 0 && to('photoLocal', { n: localPhotos }),
                form.photos.length - localPhotos > 0 && to('photoSent', { n: form.photos.length - localPhotos }),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          )}
          {(message || field.notice) && (
            <Alert color="green" role="status" data-testid="verval-notice">
              {message ?? (field.notice && noticeText(field.notice))}
            </Alert>
          )}
          <ErrorAlert error={error} />
        </>
      )}
    </Stack>
  );
}
