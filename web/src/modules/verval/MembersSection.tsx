import { Badge, Button, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../lib/format';
import { type Member, type NewPerson, REMOVE_REASONS, type RemoveReason } from './api';
import type { Form, FormPatch } from './form';
import { NS } from './i18n';
import { AddedPerson, PersonForm } from './PersonForm';
import './i18n-review';

const emptyPerson = (): NewPerson => ({ type: 'BORN', name: '', nik: null, sex: null, birthDate: null, relationship: null });

/** Member changes: remove with a reason (died, moved, married out), add a newborn or a new member. */
export function MembersSection({ form, patch, members }: { form: Form; patch: FormPatch; members: Member[] }) {
  const { t } = useTranslation(NS);
  const [removing, setRemoving] = useState<number | null>(null);
  const [adding, setAdding] = useState<NewPerson | null>(null);
  const removals = new Map(form.memberChanges.flatMap((m) => (m.type === 'REMOVE' ? [[m.memberId, m.reason] as const] : [])));
  const additions = form.memberChanges.flatMap((m, i) => (m.type === 'REMOVE' ? [] : [{ m, i }]));

  const remove = (member: Member, reason: RemoveReason) => {
    patch({ memberChanges: [...form.memberChanges, { type: 'REMOVE', memberId: member.id, name: member.name, reason }] });
    setRemoving(null);
  };
  const undoRemove = (memberId: number) =>
    patch({ memberChanges: form.memberChanges.filter((m) => !(m.type === 'REMOVE' && m.memberId === memberId)) });
  const add = () => {
    if (!adding?.name.trim()) return;
    patch({ memberChanges: [...form.memberChanges, { ...adding, name: adding.name.trim() }] });
    setAdding(null);
  };
  const set = (p: Partial<NewPerson>) => setAdding((a) => (a ? { ...a, ...p } : a));

  return (
    <Stack gap="sm">
      {members.length === 0 && <Text c="dimmed">{t('noMembers')}</Text>}
      {members.map((m) => {
        const reason = removals.get(m.id);
        return (
          <Card key={m.id} withBorder padding="sm" data-testid="verval-member">
            <Stack gap="xs">
              <Text fw={600} td={reason ? 'line-through' : undefined}>
                {m.name}
              </Text>
              <Text size="sm" c="dimmed">
                {[m.relationship, m.sex ? t(`sex.${m.sex}`) : null, m.birthDate && formatDay(m.birthDate)].filter(Boolean).join(' · ')}
              </Text>
              {reason ? (
                <Group justify="space-between">
                  <Badge color="red" variant="light" size="lg">
                    {t('removed', { reason: t(`reasonOf.${reason}`) })}
                  </Badge>
                  <Button variant="subtle" onClick={() => undoRemove(m.id)}>
                    {t('cancel')}
                  </Button>
                </Group>
              ) : removing === m.id ? (
                <Stack gap="xs">
                  <Text size="sm" fw={600}>
                    {t('removeReason')}
                  </Text>
                  {REMOVE_REASONS.map((r) => (
                    <Button key={r} size="md" variant="light" color="red" onClick={() => remove(m, r)}>
                      {t(`reasonOf.${r}`)}
                    </Button>
                  ))}
                  <Button size="md" variant="subtle" onClick={() => setRemoving(null)}>
                    {t('cancel')}
                  </Button>
                </Stack>
              ) : (
                <Button size="md" variant="light" color="red" leftSection={<IconUserMinus />} onClick={() => setRemoving(m.id)}>
                  {t('removeMember')}
                </Button>
              )}
            </Stack>
          </Card>
        );
      })}
      {additions.map(({ m, i }) => (
        <AddedPerson
          key={`add-${i}`}
          name={m.name}
          testId="verval-member-added"
          onCancel={() => patch({ memberChanges: form.memberChanges.filter((_, j) => j !== i) })}
        >
          <Text size="sm" c="green.8">
            {t('added', { type: t(`addType.${m.type}`) })}
            {m.birthDate ? ` · ${formatDay(m.birthDate)}` : ''}
          </Text>
        </AddedPerson>
      ))}
      {adding ? (
        <PersonForm
          value={adding}
          set={set}
          onCancel={() => setAdding(null)}
          onAdd={add}
          top={
            <SegmentedControl
              size="md"
              fullWidth
              value={adding.type}
              onChange={(v) => set({ type: v as NewPerson['type'] })}
              data={[
                { value: 'BORN', label: t('addType.BORN') },
                { value: 'ADD', label: t('addType.ADD') },
              ]}
            />
          }
        />
      ) : (
        <Button size="lg" variant="light" leftSection={<IconUserPlus />} onClick={() => setAdding(emptyPerson())}>
          {t('addMember')}
        </Button>
      )}
    </Stack>
  );
}
