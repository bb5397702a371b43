import { Alert, Button, Card, List, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { NS } from './i18n';
import type { MeetingDetail } from './types';

/** What is still missing to finalise, the finalise button, and once final who finalised it and what it changed. */
export function FinaliseCard({ detail, onSaved }: { detail: MeetingDetail; onSaved: (d: MeetingDetail) => void }) {
  const { t } = useTranslation(NS);
  const m = detail.meeting;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
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

  async function finalise() {
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.post<MeetingDetail>(`/musdes/meetings/${m.id}/finalise`, { version: m.version }));
    } catch (e) {
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
          <Button
            onClick={finalise}
            loading={busy}
            disabled={detail.problems.length > 0}
            leftSection={<IconLock size={16} />}
            w="fit-content"
          >
            {t('finalise')}
          </Button>
        ) : (
          <Text size="xs" c="dimmed">
            {t('finaliseBy')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
