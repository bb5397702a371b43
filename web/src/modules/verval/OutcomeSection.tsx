import { Radio, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { OUTCOMES, type Outcome } from './api';
import { DestinationSelect } from './DestinationSelect';
import { DuplicatePicker } from './DuplicatePicker';
import type { Form, FormPatch } from './form';
import { NS } from './i18n';

/** Found or not, the outcome and the details it needs (destination, duplicate, reason). */
export function OutcomeSection({
  form,
  patch,
  proposal,
  householdId,
  desaCode,
  periodId,
}: {
  form: Form;
  patch: FormPatch;
  proposal: boolean;
  /** The household being verified (left out of the duplicate search) and its desa (not a destination). */
  householdId?: string | undefined;
  desaCode?: string | undefined;
  /** The period: without signal the duplicate search looks in the downloaded desa of this period. */
  periodId?: string | undefined;
}) {
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
        <DestinationSelect
          value={form.destinationDesaCode}
          place={form.destinationPlace ?? ''}
          onChange={(destinationDesaCode, destinationPlace) => patch({ destinationDesaCode, destinationPlace })}
          ownDesa={desaCode}
        />
      )}
      {form.outcome === 'GANDA' && (
        <DuplicatePicker
          value={form.duplicateOf}
          onChange={(id) => patch({ duplicateOf: id })}
          householdId={householdId}
          periodId={periodId}
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
