import { ActionIcon, Alert, Button, Divider, Group, NativeSelect, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ComparisonFields } from './ComparisonFields';
import { FNS } from './form-i18n';
import { NS } from './i18n';
import { LiveWhatIf } from './LiveWhatIf';
import type { Condition, FieldInfo, Indicator, Rule, RuleSetDoc } from './model';
import { CLASS_LABELS } from './types';

type Mode = 'always' | 'all' | 'any';

/** A rule's condition as the form shows it: always, or one group of leaf conditions. */
function groupOf(c: Condition): { mode: Mode; items: Condition[] } {
  if (c.always) return { mode: 'always', items: [] };
  if (c.all) return { mode: 'all', items: c.all };
  if (c.any) return { mode: 'any', items: c.any };
  return { mode: 'all', items: [c] };
}

function conditionOf(mode: Mode, items: Condition[]): Condition {
  if (mode === 'always') return { always: true };
  if (items.length === 1 && mode === 'all') return items[0] as Condition;
  return mode === 'all' ? { all: items } : { any: items };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 40);

/**
 * The criteria set as a form: code and title, indicators (a household field, an operator from
 * the field type's list, the value), and the classification rules (always, or all/any of
 * indicator-count and field conditions). Writes the same JSON document the JSON tab shows.
 */
