import { Button, Card, Group, MultiSelect, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { NS } from './i18n';
import { ROLES } from './types';

/** Admin kabupaten: the attendee roles every meeting needs (present and signed) before it can be finalised. */
export function RequiredRolesCard() {
  const { t } = useTranslation(NS);
  const settings = useApi<{ requiredRoles: string[] }>('/musdes/settings');
  const [roles, setRoles] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setRoles(settings.data?.requiredRoles ?? []), [settings.data]);

  async function save() {
    setError(null);
    setSaved(false);
    try {
      await api.put('/musdes/settings', { requiredRoles: roles });
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Card withBorder>
      <Stack gap="xs">
        <MultiSelect
          label={t('requiredSetting')}
          description={t('requiredHint')}
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          value={roles}
          onChange={(v) => {
            setRoles(v);
            setSaved(false);
          }}
        />
        <ErrorAlert error={error ?? settings.error} />
        <Group justify="flex-end">
          {saved && (
            <Text size="sm" c="green">
              {t('saved')}
            </Text>
          )}
          <Button variant="default" onClick={save}>
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
