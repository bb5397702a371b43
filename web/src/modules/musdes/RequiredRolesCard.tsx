import { Button, Card, Group, MultiSelect, Stack, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { type Schemas, useGet } from '../../lib/api/client';
import { NS } from './i18n';
import { ROLES } from './types';

/** In the order of the role list, so the chosen roles read the same before and after saving. */
const ordered = (roles: readonly string[]) => ROLES.filter((r) => roles.includes(r));

/** Admin kabupaten: the attendee roles every meeting needs (present and signed) before it can be finalised. */
export function RequiredRolesCard() {
  const { t } = useTranslation(NS);
  const settings = useGet('/musdes/settings');
  const [stored, setStored] = useState<string[]>([]);
  const [roles, setRoles] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const current = ordered(settings.data?.requiredRoles ?? []);
    setStored(current);
    setRoles(current);
  }, [settings.data]);
  const changed = roles.join() !== stored.join();

  async function save() {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const r = await api.put<Schemas['MusdesSettings']>('/musdes/settings', { requiredRoles: roles });
      setStored(ordered(r.requiredRoles));
      setRoles(ordered(r.requiredRoles));
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('requiredTitle')}
      </Title>
      <Card withBorder data-testid="musdes-required-roles">
        <Stack gap="xs">
          <MultiSelect
            label={t('requiredSetting')}
            description={t('requiredHint')}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={roles}
            onChange={(v) => {
              setRoles(ordered(v));
              setSaved(false);
            }}
            disabled={!settings.data}
          />
          <ErrorAlert error={error ?? settings.error} />
          <Group justify="flex-end">
            {saved && (
              <Group gap={4} c="green" role="status">
                <IconCheck size={16} />
                <Text size="sm">{t('saved')}</Text>
              </Group>
            )}
            <Button variant="default" onClick={save} loading={busy} disabled={!changed}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