export function CriteriaForm({ doc, fields, onDoc }: { doc: RuleSetDoc; fields: readonly FieldInfo[]; onDoc(d: RuleSetDoc): void }) {
  const { t } = useTranslation(FNS);
  const { t: tc } = useTranslation(NS);
  const set = (patch: Partial<RuleSetDoc>) => onDoc({ ...doc, ...patch });
  const setIndicator = (i: number, v: Indicator) => set({ indicators: doc.indicators.map((x, n) => (n === i ? v : x)) });
  const setRule = (i: number, v: Rule) => set({ classify: doc.classify.map((x, n) => (n === i ? v : x)) });
  const firstField = fields[0];
  const newComparison = (): Condition =>
    firstField
      ? {
          field: firstField.name,
          ...(firstField.type === 'enum'
            ? { in: [firstField.codes?.[0] ?? ''] }
            : firstField.type === 'boolean'
              ? { eq: false }
              : { lt: 0 }),
        }
      : {};

  return (
    <Stack gap="md">
      <Paper withBorder p="md" data-testid="criteria-form">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('formTitle')}
          </Title>
          <Group grow align="start">
            <TextInput label={t('code')} description={t('codeHint')} value={doc.id} onChange={(e) => set({ id: e.currentTarget.value })} />
            <TextInput label={t('title')} value={doc.title} onChange={(e) => set({ title: e.currentTarget.value })} />
          </Group>
          <Group grow align="start">
            <TextInput
              label={t('reference')}
              value={doc.reference ?? ''}
              onChange={(e) => {
                const { reference: _r, ...rest } = doc;
                const v = e.currentTarget.value;
                onDoc(v ? { ...rest, reference: v } : rest);
              }}
            />
            <TextInput
              label={t('note')}
              value={doc.note ?? ''}
              onChange={(e) => {
                const { note: _n, ...rest } = doc;
                const v = e.currentTarget.value;
                onDoc(v ? { ...rest, note: v } : rest);
              }}
            />
          </Group>
          <Divider label={t('indicators')} labelPosition="left" />
          {doc.indicators.map((ind, i) => (
            <Paper key={`${i}-${ind.id}`} withBorder p="xs" data-testid="indicator-row">
              <Group gap="xs" align="end" wrap="wrap">
                <TextInput
                  label={t('indicatorLabel')}
                  value={ind.label}
                  onChange={(e) => {
                    const label = e.currentTarget.value;
                    // A new indicator takes its code from its text until the code is edited.
                    const autoId = !ind.id || ind.id === slug(ind.label) || /^indikator_\d+$/.test(ind.id);
                    setIndicator(i, { ...ind, label, ...(autoId && slug(label) ? { id: slug(label) } : {}) });
                  }}
                  miw={260}
                />
                <TextInput
                  label={t('indicatorId')}
                  value={ind.id}
                  onChange={(e) => setIndicator(i, { ...ind, id: e.currentTarget.value })}
                  w={160}
                />
                <ComparisonFields value={ind} fields={fields} onChange={(v) => setIndicator(i, v)} />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('remove')}
                  onClick={() => set({ indicators: doc.indicators.filter((_, n) => n !== i) })}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Paper>
          ))}
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            w="fit-content"
            onClick={() =>
              set({
                indicators: [
                  ...doc.indicators,
                  {
                    id: `indikator_${doc.indicators.length + 1}`,
                    label: '',
                    field: firstField?.name ?? '',
                    ...newComparison(),
                  } as Indicator,
                ],
              })
            }
          >
            {t('addIndicator')}
          </Button>
          <Divider label={t('rules')} labelPosition="left" />
          {doc.classify.map((rule, i) => {
            const g = groupOf(rule.when);
            const setGroup = (mode: Mode, items: Condition[]) => setRule(i, { ...rule, when: conditionOf(mode, items) });
            return (
              <Paper key={`${i}-${rule.label}`} withBorder p="xs" data-testid="rule-row">
                <Stack gap="xs">
                  <Group gap="xs" align="end">
                    <NativeSelect
                      label={t('classLabel')}
                      value={rule.label}
                      onChange={(e) => setRule(i, { ...rule, label: e.currentTarget.value })}
                      data={CLASS_LABELS.map((l) => ({ value: l, label: tc(`classLabel.${l}`) }))}
                    />
                    <NativeSelect
                      label={t('mode')}
                      value={g.mode}
                      onChange={(e) =>
                        setGroup(e.currentTarget.value as Mode, g.mode === 'always' ? [{ indicatorsMetAtLeast: 1 }] : g.items)
                      }
                      data={(['all', 'any', 'always'] as const).map((m) => ({ value: m, label: t(`modes.${m}`) }))}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('remove')}
                      onClick={() => set({ classify: doc.classify.filter((_, n) => n !== i) })}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                  {g.items.map((c, k) => {
                    const replace = (v: Condition) =>
                      setGroup(
                        g.mode,
                        g.items.map((x, n) => (n === k ? v : x)),
                      );
                    const drop = () =>
                      setGroup(
                        g.mode,
                        g.items.filter((_, n) => n !== k),
                      );
                    return (
                      <Group key={`${k}-${JSON.stringify(c).length}`} gap="xs" align="end" pl="md">
                        {c.all || c.any || c.always ? (
                          <Text size="sm" c="dimmed">
                            {t('nested')}
                          </Text>
                        ) : c.indicatorsMetAtLeast !== undefined ? (
                          <NumberInput
                            label={t('metAtLeast')}
                            min={0}
                            max={doc.indicators.length}
                            value={c.indicatorsMetAtLeast}
                            onChange={(v) => replace({ indicatorsMetAtLeast: typeof v === 'number' ? v : Number(v) || 0 })}
                            w={200}
                          />
                        ) : (
                          <ComparisonFields value={c} fields={fields} onChange={replace} />
                        )}
                        <ActionIcon variant="subtle" color="red" aria-label={t('remove')} onClick={drop}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                    );
                  })}
                  {g.mode !== 'always' && (
                    <Group gap="xs" pl="md">
                      <Button size="xs" variant="subtle" onClick={() => setGroup(g.mode, [...g.items, { indicatorsMetAtLeast: 1 }])}>
                        {t('addMetAtLeast')}
                      </Button>
                      <Button size="xs" variant="subtle" onClick={() => setGroup(g.mode, [...g.items, newComparison()])}>
                        {t('addComparison')}
                      </Button>
                    </Group>
                  )}
                </Stack>
              </Paper>
            );
          })}
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            w="fit-content"
            onClick={() => set({ classify: [...doc.classify, { label: 'MISKIN', when: { indicatorsMetAtLeast: 1 } }] })}
          >
            {t('addRule')}
          </Button>
        </Stack>
      </Paper>
      <LiveWhatIf doc={doc} />
    </Stack>
  );
}

/** Shown instead of the form when the JSON text is not a set the form can show. */
export function Unparsable() {
  const { t } = useTranslation(FNS);
  return <Alert color="yellow">{t('unparsable')}</Alert>;
}
