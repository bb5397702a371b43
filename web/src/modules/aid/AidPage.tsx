import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { BudgetTab } from './BudgetTab';
import { CatalogueTab } from './CatalogueTab';
import { GapsTab } from './GapsTab';
import { NS } from './i18n';
import { LokusTab } from './LokusTab';
import { ProposalsTab } from './ProposalsTab';
import { ReceiptsTab } from './ReceiptsTab';

const TABS = ['gaps', 'proposals', 'receipts', 'catalogue', 'lokus', 'budget'] as const;

/** Bantuan: catalogue, receipts, gap analysis, usulan, lokus and the desa budget, one tab each. */
export default function AidPage() {
  const { t } = useTranslation(NS);
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as string) : 'gaps';
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <Tabs value={tab} onChange={(v) => setParams(v ? { tab: v } : {})} keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="gaps" pt="md">
          <GapsTab />
        </Tabs.Panel>
        <Tabs.Panel value="proposals" pt="md">
          <ProposalsTab />
        </Tabs.Panel>
        <Tabs.Panel value="receipts" pt="md">
          <ReceiptsTab />
        </Tabs.Panel>
        <Tabs.Panel value="catalogue" pt="md">
          <CatalogueTab />
        </Tabs.Panel>
        <Tabs.Panel value="lokus" pt="md">
          <LokusTab />
        </Tabs.Panel>
        <Tabs.Panel value="budget" pt="md">
          <BudgetTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
