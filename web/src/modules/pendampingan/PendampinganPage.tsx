import { Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../auth/session';
import { PeriodSelect, usePeriod } from '../verval/PeriodSelect';
import { usePickLists } from '../verval/pickLists';
import { CompanionsTab } from './CompanionsTab';
import { FollowupsTab } from './FollowupsTab';
import { NS } from './i18n';
import { LeadersTab } from './LeadersTab';
import './i18n';
import { VisitForm } from './VisitForm';

/** Pendampingan: record visits (phone first), name companions, follow-ups, and the leaders' view. */
export default function PendampinganPage() {
  const { t } = useTranslation(NS);
  const session = useSession();
  const period = usePeriod();
  const [params, setParams] = useSearchParams();
  const tab =
    params.get('tab') ?? (session.can('pendampingan.record') ? 'visit' : session.can('pendampingan.report') ? 'leaders' : 'companions');
  const lists = usePickLists();
  const desaOptions = (lists.data?.desa ?? [])
    .filter((d) => d.inScope)
    .map((d) => ({ value: d.code, label: `${d.name}, Kec. ${d.kecamatanName}` }));
  const desa = params.get('desa') ?? desaOptions[0]?.value ?? null;
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const desaSelect = (
    <Select label={t('desa')} placeholder={t('chooseDesa')} data={desaOptions} value={desa} onChange={(v) => set('desa', v)} searchable />
  );
  return (
    <Stack gap="md" maw={1200}>
      <div>
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('intro')}
        </Text>
      </div>
      <PeriodSelect period={period} />
      <Tabs value={tab} onChange={(v) => set('tab', v)} keepMounted={false}>
        <Tabs.List>
          {session.can('pendampingan.record') && <Tabs.Tab value="visit">{t('tabs.visit')}</Tabs.Tab>}
          <Tabs.Tab value="companions">{t('tabs.companions')}</Tabs.Tab>
          <Tabs.Tab value="followUps">{t('tabs.followUps')}</Tabs.Tab>
          {session.can('pendampingan.report') && <Tabs.Tab value="leaders">{t('tabs.leaders')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="visit" pt="md">
          <VisitForm periodId={period.periodId} desaOptions={desaOptions} />
        </Tabs.Panel>
        <Tabs.Panel value="companions" pt="md">
          <Stack>
            {desaSelect}
            <CompanionsTab periodId={period.periodId} desa={desa} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="followUps" pt="md">
          <FollowupsTab periodId={period.periodId} desa={params.get('desa')} />
        </Tabs.Panel>
        <Tabs.Panel value="leaders" pt="md">
          <LeadersTab periodId={period.periodId} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
