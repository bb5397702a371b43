import { Checkbox, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NS } from './i18n';
import { desaLabel, usePickLists } from './pickLists';
import './i18n-fields';

interface Props {
  value: string;
  onChange: (code: string) => void;
  /** The household's own desa: not a destination. */
  ownDesa?: string | undefined;
}

/**
 * PINDAH's destination: the kabupaten's desa searchable by name ("Desa X, Kec. Y"), grouped by
 * kecamatan; or, for a move out of the kabupaten, the destination's desa code (the record keeps a
 * desa code either way; within the kabupaten it moves the household through the musdes, ADR 0013).
 */
export function DestinationSelect({ value, onChange, ownDesa }: Props) {
  const { t } = useTranslation(NS);
  const lists = usePickLists();
  const kab = lists.data?.kabupaten.code;
  const [outside, setOutside] = useState(() => value !== '' && kab !== undefined && !value.startsWith(`${kab}.`));
  const isOutside = outside || (value !== '' && kab !== undefined && !value.startsWith(`${kab}.`));
  const words = { desa: t('pick.desaWord'), kelurahan: t('pick.kelurahanWord'), kec: t('pick.kecWord') };
  const data = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const d of lists.data?.desa ?? []) {
      if (d.code === ownDesa) continue;
      const g = `${words.kec} ${d.kecamatanName}`;
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g)!.push({ value: d.code, label: desaLabel(d, words) });
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'id')).map(([group, items]) => ({ group, items }));
  }, [lists.data, ownDesa, words.desa, words.kelurahan, words.kec]);

  return (
    <Stack gap="xs">
      <ErrorAlert error={lists.error} />
      {!isOutside && (
        <Select
          size="md"
          label={t('pick.destination')}
          placeholder={lists.data ? t('pick.destinationPlaceholder') : t('pick.loading')}
          data={data}
          value={value || null}
          onChange={(v) => onChange(v ?? '')}
          searchable
          clearable
          limit={40}
          nothingFoundMessage={t('pick.nothingFound')}
          comboboxProps={{ withinPortal: true }}
          data-testid="verval-destination"
        />
      )}
      <Checkbox
        size="md"
        label={t('pick.outside')}
        checked={isOutside}
        onChange={(e) => {
          setOutside(e.currentTarget.checked);
          onChange('');
        }}
      />
      {isOutside && (
        <>
          <TextInput
            size="md"
            label={t('pick.outsideCode')}
            placeholder="35.14.02.2001"
            inputMode="decimal"
            value={value}
            onChange={(e) => onChange(e.currentTarget.value.trim())}
          />
          <Text size="sm" c="dimmed">
            {t('pick.outsideHint')}
          </Text>
        </>
      )}
    </Stack>
  );
}
