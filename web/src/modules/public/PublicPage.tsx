import { Box, Card, Container, Group, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError } from '../../lib/api';
import { type Schemas, useGet } from '../../lib/api/client';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useDocumentTitle } from '../../shell/title';
import { formatPct, Stat } from '../monitoring/parts';

/**
 * The public page (issue 23): anyone may open /publik without an account when the deployment
 * enables the public view (SASMITA_PUBLIC_VIEW=1). Indonesian only; kabupaten and kecamatan
 * figures and the monthly trend exactly as the public API gives them, small cells withheld (the
 * API never sends their values), no person.
 */

// The chart library loads only when the page draws the trend (ADR 0024).
const ExtremeTrendChart = lazy(() => import('../monitoring/charts'));
// The map (d3-geo) loads with the page's map card.
const PublicMap = lazy(() => import('../maps/PublicMap').then((m) => ({ default: m.PublicMap })));

type Cell = Schemas['PublicCell'];

const T = {
  title: 'Data kemiskinan ekstrem',
  intro: 'Angka keluarga miskin ekstrem dari data terpadu pemerintah kabupaten. Tidak memuat data pribadi.',
  off: 'Halaman data publik tidak diaktifkan oleh pemerintah kabupaten.',
  households: 'Keluarga dalam data',
  extremeNow: 'Keluarga miskin ekstrem kini',
  extremeBaseline: 'Miskin ekstrem data awal',
  reduction: 'Penurunan',
  trend: 'Keluarga miskin ekstrem per bulan',
  target: 'Jalur target',
  extreme: 'Keluarga miskin ekstrem',
  perKecamatan: 'Per kecamatan',
  kecamatan: 'Kecamatan',
  map: 'Peta desa',
  mapLoading: 'Memuat peta…',
  suppressedNote: (n: number) =>
    `Angka di bawah ${n} keluarga disembunyikan (ditandai “< ${n}”) agar tidak ada keluarga yang dapat dikenali.`,
  suppressedTip: 'Disembunyikan untuk melindungi privasi',
  generated: (time: string) => `Data per ${time}`,
  targetText: (rate: string, year: number) => `Target: ${rate} pada akhir ${year}`,
};

function CellText({ cell, minCell }: { cell: Cell; minCell: number }) {
  if (!cell.suppressed) return <>{formatNumber(cell.value)}</>;
  return (
    <Tooltip label={T.suppressedTip}>
      <Text span c="dimmed" data-testid="suppressed">
        {`< ${minCell}`}
      </Text>
    </Tooltip>
  );
}

export default function PublicPage() {
  useDocumentTitle(T.title);
  const summary = useGet('/public/summary');
  const trend = useGet('/public/trend');
  const off = summary.error instanceof ApiError && summary.error.status === 404;
  const s = summary.data;
  const tr = trend.data;
  const cellValue = (c: Cell | undefined) => (c && !c.suppressed ? formatNumber(c.value) : `< ${s?.minCell ?? 5}`);

  return (
    <Container size="lg" py="lg" component="main" id="main-content">
      <Stack gap="md">
        <div>
          <Text fw={800} c="teal.8">
            Sasmita
          </Text>
          <Title order={1} size="h2">
            {T.title} {s ? `— ${s.kabupaten.name}` : ''}
          </Title>
          <Text c="dimmed" size="sm">
            {T.intro}
          </Text>
        </div>
        {off ? (
          <Text data-testid="public-off">{T.off}</Text>
        ) : (
          <ErrorAlert
            error={summary.error ?? trend.error}
            onRetry={() => {
              summary.reload();
              trend.reload();
            }}
          />
        )}
        {s && (
          <>
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <Stat label={T.households} value={cellValue(s.total.households)} />
              <Stat label={T.extremeNow} value={cellValue(s.total.extremeHouseholds)} testId="public-extreme" />
              <Stat label={T.extremeBaseline} value={cellValue(s.total.baselineExtremeHouseholds)} />
              <Stat label={T.reduction} value={formatPct(s.total.reductionPct)} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  {T.trend}
                </Title>
                {tr && (
                  <Suspense fallback={<Box h={240} />}>
                    <ExtremeTrendChart
                      points={tr.points.map((p) => ({ month: p.month, extreme: p.extremeHouseholds.value }))}
                      labels={{ extreme: T.extreme, target: T.target }}
                    />
                    <Text size="xs" c="dimmed" mt="xs">
                      {T.targetText(formatPct(tr.target.ratePct), tr.target.year)}
                    </Text>
                  </Suspense>
                )}
              </Card>
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  {T.map}
                </Title>
                <Suspense fallback={<Text c="dimmed">{T.mapLoading}</Text>}>
                  <PublicMap />
                </Suspense>
              </Card>
            </SimpleGrid>
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                {T.perKecamatan}
              </Title>
              <Table.ScrollContainer minWidth={560}>
                <Table striped data-testid="public-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{T.kecamatan}</Table.Th>
                      <Table.Th ta="right">{T.households}</Table.Th>
                      <Table.Th ta="right">{T.extremeBaseline}</Table.Th>
                      <Table.Th ta="right">{T.extremeNow}</Table.Th>
                      <Table.Th ta="right">{T.reduction}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {s.rows.map((r) => (
                      <Table.Tr key={r.code}>
                        <Table.Td>{r.name}</Table.Td>
                        <Table.Td ta="right">
                          <CellText cell={r.households} minCell={s.minCell} />
                        </Table.Td>
                        <Table.Td ta="right">
                          <CellText cell={r.baselineExtremeHouseholds} minCell={s.minCell} />
                        </Table.Td>
                        <Table.Td ta="right">
                          <CellText cell={r.extremeHouseholds} minCell={s.minCell} />
                        </Table.Td>
                        <Table.Td ta="right">{formatPct(r.reductionPct)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Group mt="xs">
                <Text size="xs" c="dimmed">
                  {T.suppressedNote(s.minCell)} {T.generated(formatDateTime(s.generatedAt))}
                </Text>
              </Group>
            </Card>
          </>
        )}
      </Stack>
    </Container>
  );
}
