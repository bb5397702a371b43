import { Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { generatePassword } from '../../lib/password';
import type { Grant, User } from '../../lib/types';
import { GrantsEditor } from './GrantsEditor';

/** The grants to send: the listed ones plus a completed one still in the picker. */
function withPending(grants: Grant[], pending: Grant | null): Grant[] {
  const all =
    pending && !grants.some((g) => g.role === pending.role && g.regionCode === pending.regionCode) ? [...grants, pending] : grants;
  return all.map((g) => ({ role: g.role, regionCode: g.regionCode }));
}

/** Create a user (`user` absent) or edit name and roles of one. */
export function UserFormModal({
  user,
  opened,
  onClose,
  onSaved,
}: {
  user: User | null;
  opened: boolean;
  onClose(): void;
  onSaved(u: User): void;
}) {
  const { t } = useTranslation();
  const editing = user !== null;
  const [username, setUsername] = useState(user?.username ?? '');
  const [fullName, setFullName] = useState(user?.fullName ?? '');
  const [password, setPassword] = useState('');
  const [language, setLanguage] = useState<'id' | 'en'>(user?.language ?? 'id');
  const [grants, setGrants] = useState<Grant[]>(user?.roles ?? []);
  const [pending, setPending] = useState<Grant | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const roles = withPending(grants, pending);
      const saved = editing
        ? await api.patch<User>(`/users/${user.id}`, { fullName, language, roles })
        : await api.post<User>('/users', { username, fullName, password, language, roles });
      notifications.show({ color: 'teal', message: editing ? t('users.saved') : t('users.created', { username: saved.username }) });
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? t('users.editTitle', { username: user.username }) : t('users.createTitle')}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={error} />
          {!editing && (
            <TextInput
              label={t('users.username')}
              name="username"
              required
              autoCapitalize="none"
              autoComplete="off"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
            />
          )}
          <TextInput
            label={t('users.fullName')}
            name="fullName"
            required
            value={fullName}
            onChange={(e) => setFullName(e.currentTarget.value)}
          />
          {!editing && (
            <Group align="flex-end" wrap="nowrap" gap="xs">
              <PasswordInput
                label={t('users.password')}
                name="password"
                description={t('users.passwordHint')}
                required
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                style={{ flex: 1 }}
              />
              <Button variant="default" onClick={() => setPassword(generatePassword())}>
                {t('users.generate')}
              </Button>
            </Group>
          )}
          <Select
            label={t('users.language')}
            data={[
              { value: 'id', label: 'Bahasa Indonesia' },
              { value: 'en', label: 'English' },
            ]}
            value={language}
            onChange={(v) => setLanguage(v === 'en' ? 'en' : 'id')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <GrantsEditor value={grants} onChange={setGrants} onPendingChange={setPending} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('app.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
