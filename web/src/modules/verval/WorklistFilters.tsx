import { Button, Chip, Group, Select, SimpleGrid, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NS } from './i18n';
import { isFiltered, type Visit, type WorklistFilter } from './worklistFilter';
import './i18n-fields';

interface Props {
  filter: WorklistFilter;
  onChange: (f: WorklistFilter) => void;
  /** The dusun and RT the desa's addresses name; their selects are left out when there are none. */
  dusuns: string[];
  rts: string[];
}

/** The worklist filters: extreme poor only, not yet visited / returned, dusun and RT. */
export function WorklistFilters({ filter, onChange, dusuns, rts }: Props) {
  const { t } = useTranslation(NS);
  const set = (p: Partial<WorklistFilter>) => onChange({ ...filter, ...p });
  const visit = (v: Visit) => set({ visit: filter.visit === v ? null : v });
  return (
    <Stack gap="xs" data-testid="verval-filters" role="group" aria-label={t('filter.title')}>
      <Group gap="xs">
        <Chip size="md" checked={filter.extreme} onChange={(c) => set({ extreme: c })}>
          {t('filter.extreme')}
        </Chip>
        <Chip size="md" checked={filter.visit === 'UNVISITED'} onChange={() => visit('UNVISITED')}>
          {t('filter.unvisited')}
        </Chip>
        <Chip size="md" checked={filter.visit === 'RETURNED'} onChange={() => visit('RETURNED')}>
          {t('filter.returned')}
        </Chip>
      </Group>
      {(dusuns.length > 0 || rts.length > 0) && (
        <SimpleGrid cols={2} spacing="xs">
          {dusuns.length > 0 && (
            <Select
              size="md"
              label={t('filter.dusun')}
              placeholder={t('filter.all')}
              data={dusuns}
              value={filter.dusun}
              onChange={(v) => set({ dusun: v })}
              clearable
              searchable={dusuns.length > 8}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          {rts.length > 0 && (
            <Select
              size="md"
              label={t('filter.rt')}
              placeholder={t('filter.all')}
              data={rts.map((rt) => ({ value: rt, label: t('filter.rtValue', { rt }) }))}
              value={filter.rt}
              onChange={(v) => set({ rt: v })}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
          )}
        </SimpleGrid>
      )}
      {isFiltered(filter) && (
        <Button
          variant="subtle"
          size="sm"
          style={{ alignSelf: 'flex-start' }}
          onClick={() => onChange({ extreme: false, visit: null, dusun: null, rt: null })}
        >
          {t('filter.clear')}
        </Button>
      )}
    </Stack>
  );
}
