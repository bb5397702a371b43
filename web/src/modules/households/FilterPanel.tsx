import { Button, Checkbox, Group, MultiSelect, Select, SimpleGrid, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RegionSelects } from '../../components/RegionSelects';
import { AID_KEYS, type AidKey, SOURCES, TARGET_STATUSES } from '../../lib/types';
import type { HouseholdFilters } from './filters';

const DESIL = ['1', '2', '3', '4'];

export function FilterPanel({
  filters,
  onChange,
  onReset,
}: {
  filters: HouseholdFilters;
  onChange(patch: Partial<HouseholdFilters>): void;
  onReset(): void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <RegionSelects
        kecamatan={filters.kecamatan}
        desa={filters.desa}
        allLabels
        onChange={(kecamatan, desa) => onChange({ kecamatan, desa })}
      />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <MultiSelect
          label={t('households.desil')}
          placeholder={filters.desil.length ? undefined : t('app.all')}
          data={DESIL}
          value={filters.desil}
          onChange={(desil) => onChange({ desil })}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('households.status')}
          placeholder={t('app.all')}
          data={TARGET_STATUSES.map((s) => ({ value: s, label: t(`households.statusValues.${s}`) }))}
          value={filters.status}
          onChange={(status) => onChange({ status })}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('households.source')}
          placeholder={t('app.all')}
          data={SOURCES.map((s) => ({ value: s, label: t(`households.sourceValues.${s}`) }))}
          value={filters.source}
          onChange={(source) => onChange({ source })}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        <MultiSelect
          label={t('households.aid')}
          placeholder={filters.aid.length ? undefined : t('app.all')}
          data={AID_KEYS.map((a) => ({ value: a, label: t(`households.aidValues.${a}`) }))}
          value={filters.aid}
          onChange={(aid) => onChange({ aid: aid as AidKey[], noAid: false })}
          disabled={filters.noAid}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
      </SimpleGrid>
      <Group justify="space-between">
        <Checkbox
          label={t('households.noAid')}
          checked={filters.noAid}
          onChange={(e) => onChange({ noAid: e.currentTarget.checked, aid: [] })}
        />
        <Button variant="subtle" size="xs" onClick={onReset}>
          {t('households.reset')}
        </Button>
      </Group>
    </Stack>
  );
}
