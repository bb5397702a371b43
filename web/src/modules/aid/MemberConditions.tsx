import { Checkbox, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useSession } from '../auth/session';
import { NS } from './i18n';
import type { HouseholdAid } from './types';

type Member = HouseholdAid['members'][number];

/**
 * "Kondisi" per member: disability and chronic illness, which P3KE/DTKS files do not carry.
 * Field staff tick them here; the household's priority is recomputed by `onChanged`.
 */
export function MemberConditions({ members, onChanged }: { members: Member[]; onChanged: () => void }) {
  const { t } = useTranslation(NS);
  const session = useSession();
  const canEdit = session.can('households.conditions.write');
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function save(m: Member, change: Partial<Pick<Member, 'disability' | 'chronicIllness'>>) {
    setBusy(m.id);
    setError(null);
    try {
      await api.put(`/households/members/${m.id}/conditions`, {
        disability: change.disability ?? m.disability,
        chronicIllness: change.chronicIllness ?? m.chronicIllness,
      });
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack gap={6} data-testid="member-conditions">
      <Text fw={600} size="sm">
        {t('conditions.title')}
      </Text>
      <ErrorAlert error={error} />
      {members.map((m) => (
        <Group key={m.id} gap="sm" wrap="wrap" data-testid="member-condition">
          <Text size="sm" style={{ flex: '1 1 8rem', minWidth: 0 }}>
            {m.name}
          </Text>
          <Checkbox
            size="sm"
            label={t('conditions.disability')}
            checked={m.disability}
            disabled={!canEdit || busy === m.id}
            onChange={(e) => save(m, { disability: e.currentTarget.checked })}
          />
          <Checkbox
            size="sm"
            label={t('conditions.chronicIllness')}
            checked={m.chronicIllness}
            disabled={!canEdit || busy === m.id}
            onChange={(e) => save(m, { chronicIllness: e.currentTarget.checked })}
          />
        </Group>
      ))}
    </Stack>
  );
}
