import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../lib/format';
import { NS } from './i18n';
import { AddedPerson, PersonForm } from './PersonForm';
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
        <AddedPerson
          key={`${m.name}-${i}`}
          name={m.name}
          testId="proposed-member"
          onCancel={() => onChange(others.filter((_, j) => j !== i))}
        >
          <Text size="sm" c="dimmed">
            {describe(m)}
          </Text>
        </AddedPerson>
      ))}
      {adding ? (
        <PersonForm
          value={adding}
          set={({ relationship, ...p }) => set(relationship === undefined ? p : { ...p, relationship: relationship ?? '' })}
          onCancel={() => setAdding(null)}
          onAdd={add}
          relationshipRequired
          relationshipPlaceholder={t('fresh.relationshipExample')}
        />
      ) : (
        <Button size="lg" variant="light" leftSection={<IconUserPlus />} onClick={() => setAdding(empty())}>
          {t('addMember')}
        </Button>
      )}
    </Stack>
  );
}
