import { Badge, Button, Card, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../lib/format';
import { type Member, type NewPerson, REMOVE_REASONS, type RemoveReason } from './api';
import type { Form, FormPatch } from './form';
import { NS } from './i18n';
import { SexControl } from './SexControl';
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
        <Card key={`add-${i}`} withBorder padding="sm" data-testid="verval-member-added">
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2} miw={0} style={{ flex: 1 }}>
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                {m.name}
              </Text>
              <Text size="sm" c="green.8">
                {t('added', { type: t(`addType.${m.type}`) })}
                {m.birthDate ? ` · ${formatDay(m.birthDate)}` : ''}
              </Text>
            </Stack>
            <Button
              variant="subtle"
              style={{ flexShrink: 0 }}
              onClick={() => patch({ memberChanges: form.memberChanges.filter((_, j) => j !== i) })}
            >
              {t('cancel')}
            </Button>
          </Group>
        </Card>
      ))}
      {adding ? (
        <Card withBorder padding="sm">
          <Stack gap="sm">
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
              value={adding.relationship ?? ''}
              onChange={(e) => set({ relationship: e.currentTarget.value || null })}
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
              <Button size="md" onClick={add} disabled={!adding.name.trim()}>
                {t('addMember')}
              </Button>
            </Group>
          </Stack>
        </Card>
      ) : (
        <Button size="lg" variant="light" leftSection={<IconUserPlus />} onClick={() => setAdding(emptyPerson())}>
          {t('addMember')}
        </Button>
      )}
    </Stack>
  );
}
