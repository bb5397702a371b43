import { Select, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NetworkError } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import type { Period } from './api';
import { NS } from './i18n';

/** URL search params with a setter that sets or clears several at once (replacing the history entry). */
export function useParamSetter() {
  const [params, setParams] = useSearchParams();
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return { params, set };
}

/** The periods as last loaded online (names and dates only), so the worklist opens offline. */
const PERIODS_KEY = 'sasmita.verval.periods';
function cachedPeriods(): { items: Period[] } | undefined {
  try {
    const raw = localStorage.getItem(PERIODS_KEY);
    return raw ? (JSON.parse(raw) as { items: Period[] }) : undefined;
  } catch {
    return undefined;
  }
}

/** The programme periods (`?period=`, the newest by default) and a select to change it. */
export function usePeriod() {
  const { params, set } = useParamSetter();
  const online = useApi<{ items: Period[] }>('/organisation/periods');
  useEffect(() => {
    try {
      if (online.data)
        localStorage.setItem(
          PERIODS_KEY,
          JSON.stringify({ items: online.data.items.map(({ id, name, startDate, endDate }) => ({ id, name, startDate, endDate })) }),
        );
    } catch {
      // No storage: offline the period list is then missing.
    }
  }, [online.data]);
  const cached = online.error instanceof NetworkError ? cachedPeriods() : undefined;
  const periods = cached ? { ...online, data: cached, error: null } : online;
  const periodId = params.get('period') ?? (periods.data?.items[0] ? String(periods.data.items[0].id) : null);
  return { periods, periodId, params, set };
}

export function PeriodSelect({ period }: { period: ReturnType<typeof usePeriod> }) {
  const { t } = useTranslation(NS);
  const { periods, periodId, set } = period;
  return (
    <>
      <ErrorAlert error={periods.error} />
      {periods.data && periods.data.items.length === 0 && <Text>{t('noPeriod')}</Text>}
      <Select
        label={t('period')}
        size="md"
        data={(periods.data?.items ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
        value={periodId}
        onChange={(v) => set({ period: v })}
        allowDeselect={false}
      />
    </>
  );
}
