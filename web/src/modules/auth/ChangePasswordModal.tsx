import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useSession } from './session';

/**
 * The signed-in user changes their own password: the current one is required (a session left
 * open on a shared computer cannot take over the account). The server then ends every session
 * of the user, this one included, so the user signs in again with the new password.
 */
export function ChangePasswordModal({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = repeat !== '' && next !== repeat;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      await api.patch('/me', { currentPassword: current, password: next });
      notifications.show({ color: 'teal', message: t('account.changed') });
      onClose();
      await session.logout();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('account.changePassword')}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <PasswordInput
            label={t('account.currentPassword')}
            name="currentPassword"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            data-autofocus
          />
          <PasswordInput
            label={t('account.newPassword')}
            description={t('users.passwordHint')}
            name="newPassword"
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('account.repeatPassword')}
            name="repeatPassword"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            error={mismatch ? t('account.mismatch') : undefined}
          />
          <Text size="xs" c="dimmed">
            {t('account.signInAgain')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!current || !next || next !== repeat}>
              {t('account.changePassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
