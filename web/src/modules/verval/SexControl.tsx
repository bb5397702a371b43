import { SegmentedControl, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NS } from './i18n';

/** Large L / P choice with its label, as every verval form asks it (head, member, new household). */
export function SexControl({ label, value, onChange }: { label: string; value: string | null; onChange: (sex: 'L' | 'P') => void }) {
  const { t } = useTranslation(NS);
  return (
    <Stack gap={4}>
      <Text fw={500}>{label}</Text>
      <SegmentedControl
        size="md"
        fullWidth
        value={value ?? ''}
        onChange={(v) => onChange(v as 'L' | 'P')}
        data={[
          { value: 'L', label: t('sex.L') },
          { value: 'P', label: t('sex.P') },
        ]}
      />
    </Stack>
  );
}
