import { Badge, Card, Progress, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionSelects } from '../../components/RegionSelects';
import { query } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { useSession } from '../auth/session';
import type { Period, Worklist } from './api';
import { NS } from './i18n';

const STATUS_COLOR = { DRAFT: 'gray', SUBMITTED: 'blue', APPROVED: 'green', RETURNED: 'orange' } as const;

/** The desa worklist: one large card per household, not yet visited first. Built for a phone. */
export default function VervalPage() {
  const { t } = useTranslation(NS);
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const ownDesa = user?.roles.find((g) => g.regionCode.split('.').length === 4)?.regionCode ?? null;
  const desa = params.get('desa') ?? ownDesa;
  const [kecamatan, setKecamatan] = useState<string | null>(desa ? desa.split('.').slice(0, 3).join('.') : null);
  const periods = useApi<{ items: Period[] }>('/organisation/periods');
  const periodId = params.get('period') ?? (periods.data?.items[0] ? String(periods.data.items[0].id) : null);
  const list = useApi<Worklist>(periodId && desa ? `/verval/periods/${periodId}/worklist${query({ desa, pageSize: 200 })}` : null);

  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="md">
      <Title order={1}>{t('title')}</Title>
      <Text c="dimmed">{t('intro')}</Text>
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
      {!ownDesa && (
        <RegionSelects
          kecamatan={kecamatan}
          desa={desa}
          requiredLevel={4}
          onChange={(k, d) => {
            setKecamatan(k);
            set({ desa: d });
          }}
        />
      )}
      {!desa && <Text>{t('chooseDesa')}</Text>}
      <ErrorAlert error={list.error} />
      {list.data && (
        <>
          <Text fw={600}>{t('progress', { visited: list.data.visited, total: list.data.total })}</Text>
          <Progress value={list.data.total ? (100 * list.data.visited) / list.data.total : 0} size="lg" aria-hidden />
          <Stack gap="sm" data-testid="verval-worklist">
            {list.data.items.map((h) => (
              <Card
                key={h.householdId}
                component={Link}
                to={`/verval/${periodId}/${h.householdId}`}
                withBorder
                padding="md"
                radius="md"
                mih={72}
                aria-label={h.headName}
              >
                <Stack gap={4} miw={0}>
                  <Text fw={700} size="lg">
                    {h.headName}
                  </Text>
                  {h.verval && h.visited ? (
                    <Badge color={STATUS_COLOR[h.verval.status]} size="lg" variant="light">
                      {t(`status.${h.verval.status}`)}
                    </Badge>
                  ) : (
                    <Badge color="red" size="lg" variant="outline">
                      {t('notVisited')}
                    </Badge>
                  )}
                  <Text size="sm" c="dimmed">
                    {[h.address, t('members', { n: h.memberCount })].filter(Boolean).join(' · ')}
                  </Text>
                </Stack>
              </Card>
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
