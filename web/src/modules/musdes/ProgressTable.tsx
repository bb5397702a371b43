import { Anchor, Badge, Card, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { NS } from './i18n';
import type { Progress } from './types';

const STATE_COLOR = { NO_MEETING: 'red', NOT_FINALISED: 'yellow', FINALISED: 'green' } as const;

/** Musdes progress per kecamatan; a kecamatan opens its desa with their state. */
export function ProgressTable({ data, onDesa }: { data: Progress; onDesa: (code: string) => void }) {
  const { t } = useTranslation(NS);
  const [open, setOpen] = useState<string | null>(data.kecamatan.length === 1 ? (data.kecamatan[0]?.code ?? null) : null);
  const rows =
    data.kecamatan.length > 1 ? [...data.kecamatan, { ...data.totals, code: '', name: t('total'), desaList: [] }] : data.kecamatan;
  const opened = data.kecamatan.find((k) => k.code === open);
  return (
    <Card withBorder padding={0}>
      <Table.ScrollContainer minWidth={280}>
        <Table striped horizontalSpacing={4} fz="sm" data-testid="musdes-progress">
          <Table.Thead>
            <Table.Tr>
              <Table.Th fz="xs">{t('kecamatan')}</Table.Th>
              <Table.Th ta="right" fz="xs">
                {t('desaTotal')}
              </Table.Th>
              <Table.Th ta="right" fz="xs">
                {t('noMeeting')}
              </Table.Th>
              <Table.Th ta="right" fz="xs">
                {t('notFinalised')}
              </Table.Th>
              <Table.Th ta="right" fz="xs">
                {t('finalised')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((k) => (
              <Table.Tr key={k.code || 'total'} fw={k.code ? undefined : 700}>
                <Table.Td>
                  {k.code ? (
                    <Anchor component="button" type="button" size="sm" onClick={() => setOpen(open === k.code ? null : k.code)}>
                      {k.name}
                    </Anchor>
                  ) : (
                    k.name
                  )}
                </Table.Td>
                <Table.Td ta="right">{formatNumber(k.desa)}</Table.Td>
                <Table.Td ta="right">{formatNumber(k.noMeeting)}</Table.Td>
                <Table.Td ta="right">{formatNumber(k.notFinalised)}</Table.Td>
                <Table.Td ta="right">{formatNumber(k.finalised)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {opened && (
        <Group gap={6} p="xs" data-testid="musdes-progress-desa">
          <Text size="sm" fw={600} w="100%">
            {opened.name}
          </Text>
          {opened.desaList.map((d) => (
            <Badge
              key={d.code}
              component="button"
              type="button"
              color={STATE_COLOR[d.state]}
              variant="light"
              tt="none"
              style={{ cursor: 'pointer' }}
              onClick={() => onDesa(d.code)}
              title={t(`states.${d.state}`)}
            >
              {d.name}
            </Badge>
          ))}
        </Group>
      )}
    </Card>
  );
}
