import { Button, Center, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiPatch } from '../../lib/api/client';
import { useSession } from '../auth/session';
import { NS } from './i18n';

/**
 * Shown instead of the app while the user's password is one an admin gave (an initial password
 * from a slip, a reset): the server answers 403 PASSWORD_CHANGE_REQUIRED to everything else.
 * After the change every session ends, so the user signs in again with the new password.
 */
export function ForcePasswordChange() {
  const { t } = useTranslation(NS);
  const { t: tg } = useTranslation();
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
      await apiPatch('/me', { body: { currentPassword: current, password: next } });
      notifications.show({ color: 'teal', message: t('forceDone') });
      await session.logout();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder p="lg" w="100%" maw={420}>
        <form onSubmit={submit}>
          <Stack gap="sm">
            <Title order={1} size="h3">
              {t('forceTitle')}
            </Title>
            <Text size="sm">{t('forceIntro')}</Text>
            <Text size="sm" c="dimmed">
              {session.user?.fullName} ({session.user?.username})
            </Text>
            <ErrorAlert error={error} />
            <PasswordInput
              label={tg('account.currentPassword')}
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              data-autofocus
            />
            <PasswordInput
              label={tg('account.newPassword')}
              description={tg('users.passwordHint')}
              autoComplete="new-password"
              required
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
            />
            <PasswordInput
              label={tg('account.repeatPassword')}
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              error={mismatch ? tg('account.mismatch') : undefined}
            />
            <Group justify="space-between">
              <Button variant="subtle" onClick={() => session.logout()}>
                {t('logout')}
              </Button>
              <Button type="submit" loading={busy} disabled={!current || !next || next !== repeat}>
                {t('forceSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
