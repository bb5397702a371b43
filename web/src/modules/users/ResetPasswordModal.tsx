import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { generatePassword } from '../../lib/password';
import type { User } from '../../lib/types';

/** Confirm, set a generated password, and show it once. */
export function ResetPasswordModal({ user, onClose }: { user: User; onClose(): void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function reset() {
    setBusy(true);
    setError(null);
    const next = generatePassword();
    try {
      await api.post(`/users/${user.id}/password`, { password: next });
      setPassword(next);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('users.resetPassword')}>
      <Stack gap="sm">
        <ErrorAlert error={error} />
        {password === null ? (
          <>
            <Text>{t('users.resetConfirm', { name: user.fullName })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('app.cancel')}
              </Button>
              <Button color="orange" loading={busy} onClick={reset}>
                {t('users.resetPassword')}
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Alert color="orange">{t('users.resetDone', { name: user.fullName })}</Alert>
            <Group gap="xs" wrap="nowrap">
              <Code fz="lg" data-testid="new-password">
                {password}
              </Code>
              <CopyButton value={password}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? t('app.copied') : t('app.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Group justify="flex-end">
              <Button onClick={onClose}>{t('app.close')}</Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
