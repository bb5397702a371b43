import { Card, Group, Progress, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import { Stat } from './parts';

export type MusdesProgress = NonNullable<Schemas['MonitoringWorkProgress']['musdes']>;
export type MusdesCounts = MusdesProgress['totals'];

const share = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);

/** Finalised (green), held but not finalised (yellow) and no meeting yet (grey) as one bar. */
function MusdesBar({ c }: { c: MusdesCounts }) {
  return (
    <Progress.Root size="lg" aria-hidden>
      <Progress.Section value={share(c.finalised, c.desa)} color="teal.6" />
      <Progress.Section value={share(c.notFinalised, c.desa)} color="yellow.5" />
    </Progress.Root>
  );
}

/** Musyawarah desa progress of the region: per kecamatan for the kabupaten, per desa below. */
export function MusdesSection({ musdes, level }: { musdes: MusdesProgress; level: number }) {
  const { t } = useTranslation('monitoring');
  const { totals } = musdes;
  return (
    <Card withBorder data-testid="musdes-progress">
      <Title order={3} size="h4" mb="sm">
        {t('musdesTitle')}
      </Title>
      <SimpleGrid cols={{ base: 2, md: 4 }} mb="sm">
        <Stat label={t('musdesDesa')} value={formatNumber(totals.desa)} />
        <Stat label={t('musdesFinalised')} value={formatNumber(totals.finalised)} testId="musdes-finalised" />
        <Stat label={t('musdesNotFinalised')} value={formatNumber(totals.notFinalised)} />
        <Stat label={t('musdesNoMeeting')} value={formatNumber(totals.noMeeting)} />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mb="xs">
        {t('musdesLegend')}
      </Text>
      <Table.ScrollContainer minWidth={320}>
        <Table verticalSpacing={4} data-testid="musdes-rows">
          <Table.Tbody>
            {musdes.rows.map((r) => (
              <Table.Tr key={r.code}>
                <Table.Td w="40%">
                  <Text size="sm">{r.name}</Text>
                </Table.Td>
                <Table.Td>
                  {level === 2 ? (
                    <Group gap="xs" wrap="nowrap">
                      <div style={{ flex: 1 }}>
                        <MusdesBar c={r} />
                      </div>
                      <Text size="xs" w={70} ta="right">
                        {formatNumber(r.finalised)}/{formatNumber(r.desa)}
                      </Text>
                    </Group>
                  ) : (
                    <Text size="sm">{t(`musdesState_${r.state ?? 'NO_MEETING'}`)}</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
