import { Button, Card, Group, MultiSelect, NumberInput, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionSelects } from '../../components/RegionSelects';
import { api } from '../../lib/api';
import { type Schemas, useGet } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import { NS } from './i18n';

type Budget = Schemas['AidBudget'];

/** APBDes allocation per desa and year, and the households it covers. */
export function BudgetTab() {
  const { t } = useTranslation(NS);
  const [kecamatan, setKecamatan] = useState<string | null>(null);
  const [desa, setDesa] = useState<string | null>(null);
  const [year, setYear] = useState<number | string>(new Date().getFullYear());
  const [allocation, setAllocation] = useState<number | string>('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const budgets = useGet('/aid/budgets', { params: { query: { kecamatan: kecamatan ?? undefined, desa: desa ?? undefined } } });
  const candidates = useGet('/aid/gaps/households', desa ? { params: { query: { desa, limit: 200 } } } : null);

  async function save() {
    if (!desa) return;
    setError(null);
    try {
      const b = await api.post<Budget>('/aid/budgets', { desaCode: desa, year: Number(year), allocation: Number(allocation) });
      if (chosen.length > 0) await api.put(`/aid/budgets/${b.id}/households`, { householdIds: chosen.map(Number), version: b.version });
      setChosen([]);
      budgets.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Stack>
      <Card withBorder>
        <Stack gap="sm">
          <Text fw={600}>{t('addBudget')}</Text>
          <RegionSelects
            kecamatan={kecamatan}
            desa={desa}
            allLabels
            onChange={(k, d) => {
              setKecamatan(k);
              setDesa(d);
            }}
          />
          <Group grow>
            <NumberInput label={t('year')} value={year} onChange={setYear} min={2000} max={2100} />
            <NumberInput
              label={t('allocation')}
              value={allocation}
              onChange={setAllocation}
              min={0}
              thousandSeparator="."
              decimalSeparator=","
            />
          </Group>
          {desa && (
            <MultiSelect
              label={t('chooseHouseholds')}
              description={t('targetWithoutAid')}
              data={(candidates.data?.items ?? []).map((h) => ({ value: String(h.id), label: h.headName }))}
              value={chosen}
              onChange={setChosen}
              searchable
            />
          )}
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button onClick={save} disabled={!desa || allocation === ''}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </Card>
      <ErrorAlert error={budgets.error} onRetry={budgets.reload} />
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={620}>
          <Table striped data-testid="aid-budgets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('desa')}</Table.Th>
                <Table.Th>{t('year')}</Table.Th>
                <Table.Th>{t('program')}</Table.Th>
                <Table.Th ta="right">{t('allocation')}</Table.Th>
                <Table.Th ta="right">{t('covered')}</Table.Th>
                <Table.Th ta="right">{t('targetWithoutAid')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {budgets.data?.map((b) => (
                <Table.Tr key={b.id}>
                  <Table.Td>{b.desaName}</Table.Td>
                  <Table.Td>{b.year}</Table.Td>
                  <Table.Td>{b.programName}</Table.Td>
                  <Table.Td ta="right">{formatNumber(b.allocation)}</Table.Td>
                  <Table.Td ta="right">
                    {formatNumber(b.coveredHouseholds)} ({formatNumber(b.coveredTargetHouseholds)})
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(b.targetWithoutAid)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {budgets.data?.length === 0 && (
          <Text c="dimmed" p="md">
            {t('noBudget')}
          </Text>
        )}
      </Card>
    </Stack>
  );
}
