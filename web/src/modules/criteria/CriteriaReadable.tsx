import { List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { FNS } from './form-i18n';
import { NS } from './i18n';
import { type Comparison, type Condition, type FieldInfo, operatorOf, type RuleSetDoc, valueText } from './model';

/** A criteria set in words, for every role: indicators with their field labels, rules as sentences. */
export function CriteriaReadable({ doc, fields, heading }: { doc: RuleSetDoc; fields: readonly FieldInfo[]; heading?: string }) {
  const { t } = useTranslation(FNS);
  const { t: tc } = useTranslation(NS);
  const en = currentLanguage() === 'en';
  const fieldLabel = (name: string | undefined) => {
    const f = fields.find((x) => x.name === name);
    return f ? (en ? f.label.en : f.label.id) : (name ?? '');
  };
  const comparison = (c: Comparison) => {
    const o = operatorOf(c);
    if (!o) return fieldLabel(c.field);
    return `${fieldLabel(c.field)} ${t(`ops.${o.op}`)} ${valueText(o.value, t('yes'), t('no'))}`;
  };
  const condition = (c: Condition): string => {
    if (c.always) return t('ruleAlways');
    if (c.all) return c.all.map((x) => (x.all || x.any ? `(${condition(x)})` : condition(x))).join(t('and'));
    if (c.any) return c.any.map((x) => (x.all || x.any ? `(${condition(x)})` : condition(x))).join(t('or'));
    if (c.indicatorsMetAtLeast !== undefined) return t('ruleMet', { n: c.indicatorsMetAtLeast });
    return comparison(c);
  };
  return (
    <Paper withBorder p="md" data-testid="criteria-readable">
      <Stack gap="xs">
        {heading && (
          <Title order={3} size="h5">
            {heading}
          </Title>
        )}
        <Text fw={600}>{doc.title}</Text>
        {doc.reference && <Text size="sm">{doc.reference}</Text>}
        {doc.note && (
          <Text size="sm" c="dimmed">
            {doc.note}
          </Text>
        )}
        <Text fw={500} size="sm">
          {t('readableIndicators')}
        </Text>
        <List size="sm" type="ordered">
          {doc.indicators.map((i) => (
            <List.Item key={i.id}>
              {i.label}{' '}
              <Text span c="dimmed" size="xs">
                ({comparison(i)})
              </Text>
            </List.Item>
          ))}
        </List>
        <Text fw={500} size="sm">
          {t('readableRules')}
        </Text>
        <List size="sm">
          {doc.classify.map((r, n) => (
            <List.Item key={`${r.label}-${n}`}>
              <Text span fw={600}>
                {tc(`classLabel.${r.label}`, { defaultValue: r.label })}
              </Text>
              : {condition(r.when)}
            </List.Item>
          ))}
        </List>
      </Stack>
    </Paper>
  );
}
