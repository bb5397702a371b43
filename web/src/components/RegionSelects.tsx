import { Select, SimpleGrid, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas, useGet } from '../lib/api/client';
import { useSession } from '../modules/auth/session';
import { ErrorAlert } from './ErrorAlert';

export interface RegionSelectsProps {
  kecamatan: string | null;
  desa: string | null;
  onChange(kecamatan: string | null, desa: string | null): void;
  /** Deepest level offered: 2 kabupaten only, 3 kecamatan, 4 desa. */
  maxLevel?: number;
  /** Level that must be chosen (3 = kecamatan required, 4 = desa required). */
  requiredLevel?: number;
  /** Show the (fixed) kabupaten above the selects. */
  showKabupaten?: boolean;
  /** Placeholders for "no choice" (filters say "all"). */
  allLabels?: boolean;
  cols?: number;
  /** Told the name of the deepest chosen region (the kabupaten when nothing is chosen). */
  onNames?(name: string | null): void;
}

const toOptions = (items: Schemas['Region'][] | undefined) => (items ?? []).map((r) => ({ value: r.code, label: r.name }));

/**
 * Cascading region picker: the deployment's kabupaten, then a kecamatan, then a desa of that
 * kecamatan. Options come from GET /regions, so each user only sees regions within their scope.
 */
export function RegionSelects({
  kecamatan,
  desa,
  onChange,
  maxLevel = 4,
  requiredLevel = 2,
  showKabupaten = false,
  allLabels = false,
  cols = 2,
  onNames,
}: RegionSelectsProps) {
  const { t } = useTranslation();
  const { meta } = useSession();
  const kab = meta?.kabupaten.code ?? null;
  const kecList = useGet('/regions', maxLevel >= 3 && kab ? { params: { query: { parent: kab } } } : null);
  const desaList = useGet('/regions', maxLevel >= 4 && kecamatan ? { params: { query: { parent: kecamatan } } } : null);

  const kecName = kecList.data?.items.find((r) => r.code === kecamatan)?.name;
  const desaName = desaList.data?.items.find((r) => r.code === desa)?.name;
  const name = (desa && desaName) || (kecamatan && kecName) || meta?.kabupaten.name || null;
  useEffect(() => onNames?.(name), [name, onNames]);

  return (
    <>
      {showKabupaten && meta && (
        <Text size="sm">
          {t('region.kabupaten')}: <b>{meta.kabupaten.name}</b>
        </Text>
      )}
      <ErrorAlert error={kecList.error ?? desaList.error} />
      {maxLevel >= 3 && (
        <SimpleGrid cols={{ base: 1, xs: cols }} spacing="sm">
          <Select
            label={t('region.kecamatan')}
            placeholder={allLabels ? t('region.allKecamatan') : t('region.choose')}
            data={toOptions(kecList.data?.items)}
            value={kecamatan}
            onChange={(v) => onChange(v, null)}
            searchable
            clearable={requiredLevel < 3}
            required={requiredLevel >= 3}
            nothingFoundMessage="—"
            comboboxProps={{ withinPortal: true }}
          />
          {maxLevel >= 4 && (
            <Select
              label={t('region.desa')}
              placeholder={allLabels ? t('region.allDesa') : t('region.choose')}
              data={toOptions(desaList.data?.items)}
              value={desa}
              onChange={(v) => onChange(kecamatan, v)}
              disabled={!kecamatan}
              searchable
              clearable={requiredLevel < 4}
              required={requiredLevel >= 4}
              nothingFoundMessage="—"
              comboboxProps={{ withinPortal: true }}
            />
          )}
        </SimpleGrid>
      )}
    </>
  );
}
