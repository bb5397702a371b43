import { Checkbox, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NS } from './i18n';
import { desaLabel, usePickLists } from './pickLists';
import './i18n-fields';

interface Props {
  /** The destination desa within the kabupaten ('' when none). */
  value: string;
  /** A move outside the kabupaten: the place in words ('' when none). */
  place: string;
  /** One of the two is set, the other cleared. */
  onChange: (code: string, place: string) => void;
  /** The household's own desa: not a destination. */
  ownDesa?: string | undefined;
}

/**
 * PINDAH's destination: the kabupaten's desa searchable by name ("Desa X, Kec. Y"), grouped by
 * kecamatan (the musdes then moves the household, ADR 0013); or "Luar kabupaten" and the place
 * in words — nobody in the field knows another kabupaten's desa codes.
 */
export function DestinationSelect({ value, place, onChange, ownDesa }: Props) {
  const { t } = useTranslation(NS);
  const lists = usePickLists();
  const kab = lists.data?.kabupaten.code;
  // A code outside the kabupaten is how records said it before the place existed: shown as it is.
  const oldOutsideCode = value !== '' && kab !== undefined && !value.startsWith(`${kab}.`);
  const [outside, setOutside] = useState(() => place !== '');
  const isOutside = outside || place !== '' || oldOutsideCode;
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
          onChange={(v) => onChange(v ?? '', '')}
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
          onChange('', '');
        }}
      />
      {isOutside && (
        <>
          <TextInput
            size="md"
            required
            label={t('pick.outsidePlace')}
            placeholder={t('pick.outsidePlaceExample')}
            maxLength={200}
            value={place}
            onChange={(e) => onChange('', e.currentTarget.value)}
            data-testid="verval-destination-place"
          />
          {oldOutsideCode && (
            <Text size="sm" c="dimmed">
              {t('pick.outsideOldCode', { code: value })}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
