import { ActionIcon, Group, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type EditableField, type HouseholdVerval, TEXT_FIELDS } from './api';
import { display, type Form, type FormPatch } from './form';
import { NS } from './i18n';
import { usePickLists } from './pickLists';
import { SexControl } from './SexControl';
import './i18n-review';
import './i18n-fields';

const NUMERIC: ReadonlySet<string> = new Set(['headNik', 'kkNumber']);
const FIELD_ORDER: EditableField[] = [
  'headName',
  'headNik',
  'kkNumber',
  'headSex',
  'headBirthDate',
  ...TEXT_FIELDS.filter((f) => !['headName', 'headNik', 'kkNumber'].includes(f)),
  'hasSavings',
];

interface Props {
  form: Form;
  patch: FormPatch;
  fields: HouseholdVerval['fields'];
  indicators: Record<string, unknown>;
}

/** One correctable value: its input and, when changed, "before → after" with an undo. */
function Row({
  label,
  before,
  after,
  changed,
  onUndo,
  children,
}: {
  label: string;
  before: unknown;
  after: unknown;
  changed: boolean;
  onUndo: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation(NS);
  return (
    <Stack gap={4} data-testid={changed ? 'verval-changed-field' : undefined}>
      {children}
      {changed && (
        <Group gap="xs" wrap="nowrap" justify="space-between">
          <Text size="sm" c="orange.8" style={{ overflowWrap: 'anywhere' }}>
            {label}: {display(before, t('yes'), t('no'))} → <b>{display(after, t('yes'), t('no'))}</b>
          </Text>
          <ActionIcon variant="subtle" size="lg" onClick={onUndo} aria-label={`${t('undo')}: ${label}`}>
            <IconArrowBackUp />
          </ActionIcon>
        </Group>
      )}
    </Stack>
  );
}

const yesNo = (t: (k: string) => string) => [
  { value: 'true', label: t('yes') },
  { value: 'false', label: t('no') },
];

/** Editable identity, housing and asset fields and indicators, each shown as before → after once changed. */
export function CorrectionsSection({ form, patch, fields, indicators }: Props) {
  const { t } = useTranslation(NS);
  const valueLists = usePickLists().data?.values;

  const setField = (field: EditableField, value: unknown) => {
    const next = { ...form.updates };
    if (value === fields[field]) delete next[field];
    else next[field] = value;
    patch({ updates: next });
  };
  const setIndicator = (key: string, value: unknown) => {
    const next = { ...form.indicators };
    if (value === (indicators[key] ?? null)) delete next[key];
    else next[key] = value;
    patch({ indicators: next });
  };
  const text = (v: string, keepEmpty = false) => (v.trim() === '' && !keepEmpty ? null : v);

  const fieldInput = (field: EditableField, value: unknown, label: string) => {
    if (field === 'headSex') {
      return <SexControl label={label} value={value as string | null} onChange={(sex) => setField(field, sex)} />;
    }
    if (field === 'hasSavings') {
      return (
        <Stack gap={4}>
          <Text fw={500}>{label}</Text>
          <SegmentedControl
            size="md"
            fullWidth
            value={value === null || value === undefined ? '' : String(value)}
            onChange={(v) => setField(field, v === 'true')}
            data={yesNo(t)}
          />
        </Stack>
      );
    }
    const choices = valueLists?.[field];
    if (choices) {
      // The registry's own values; a value stored outside the list stays choosable as it is.
      const current = typeof value === 'string' ? value : null;
      const data = choices.map((c) => ({ value: c, label: c }));
      if (current && !choices.includes(current)) data.unshift({ value: current, label: t('pick.notInList', { value: current }) });
      return (
        <Select
          size="md"
          label={label}
          placeholder={t('pick.valuePlaceholder')}
          data={data}
          value={current}
          onChange={(v) => setField(field, v)}
          clearable
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          data-testid={`verval-field-${field}`}
        />
      );
    }
    return (
      <TextInput
        size="md"
        label={label}
        type={field === 'headBirthDate' ? 'date' : 'text'}
        inputMode={NUMERIC.has(field) ? 'numeric' : undefined}
        maxLength={NUMERIC.has(field) ? 16 : undefined}
        value={(value as string | null) ?? ''}
        onChange={(e) => setField(field, text(e.currentTarget.value, field === 'headName'))}
      />
    );
  };

  const indicatorInput = (key: string, value: unknown, original: unknown) => {
    if (typeof original === 'boolean' || typeof value === 'boolean') {
      return (
        <Stack gap={4}>
          <Text fw={500}>{key}</Text>
          <SegmentedControl
            size="md"
            fullWidth
            value={value === null || value === undefined ? '' : String(value)}
            onChange={(v) => setIndicator(key, v === 'true')}
            data={yesNo(t)}
          />
        </Stack>
      );
    }
    const numeric = typeof original === 'number';
    return (
      <TextInput
        size="md"
        label={key}
        inputMode={numeric ? 'decimal' : undefined}
        value={value === null || value === undefined ? '' : String(value)}
        onChange={(e) => {
          const raw = e.currentTarget.value;
          if (numeric && raw.trim() !== '' && !Number.isNaN(Number(raw))) setIndicator(key, Number(raw));
          else setIndicator(key, text(raw));
        }}
      />
    );
  };

  const indicatorKeys = [...new Set([...Object.keys(indicators), ...Object.keys(form.indicators)])].sort();
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('correctionsHint')}
      </Text>
      {FIELD_ORDER.map((field) => {
        const changed = field in form.updates;
        const value = changed ? form.updates[field] : fields[field];
        const label = t(`field.${field}`);
        return (
          <Row
            key={field}
            label={label}
            before={fields[field]}
            after={value}
            changed={changed}
            onUndo={() => setField(field, fields[field])}
          >
            {fieldInput(field, value, label)}
          </Row>
        );
      })}
      {indicatorKeys.length > 0 && <Title order={3}>{t('indicatorsTitle')}</Title>}
      {indicatorKeys.map((key) => {
        const changed = key in form.indicators;
        const original = indicators[key] ?? null;
        const value = changed ? form.indicators[key] : original;
        return (
          <Row key={key} label={key} before={original} after={value} changed={changed} onUndo={() => setIndicator(key, original)}>
            {indicatorInput(key, value, original)}
          </Row>
        );
      })}
    </Stack>
  );
}
