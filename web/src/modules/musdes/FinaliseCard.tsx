import { Alert, Button, Card, Checkbox, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { api } from '../../lib/api';
import { apiGet } from '../../lib/api/client';
import { formatDateTime } from '../../lib/format';
import { NS } from './i18n';
import type { FinalisePreview, MeetingDetail } from './types';

/** The confirmation: what finalising does, and "defer the rest" when households are still undecided. */
function ConfirmFinalise({
  preview,
  busy,
  onCancel,
  onConfirm,
}: {
  preview: FinalisePreview;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (deferRest: boolean) => void;
}) {
  const { t } = useTranslation(NS);
  const [deferRest, setDeferRest] = useState(false);
  const p = preview;
  return (
    <Stack gap="sm" data-testid="musdes-finalise-confirm">
      <Text fw={700}>{t('confirm.effect', { leaving: p.leaving, entering: p.entering })}</Text>
      {p.ended > 0 && <Text size="sm">{t('confirm.ended', { n: p.ended })}</Text>}
      {p.moving > 0 && <Text size="sm">{t('confirm.moving', { n: p.moving })}</Text>}
      <Text size="sm">{t('confirm.decided', { decided: p.tabled - p.undecided, tabled: p.tabled })}</Text>
      {p.deferred > 0 && <Text size="sm">{t('confirm.deferred', { n: p.deferred })}</Text>}
      {p.undecided > 0 && (
        <Alert color="orange" title={t('confirm.undecided', { n: p.undecided })} data-testid="musdes-undecided">
          <Stack gap="xs">
            <Text size="sm">{t('confirm.undecidedHint', { n: p.undecided })}</Text>
            <Checkbox
              label={t('confirm.deferRest', { n: p.undecided })}
              checked={deferRest}
              onChange={(e) => setDeferRest(e.currentTarget.checked)}
            />
          </Stack>
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {t('confirm.irreversible')}
      </Text>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel}>
          {t('confirm.cancel')}
        </Button>
        <Button
          color="green"
          leftSection={<IconLock size={16} />}
          loading={busy}
          disabled={p.undecided > 0 && !deferRest}
          onClick={() => onConfirm(p.undecided > 0 && deferRest)}
        >
          {t('confirm.ok')}
        </Button>
      </Group>
    </Stack>
  );
}

/** What is still missing to finalise, the finalise button, and once final who finalised it and what it changed. */
export function FinaliseCard({ detail, onSaved }: { detail: MeetingDetail; onSaved: (d: MeetingDetail) => void }) {
  const { t } = useTranslation(NS);
  const m = detail.meeting;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState<FinalisePreview | null>(null);
  const en = currentLanguage() === 'en';

  if (m.status === 'FINALISED') {
    return (
      <Alert color="green" icon={<IconLock size={18} />} data-testid="musdes-finalised">
        <Text size="sm">{t('finalisedNote', { who: m.finalisedBy ?? '—', at: formatDateTime(m.finalisedAt) })}</Text>
        {detail.effect && (
          <Text size="sm" fw={600}>
            {t('effect', detail.effect)}
            {detail.effect.moved > 0 && ` ${t('effectMoved', detail.effect)}`}
          </Text>
        )}
        <Text size="sm">{t('decisionSummary', detail.decisions)}</Text>
      </Alert>
    );
  }

  /** Ask first: read what finalising would do, then confirm in the dialog. */
  async function ask() {
    setBusy(true);
    setError(null);
    try {
      setPreview(await apiGet('/musdes/meetings/{id}/finalise-preview', { params: { path: { id: m.id } } }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function finalise(p: FinalisePreview, deferRest: boolean) {
    setBusy(true);
    setError(null);
    try {
      // The version the preview was read at: if anything changed since, the server refuses (stale).
      const body = deferRest ? { version: p.version, deferRest } : { version: p.version };
      const done = await api.post<MeetingDetail>(`/musdes/meetings/${m.id}/finalise`, body);
      setPreview(null);
      onSaved(done);
    } catch (e) {
      setPreview(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder data-testid="musdes-finalise">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('finalise')}
        </Title>
        <Text size="sm">{t('finaliseIntro')}</Text>
        {detail.problems.length > 0 ? (
          <>
            <Text size="sm" fw={600} c="red">
              {t('missing')}
            </Text>
            <List size="sm" data-testid="musdes-problems">
              {detail.problems.map((p) => (
                <List.Item key={`${p.code}-${p.role ?? ''}`}>
                  {/* The role in the words of the attendance list above, in either language. */}
                  {p.code === 'ROLE_MISSING' && p.role ? t('roleMissing', { role: t(`roles.${p.role}`) }) : en ? p.messageEn : p.message}
                </List.Item>
              ))}
            </List>
          </>
        ) : (
          <Text size="sm" c="green" fw={600}>
            {t('ready')}
          </Text>
        )}
        <ErrorAlert error={error} />
        {detail.permissions.finalise ? (
          <Button onClick={ask} loading={busy} disabled={detail.problems.length > 0} leftSection={<IconLock size={16} />} w="fit-content">
            {t('finalise')}
          </Button>
        ) : (
          <Text size="xs" c="dimmed">
            {t('finaliseBy')}
          </Text>
        )}
      </Stack>
      <Modal opened={preview !== null} onClose={() => setPreview(null)} title={t('confirm.title')} centered>
        {preview && (
          <ConfirmFinalise preview={preview} busy={busy} onCancel={() => setPreview(null)} onConfirm={(d) => finalise(preview, d)} />
        )}
      </Modal>
    </Card>
  );
}
