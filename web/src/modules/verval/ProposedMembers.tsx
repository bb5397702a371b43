import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../lib/format';
import { NS } from './i18n';
import { SexControl } from './SexControl';
import './i18n-review';

/** A member of a proposed household, as the server takes it. */
export interface ProposedMember {
  name: string;
  nik: string | null;
  sex: 'L' | 'P' | null;
  birthDate: string | null;
  relationship: string;
}

export const HEAD_RELATIONSHIP = 'Kepala Keluarga';

const empty = (): ProposedMember => ({ name: '', nik: null, sex: null, birthDate: null, relationship: '' });

/**
 * The members of a household proposed in the field (USULAN_BARU): the head, filled from the head
 * fields above, and the others living with them. A widow living alone is one member, not none.
 */
export function ProposedMembers({
  head,
  others,
  onChange,
}: {
  head: ProposedMember;
  others: ProposedMember[];
  onChange: (others: ProposedMember[]) => void;
}) {
  const { t } = useTranslation(NS);
  const [adding, setAdding] = useState<ProposedMember | null>(null);
  const set = (p: Partial<ProposedMember>) => setAdding((a) => (a ? { ...a, ...p } : a));
  const describe = (m: ProposedMember) =>
    [m.relationship, m.sex ? t(`sex.${m.sex}`) : null, m.birthDate && formatDay(m.birthDate), m.nik].filter(Boolean).join(' · ');
  const add = () => {
    if (!adding?.name.trim() || !adding.relationship.trim()) return;
    onChange([...others, { ...adding, name: adding.name.trim(), relationship: adding.relationship.trim() }]);
    setAdding(null);
  };

  return (
    <Stack gap="sm" data-testid="proposed-members">
      <Title order={2} size="h4">
        {t('fresh.members')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('fresh.membersHint')}
      </Text>
      <Card withBorder padding="sm" data-testid="proposed-member">
        <Text fw={600}>{head.name || t('fresh.headFromFields')}</Text>
        <Text size="sm" c="dimmed">
          {describe(head)}
        </Text>
      </Card>
      {others.map((m, i) => (
        <Card key={`${m.name}-${i}`} withBorder padding="sm" data-testid="proposed-member">
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2} miw={0} style={{ flex: 1 }}>
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                {m.name}
              </Text>
              <Text size="sm" c="dimmed">
                {describe(m)}
              </Text>
            </Stack>
            <Button variant="subtle" style={{ flexShrink: 0 }} onClick={() => onChange(others.filter((_, j) => j !== i))}>
              {t('cancel')}
            </Button>
          </Group>
        </Card>
      ))}
      {adding ? (
        <Card withBorder padding="sm">
          <Stack gap="sm">
            <TextInput
              size="md"
              label={t('memberName')}
              required
              value={adding.name}
              onChange={(e) => set({ name: e.currentTarget.value })}
            />
            <TextInput
              size="md"
              label={t('memberNik')}
              inputMode="numeric"
              maxLength={16}
              value={adding.nik ?? ''}
              onChange={(e) => set({ nik: e.currentTarget.value.trim() || null })}
            />
            <SexControl label={t('memberSex')} value={adding.sex} onChange={(sex) => set({ sex })} />
            <TextInput
              size="md"
              label={t('memberRelationship')}
              required
              placeholder={t('fresh.relationshipExample')}
              value={adding.relationship}
              onChange={(e) => set({ relationship: e.currentTarget.value })}
            />
            <TextInput
              size="md"
              type="date"
              label={t('memberBirthDate')}
              value={adding.birthDate ?? ''}
              onChange={(e) => set({ birthDate: e.currentTarget.value || null })}
            />
            <Group grow>
              <Button size="md" variant="default" onClick={() => setAdding(null)}>
                {t('cancel')}
              </Button>
              <Button size="md" onClick={add} disabled={!adding.name.trim() || !adding.relationship.trim()}>
                {t('addMember')}
              </Button>
            </Group>
          </Stack>
        </Card>
      ) : (
        <Button size="lg" variant="light" leftSection={<IconUserPlus />} onClick={() => setAdding(empty())}>
          {t('addMember')}
        </Button>
      )}
    </Stack>
  );
}
