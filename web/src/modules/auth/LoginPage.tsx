import { Alert, Anchor, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { LanguageToggle } from '../../components/LanguageToggle';
import type { Language } from '../../i18n';
import { applyLanguage } from '../../i18n';
import { errorText } from '../../lib/api';
import { useSession } from './session';

export default function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [languageTouched, setLanguageTouched] = useState(false);

  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (session.status === 'signedIn') return <Navigate to={from} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(username, password, languageTouched);
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  async function changeLanguage(lang: Language) {
    setLanguageTouched(true);
    await applyLanguage(lang);
  }

  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="lg" radius="md" w="100%" maw={400}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <div>
                <Title order={1} size="h2" c="teal.8">
                  {t('app.name')}
                </Title>
                <Text size="xs" c="dimmed">
                  {t('app.tagline')}
                </Text>
              </div>
              <LanguageToggle onChange={changeLanguage} />
            </Group>
            {session.meta && (
              <Text fw={600} data-testid="kabupaten-name">
                {session.meta.kabupaten.name}
              </Text>
            )}
            <Title order={2} size="h4">
              {t('login.title')}
            </Title>
            {error !== null && (
              <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
                {errorText(error)}
              </Alert>
            )}
            <TextInput
              label={t('login.username')}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
            />
            <PasswordInput
              label={t('login.password')}
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy} disabled={!username || !password} fullWidth>
              {t('login.submit')}
            </Button>
            <Text size="xs" c="dimmed" ta="center">
              <Anchor href="/api/docs" size="xs" c="dimmed">
                API
              </Anchor>
              {session.meta ? ` · v${session.meta.version}` : ''}
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
