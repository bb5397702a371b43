import { Alert, Anchor, Badge, Card, Group, Progress, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type Schemas, useGet } from '../../lib/api/client';
import { formatDate, formatNumber } from '../../lib/format';
import { MusdesSection } from './MusdesSection';
import { Bars, formatPct, Stat } from './parts';

type WorkProgress = Schemas['MonitoringWorkProgress'];
type ProgressRow = NonNullable<WorkProgress['verval']>['children'][number];

/** Overdue desa as badges: per kecamatan with a count for the kabupaten, per desa below it. */
function overdueBadges(desa: { code: string; name: string; kecamatanName: string }[], level: number) {
  if (level > 2) return desa.map((d) => ({ key: d.code, label: d.name }));
  const perKecamatan = new Map<string, number>();
  for (const d of desa) perKecamatan.set(d.kecamatanName, (perKecamatan.get(d.kecamatanName) ?? 0) + 1);
  return [...perKecamatan.entries()].map(([name, n]) => ({ key: name, label: `${name} · ${formatNumber(n)} desa` }));
}

const share = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);

/** Approved (green) within visited (blue) of all households, as one bar. */
function VervalBar({ row }: { row: Pick<ProgressRow, 'households' | 'visited' | 'approved'> }) {
  const approved = share(row.approved, row.households);
  return (
    <Progress.Root size="lg" aria-hidden>
      <Progress.Section value={approved} color="teal.6" />
      <Progress.Section value={share(row.visited, row.households) - approved} color="blue.3" />
    </Progress.Root>
  );
}

/** Verval progress, the verval ranking and the overdue desa of the region, for a program period. */
export function ProgressSection({ region, onRegion }: { region: string | null; onRegion(code: string): void }) {
  const { t } = useTranslation('monitoring');
  const [period, setPeriod] = useState<string | null>(null);
  const { data, error, reload } = useGet('/monitoring/progress', {
    params: { query: { region: region ?? undefined, period: period ? Number(period) : undefined } },
  });
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return null;
  const v = data.verval;
  return (
    <Stack gap="md" data-testid="verval-progress">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          {t('progressTitle')}
        </Title>
        {data.periods.length > 0 && (
          <Select
            label={t('progressPeriod')}
            data={data.periods.map((p) => ({ value: String(p.id), label: p.name }))}
            value={data.period ? String(data.period.id) : null}
            onChange={setPeriod}
            allowDeselect={false}
            w={240}
          />
        )}
      </Group>
      {!v && <Alert color="gray">{t('noPeriod')}</Alert>}
      {v && (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Stat label={t('households')} value={formatNumber(v.totals.households)} />
            <Stat
              label={t('visited')}
              value={`${formatNumber(v.totals.visited)} · ${formatPct(v.totals.visitedPct)}`}
              testId="verval-visited"
            />
            <Stat
              label={t('approved')}
              value={`${formatNumber(v.totals.approved)} · ${formatPct(v.totals.approvedPct)}`}
              testId="verval-approved"
            />
            <Stat label={t('remaining')} value={formatNumber(v.totals.remaining)} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Title order={3} size="h4" mb="sm">
                {t('outcomes')}
              </Title>
              <Bars items={Object.entries(v.totals.outcomes).map(([o, n]) => ({ label: t(`outcome_${o}`), value: n }))} />
            </Card>
            <Card withBorder>
              <Title order={3} size="h4" mb="sm">
                {t('rankingVerval')}
              </Title>
              <Text size="xs" c="dimmed" mb="xs">
                {t('progressLegend')}
              </Text>
              <Table data-testid="ranking-verval" verticalSpacing={4}>
                <Table.Tbody>
                  {v.ranking.slice(0, 10).map((r) => (
                    <Table.Tr key={r.code}>
                      <Table.Td w={28}>{r.rank}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{r.name}</Text>
                        <VervalBar row={r} />
                      </Table.Td>
                      <Table.Td ta="right" w={80}>
                        {formatPct(r.approvedPct)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          </SimpleGrid>
          {v.children.length > 0 && (
            <Card withBorder>
              <Title order={3} size="h4" mb="sm">
                {t('progressPerRegion')}
              </Title>
              <Table.ScrollContainer minWidth={640}>
                <Table striped data-testid="verval-children">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('region')}</Table.Th>
                      <Table.Th ta="right">{t('households')}</Table.Th>
                      <Table.Th ta="right">{t('visited')}</Table.Th>
                      <Table.Th ta="right">{t('approved')}</Table.Th>
                      <Table.Th ta="right">{t('remaining')}</Table.Th>
                      <Table.Th w={160} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {v.children.map((r) => (
                      <Table.Tr key={r.code}>
                        <Table.Td>
                          {data.region.level < 3 ? (
                            <Anchor component="button" onClick={() => onRegion(r.code)}>
                              {r.name}
                            </Anchor>
                          ) : (
                            r.name
                          )}
                        </Table.Td>
                        <Table.Td ta="right">{formatNumber(r.households)}</Table.Td>
                        <Table.Td ta="right">{formatNumber(r.visited)}</Table.Td>
                        <Table.Td ta="right">{formatNumber(r.approved)}</Table.Td>
                        <Table.Td ta="right">{formatNumber(r.remaining)}</Table.Td>
                        <Table.Td>
                          <VervalBar row={r} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
          )}
          {data.musdes && <MusdesSection musdes={data.musdes} level={data.region.level} />}
          <Card withBorder data-testid="overdue">
            <Title order={3} size="h4" mb="sm">
              {t('overdueTitle')}
            </Title>
            {data.overdue.length === 0 && <Text c="dimmed">{t('overdueNone')}</Text>}
            <Stack gap="sm">
              {data.overdue.map((o) => (
                <Stack key={o.stage.id} gap={4}>
                  <Text size="sm" fw={500}>
                    {t('overdueStage', {
                      name: o.stage.kecamatanName ? `${o.stage.name} — ${o.stage.kecamatanName}` : o.stage.name,
                      date: formatDate(o.stage.endDate),
                      n: formatNumber(o.overdue.length),
                    })}
                  </Text>
                  <Group gap={4}>
                    {overdueBadges(o.overdue, data.region.level).map((b) => (
                      <Badge key={b.key} variant="light" color="orange" style={{ textTransform: 'none' }}>
                        {b.label}
                      </Badge>
                    ))}
                  </Group>
                </Stack>
              ))}
            </Stack>
          </Card>
        </>
      )}
    </Stack>
  );
}
