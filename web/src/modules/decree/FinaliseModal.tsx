import { Alert, Button, Checkbox, Group, List, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { api } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import { NS } from './i18n';
import type { Decree, Precondition } from './types';

function PreconditionsPanel({ items }: { items: Precondition[] }) {
  const { t } = useTranslation(NS);
  const en = currentLanguage() === 'en';
  if (items.length === 0) {
    return (
      <Alert color="green" icon={<IconCircleCheck size={18} />} title={t('preconditions')}>
        {t('ready')}
      </Alert>
    );
  }
  return (
    <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('preconditions')} data-testid="decree-preconditions">
      <Text size="sm">{t('notReady')}</Text>
      <List size="sm" mt={4}>
        {items.map((p) => (
          <List.Item key={p.code}>
            {en ? p.messageEn : p.message} ({formatNumber(p.count)})
            {p.items.length > 0 && (
              <Text size="xs" c="dimmed">
                {p.items
                  .slice(0, 10)
                  .map((i) => i.name)
                  .join(', ')}
                {p.items.length > 10 ? ', …' : ''}
              </Text>
            )}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** The admin's finalise form: preconditions first, an explicit override when some are unmet. */
export function FinaliseModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation(NS);
  const navigate = useNavigate();
  const pre = useGet('/decrees/preconditions', opened ? {} : null);
  const [form, setForm] = useState({
    number: '',
    decreeDate: new Date().toISOString().slice(0, 10),
    title: '',
    signatoryName: '',
    signatoryPosition: '',
  });
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const unmet = pre.data?.preconditions ?? [];
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.currentTarget.value }),
  });

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<Decree>('/decrees', { ...form, ...(override ? { override: { reason } } : {}) });
      navigate(`/decree/${created.id}`);
    } catch (e) {
      setError(e);
      pre.reload();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('finaliseTitle')} size="lg">
      <Stack>
        <ErrorAlert error={pre.error} onRetry={pre.reload} />
        {pre.data && <PreconditionsPanel items={unmet} />}
        <TextInput label={t('number')} placeholder={t('numberHint')} required {...field('number')} />
        <TextInput label={t('date')} type="date" required {...field('decreeDate')} />
        <TextInput label={t('decreeTitle')} required {...field('title')} />
        <Group grow wrap="wrap">
          <TextInput label={t('signatoryName')} required miw={200} {...field('signatoryName')} />
          <TextInput label={t('signatoryPosition')} required miw={200} {...field('signatoryPosition')} />
        </Group>
        {unmet.length > 0 && (
          <>
            <Checkbox label={t('override')} checked={override} onChange={(e) => setOverride(e.currentTarget.checked)} />
            {override && (
              <Textarea
                label={t('overrideReason')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                autosize
                minRows={2}
                required
              />
            )}
          </>
        )}
        <Text size="sm" c="dimmed">
          {t('finaliseNote')}
        </Text>
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button onClick={submit} loading={busy} disabled={!pre.data || (unmet.length > 0 && (!override || reason.trim().length < 10))}>
            {t('finalise')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
