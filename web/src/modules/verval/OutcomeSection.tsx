import { Radio, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { OUTCOMES, type Outcome } from './api';
import type { Form, FormPatch } from './form';
import { NS } from './i18n';

/** Found or not, the outcome and the details it needs (destination, duplicate, reason). */
export function OutcomeSection({ form, patch, proposal }: { form: Form; patch: FormPatch; proposal: boolean }) {
  const { t } = useTranslation(NS);
  // USULAN_BARU only for households added during verval (source MANUAL).
  const outcomes: Outcome[] = proposal ? ['USULAN_BARU', ...OUTCOMES] : OUTCOMES;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text fw={600}>{t('found')}</Text>
        <SegmentedControl
          size="lg"
          fullWidth
          value={form.found === null ? '' : form.found ? 'yes' : 'no'}
          onChange={(v) => patch({ found: v === 'yes' })}
          data={[
            { value: 'yes', label: t('yes') },
            { value: 'no', label: t('no') },
          ]}
        />
      </Stack>
      <Radio.Group label={t('outcomeLabel')} value={form.outcome ?? ''} onChange={(v) => patch({ outcome: v as Outcome })} size="md">
        <Stack gap="sm" mt="xs">
          {outcomes.map((o) => (
            <Radio key={o} value={o} label={t(`outcome.${o}`)} size="md" />
          ))}
        </Stack>
      </Radio.Group>
      {form.outcome === 'PINDAH' && (
        <TextInput
          size="md"
          label={t('destination')}
          placeholder="35.13.06.2013"
          value={form.destinationDesaCode}
          onChange={(e) => patch({ destinationDesaCode: e.currentTarget.value })}
        />
      )}
      {form.outcome === 'GANDA' && (
        <TextInput
          size="md"
          label={t('duplicate')}
          inputMode="numeric"
          value={form.duplicateOf}
          onChange={(e) => patch({ duplicateOf: e.currentTarget.value })}
        />
      )}
      <Textarea
        size="md"
        label={t('reason')}
        autosize
        minRows={2}
        value={form.outcomeReason}
        onChange={(e) => patch({ outcomeReason: e.currentTarget.value })}
      />
    </Stack>
  );
}
