import { Group, MultiSelect, NativeSelect, NumberInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { FNS } from './form-i18n';
import { type Comparison, defaultValue, type FieldInfo, type Operator, operatorOf, operatorsFor, type Scalar, withOperator } from './model';

/** One comparison: the household field (by its Indonesian label), an operator from its type's list, and the value. */
export function ComparisonFields<T extends Comparison>({
  value,
  fields,
  onChange,
}: {
  value: T;
  fields: readonly FieldInfo[];
  onChange(v: T): void;
}) {
  const { t } = useTranslation(FNS);
  const en = currentLanguage() === 'en';
  const field = fields.find((f) => f.name === value.field);
  const current = operatorOf(value);
  const ops = operatorsFor(field?.type);
  const op: Operator = current && ops.includes(current.op) ? current.op : (ops[0] as Operator);
  const setField = (name: string) => {
    const f = fields.find((x) => x.name === name);
    const first = operatorsFor(f?.type)[0] as Operator;
    onChange(withOperator({ ...value, field: name }, first, defaultValue(f?.type, first, f?.codes ?? null)));
  };
  const setOp = (o: Operator) => onChange(withOperator(value, o, defaultValue(field?.type, o, field?.codes ?? null)));
  const setValue = (v: Scalar | Scalar[]) => onChange(withOperator(value, op, v));
  const codes = (field?.codes ?? []).map((c) => ({ value: c, label: c }));
  let input: React.ReactNode;
  if (field?.type === 'boolean') {
    input = (
      <NativeSelect
        label={t('value')}
        value={current?.value === true ? 'true' : 'false'}
        onChange={(e) => setValue(e.currentTarget.value === 'true')}
        data={[
          { value: 'true', label: t('yes') },
          { value: 'false', label: t('no') },
        ]}
      />
    );
  } else if (field?.type === 'enum' && (op === 'in' || op === 'notIn')) {
    input = (
      <MultiSelect
        label={t('values')}
        data={codes}
        value={Array.isArray(current?.value) ? current.value.map(String) : []}
        onChange={(v) => setValue(v)}
        searchable
        miw={240}
      />
    );
  } else if (field?.type === 'enum') {
    input = (
      <NativeSelect
        label={t('value')}
        data={codes}
        value={String(current?.value ?? '')}
        onChange={(e) => setValue(e.currentTarget.value)}
      />
    );
  } else {
    input = (
      <NumberInput
        label={t('value')}
        value={typeof current?.value === 'number' ? current.value : 0}
        onChange={(v) => setValue(typeof v === 'number' ? v : Number(v) || 0)}
        thousandSeparator="."
        decimalSeparator=","
        w={160}
      />
    );
  }
  return (
    <Group gap="xs" align="end" wrap="wrap">
      <NativeSelect
        label={t('field')}
        value={value.field ?? ''}
        onChange={(e) => setField(e.currentTarget.value)}
        data={[
          ...(value.field ? [] : [{ value: '', label: '—' }]),
          ...fields.map((f) => ({ value: f.name, label: en ? f.label.en : f.label.id })),
        ]}
        miw={220}
      />
      <NativeSelect
        label={t('operator')}
        value={op}
        onChange={(e) => setOp(e.currentTarget.value as Operator)}
        data={ops.map((o) => ({ value: o, label: t(`ops.${o}`) }))}
      />
      {input}
    </Group>
  );
}
