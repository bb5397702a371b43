import { Card, Table, Text } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { NS } from './i18n';
import type { Totals } from './types';

/** Households and members per kecamatan, with its desa underneath, and the grand total. */
export function TotalsTable({ totals, testId }: { totals: Totals; testId?: string }) {
  const { t } = useTranslation(NS);
  if (totals.kecamatan.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t('empty')}
      </Text>
    );
  }
  return (
    <Card withBorder padding={0}>
      <Table.ScrollContainer minWidth={300} mah={420}>
        <Table stickyHeader data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                {t('kecamatan')} / {t('desa')}
              </Table.Th>
              <Table.Th ta="right">{t('households')}</Table.Th>
              <Table.Th ta="right">{t('members')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {totals.kecamatan.map((k) => (
              <Fragment key={k.code}>
                <Table.Tr bg="var(--mantine-color-gray-light)">
                  <Table.Td fw={600}>{k.name}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {formatNumber(k.households)}
                  </Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {formatNumber(k.members)}
                  </Table.Td>
                </Table.Tr>
                {k.desa.map((d) => (
                  <Table.Tr key={d.code}>
                    <Table.Td pl="lg">{d.name}</Table.Td>
                    <Table.Td ta="right">{formatNumber(d.households)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(d.members)}</Table.Td>
                  </Table.Tr>
                ))}
              </Fragment>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th>{t('total')}</Table.Th>
              <Table.Th ta="right">{formatNumber(totals.households)}</Table.Th>
              <Table.Th ta="right">{formatNumber(totals.members)}</Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
