import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NS } from './i18n';
import { SexControl } from './SexControl';
import './i18n-review';

/** A person being added to a household: a new member in verval, or a member of a proposed household. */
export interface PersonFields {
  name: string;
  nik: string | null;
  sex: 'L' | 'P' | null;
  birthDate: string | null;
  relationship: string | null;
}

/**
 * The fields of a person being added (name, NIK, sex, relationship, birth date) with "Batal" and
 * "Tambah anggota"; `top` goes above the name (verval's newborn / new member choice).
 */
export function PersonForm({
  value,
  set,
  onCancel,
  onAdd,
  relationshipRequired = false,
  relationshipPlaceholder,
  top,
}: {
  value: PersonFields;
  set: (p: Partial<PersonFields>) => void;
  onCancel: () => void;
  onAdd: () => void;
  relationshipRequired?: boolean;
  relationshipPlaceholder?: string;
  top?: ReactNode;
}) {
  const { t } = useTranslation(NS);
  const complete = value.name.trim() !== '' && (!relationshipRequired || (value.relationship ?? '').trim() !== '');
  return (
    <Card withBorder padding="sm">
      <Stack gap="sm">
        {top}
        <TextInput size="md" label={t('memberName')} required value={value.name} onChange={(e) => set({ name: e.currentTarget.value })} />
        <TextInput
          size="md"
          label={t('memberNik')}
          inputMode="numeric"
          maxLength={16}
          value={value.nik ?? ''}
          onChange={(e) => set({ nik: e.currentTarget.value.trim() || null })}
        />
        <SexControl label={t('memberSex')} value={value.sex} onChange={(sex) => set({ sex })} />
        <TextInput
          size="md"
          label={t('memberRelationship')}
          required={relationshipRequired}
          placeholder={relationshipPlaceholder}
          value={value.relationship ?? ''}
          onChange={(e) => set({ relationship: e.currentTarget.value || null })}
        />
        <TextInput
          size="md"
          type="date"
          label={t('memberBirthDate')}
          value={value.birthDate ?? ''}
          onChange={(e) => set({ birthDate: e.currentTarget.value || null })}
        />
        <Group grow>
          <Button size="md" variant="default" onClick={onCancel}>
            {t('cancel')}
          </Button>
          <Button size="md" onClick={onAdd} disabled={!complete}>
            {t('addMember')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** A person added in this form, with a line under the name and "Batal" to take them out again. */
export function AddedPerson({
  name,
  children,
  onCancel,
  testId,
}: {
  name: string;
  children: ReactNode;
  onCancel: () => void;
  testId: string;
}) {
  const { t } = useTranslation(NS);
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={2} miw={0} style={{ flex: 1 }}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {name}
          </Text>
          {children}
        </Stack>
        <Button variant="subtle" style={{ flexShrink: 0 }} onClick={onCancel}>
          {t('cancel')}
        </Button>
      </Group>
    </Card>
  );
}
