import { Button, Card, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NetworkError } from '../../lib/api';
import { apiGet } from '../../lib/api/client';
import type { HouseholdHit } from './api';
import { NS } from './i18n';
import { searchPack } from './offline/pack';
import './i18n-fields';

interface Props {
  /** The chosen household's id as text ('' when none). */
  value: string;
  onChange: (id: string) => void;
  /** The household being verified: never its own duplicate. */
  householdId?: string | undefined;
  /** Its period: without signal the search looks in the desa downloaded with it. */
  periodId?: string | undefined;
}

/** One line that identifies a household without its full identifiers: name, desa, masked NIK / No KK. */
function HitText({ h }: { h: HouseholdHit }) {
  const { t } = useTranslation(NS);
  const place = [h.desaName, h.kecamatanName && `${t('pick.kecWord')} ${h.kecamatanName}`].filter(Boolean).join(', ');
  return (
    <Stack gap={0} miw={0} style={{ flex: 1 }}>
      <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
        {h.headName}
      </Text>
      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {[place, h.address].filter(Boolean).join(' · ')}
      </Text>
      <Text size="sm" c="dimmed">
        {[h.headNik && t('pick.nik', { nik: h.headNik }), h.kkNumber && t('pick.kk', { kk: h.kkNumber })].filter(Boolean).join(' · ')}
      </Text>
    </Stack>
  );
}

/**
 * GANDA's other household, found by the head's name or a NIK / No KK within the user's region
 * (GET /households/search) and chosen from the results — never typed as an internal number.
 */
export function DuplicatePicker({ value, onChange, householdId, periodId }: Props) {
  const { t } = useTranslation(NS);
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 400);
  const [result, setResult] = useState<{ items: HouseholdHit[]; more: boolean } | null>(null);
  const [chosen, setChosen] = useState<HouseholdHit | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** The answer came from the downloaded desa, not the server. */
  const [fromDevice, setFromDevice] = useState(false);

  useEffect(() => {
    if (q.length < 3) {
      setResult(null);
      return;
    }
    const ctrl = new AbortController();
    setBusy(true);
    setError(null);
    // Without signal: the downloaded desa (the registry search needs the server).
    const onDevice = async () => {
      const r = periodId && householdId ? await searchPack(Number(periodId), Number(householdId), q) : null;
      if (!r) throw new NetworkError();
      return r;
    };
    const search = navigator.onLine
      ? apiGet('/households/search', {
          params: { query: { q, exclude: householdId ? Number(householdId) : undefined } },
          signal: ctrl.signal,
        })
          .then((r) => ({ r, device: false }))
          .catch(async (err: unknown) => {
            if (!(err instanceof NetworkError) || ctrl.signal.aborted) throw err;
            return { r: await onDevice(), device: true };
          })
      : onDevice().then((r) => ({ r, device: true }));
    search
      .then(({ r, device }) => {
        if (ctrl.signal.aborted) return;
        setResult(r);
        setFromDevice(device);
      })
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setBusy(false);
      });
    return () => ctrl.abort();
  }, [q, householdId, periodId]);

  const selected = chosen && String(chosen.id) === value ? chosen : null;
  if (value) {
    return (
      <Card withBorder padding="sm" data-testid="verval-duplicate-chosen">
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            {t('pick.duplicate')}
          </Text>
          {selected ? <HitText h={selected} /> : <Text>{t('view.household', { id: value })}</Text>}
          <Button
            variant="light"
            size="md"
            onClick={() => {
              setChosen(null);
              setText('');
              onChange('');
            }}
          >
            {t('pick.duplicateChange')}
          </Button>
        </Stack>
      </Card>
    );
  }
  return (
    <Stack gap="xs">
      <TextInput
        size="md"
        label={t('pick.duplicate')}
        placeholder={t('pick.duplicateSearch')}
        leftSection={<IconSearch size={18} />}
        rightSection={busy ? <Loader size="xs" /> : null}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="verval-duplicate-search"
      />
      {text.trim().length > 0 && text.trim().length < 3 && (
        <Text size="sm" c="dimmed">
          {t('pick.duplicateMin')}
        </Text>
      )}
      {error instanceof NetworkError ? (
        <Text size="sm" c="orange.8">
          {t('pick.duplicateOffline')}
        </Text>
      ) : (
        <ErrorAlert error={error} />
      )}
      {result && fromDevice && (
        <Text size="sm" c="dimmed" data-testid="verval-duplicate-device">
          {t('pick.duplicateDevice')}
        </Text>
      )}
      {result && result.items.length === 0 && <Text size="sm">{t('pick.duplicateNone')}</Text>}
      {result?.items.map((h) => (
        <Card key={h.id} withBorder padding="sm">
          <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
            <HitText h={h} />
            <Button
              size="md"
              variant="light"
              style={{ flexShrink: 0 }}
              onClick={() => {
                setChosen(h);
                setText('');
                onChange(String(h.id));
              }}
              aria-label={`${t('pick.choose')}: ${h.headName}`}
            >
              {t('pick.choose')}
            </Button>
          </Group>
        </Card>
      ))}
      {result?.more && (
        <Text size="sm" c="dimmed">
          {t('pick.duplicateMore')}
        </Text>
      )}
    </Stack>
  );
}
