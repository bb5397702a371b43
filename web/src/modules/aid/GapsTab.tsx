import { Button, Card, Chip, Group, Progress, SegmentedControl, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionSelects } from '../../components/RegionSelects';
import { API, query } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import { GapList } from './GapList';
import { NS } from './i18n';
import type { PriorityFactor } from './types';
import { PRIORITY_FACTORS } from './types';

function CoverageBar({ pct }: { pct: number }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Progress value={pct} w={70} color={pct >= 80 ? 'green' : pct >= 50 ? 'yellow' : 'red'} />
      <Text size="sm">{pct.toLocaleString('id-ID')}%</Text>
    </Group>
  );
}

export function GapsTab() {
  const { t } = useTranslation(NS);
  const [level, setLevel] = useState<'kecamatan' | 'desa'>('kecamatan');
  const [kecamatan, setKecamatan] = useState<string | null>(null);
  const [desa, setDesa] = useState<string | null>(null);
  const [year, setYear] = useState<string | null>(null);
  const [program, setProgram] = useState<string | null>(null);
  const [priority, setPriority] = useState<string[]>([]);
  const programs = useGet('/aid/programs');
  const gaps = useGet('/aid/gaps', {
    params: { query: { level, kecamatan: kecamatan ?? undefined, desa: desa ?? undefined, year: year ? Number(year) : undefined } },
  });
  const names = new Map((programs.data ?? []).map((p) => [p.code, p.name]));
  const thisYear = new Date().getFullYear();
  const filter = { kecamatan, desa, program, priority: priority as PriorityFactor[] };

  return (
    <Stack>
      <Card withBorder>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <SegmentedControl
              value={level}
              onChange={(v) => setLevel(v as 'kecamatan' | 'desa')}
              data={[
                { value: 'kecamatan', label: t('levels.kecamatan') },
                { value: 'desa', label: t('levels.desa') },
              ]}
            />
            <Select
              placeholder={t('allYears')}
              data={[0, 1, 2, 3].map((d) => String(thisYear - d))}
              value={year}
              onChange={setYear}
              clearable
              aria-label={t('year')}
            />
          </SimpleGrid>
          <RegionSelects
            kecamatan={kecamatan}
            desa={desa}
            allLabels
            onChange={(k, d) => {
              setKecamatan(k);
              setDesa(d);
            }}
          />
        </Stack>
      </Card>
      <ErrorAlert error={gaps.error} onRetry={gaps.reload} />
      {gaps.data && (
        <>
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={620}>
              <Table striped data-testid="aid-gaps">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('area')}</Table.Th>
                    <Table.Th ta="right">{t('target')}</Table.Th>
                    <Table.Th ta="right">{t('withAid')}</Table.Th>
                    <Table.Th ta="right">{t('withoutAid')}</Table.Th>
                    <Table.Th>{t('coverage')}</Table.Th>
                    <Table.Th ta="right">{t('inclusion')}</Table.Th>
                    <Table.Th ta="right">{t('outside')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {gaps.data.areas.map((a) => (
                    <Table.Tr key={a.code}>
                      <Table.Td>{a.name ?? a.code}</Table.Td>
                      <Table.Td ta="right">{formatNumber(a.target)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(a.withAid)}</Table.Td>
                      <Table.Td ta="right" fw={a.withoutAid > 0 ? 700 : undefined} c={a.withoutAid > 0 ? 'red' : undefined}>
                        {formatNumber(a.withoutAid)}
                      </Table.Td>
                      <Table.Td>
                        <CoverageBar pct={a.coveragePct} />
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(a.inclusionNonTarget)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(a.inclusionOutsideRegistry)}</Table.Td>
                    </Table.Tr>
                  ))}
                  <Table.Tr fw={700}>
                    <Table.Td>{t('total')}</Table.Td>
                    <Table.Td ta="right">{formatNumber(gaps.data.total.target)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(gaps.data.total.withAid)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(gaps.data.total.withoutAid)}</Table.Td>
                    <Table.Td>
                      <CoverageBar pct={gaps.data.total.coveragePct} />
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(gaps.data.total.inclusionNonTarget)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(gaps.data.total.inclusionOutsideRegistry)}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Card withBorder>
              <Text fw={600} mb="xs">
                {t('byProgram')}
              </Text>
              {gaps.data.programs.map((p) => (
                <Group key={p.code} justify="space-between" wrap="nowrap">
                  <Text size="sm">{names.get(p.code) ?? p.code}</Text>
                  <CoverageBar pct={p.coveragePct} />
                </Group>
              ))}
            </Card>
            <Card withBorder>
              <Text fw={600} mb="xs">
                {t('byFunding')}
              </Text>
              {gaps.data.fundingSources.map((f) => (
                <Group key={f.source} justify="space-between" wrap="nowrap">
                  <Text size="sm">{t(`fundings.${f.source}`)}</Text>
                  <CoverageBar pct={f.coveragePct} />
                </Group>
              ))}
            </Card>
          </SimpleGrid>
        </>
      )}
      <Card withBorder>
        <Stack gap="sm">
          <Text fw={600}>{program ? t('drillProgram', { program: names.get(program) ?? program }) : t('drill')}</Text>
          <Select
            label={t('withoutProgram')}
            placeholder={t('anyAid')}
            data={(programs.data ?? []).filter((p) => !p.historic).map((p) => ({ value: p.code, label: p.name }))}
            value={program}
            onChange={setProgram}
            clearable
            maw={360}
          />
          <Chip.Group multiple value={priority} onChange={setPriority}>
            <Group gap="xs">
              {PRIORITY_FACTORS.map((f) => (
                <Chip key={f} value={f} size="sm">
                  {t(`factors.${f}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <Group gap="xs">
            <Button
              component="a"
              variant="default"
              size="xs"
              href={`${API}/aid/gaps/households/export${query({ ...filter, format: 'xlsx' })}`}
            >
              {t('export')}
            </Button>
            <Button
              component="a"
              variant="default"
              size="xs"
              href={`${API}/aid/gaps/households/export${query({ ...filter, format: 'csv' })}`}
            >
              {t('exportCsv')}
            </Button>
          </Group>
          <GapList filter={filter} programs={programs.data ?? []} onChanged={gaps.reload} />
        </Stack>
      </Card>
    </Stack>
  );
}
