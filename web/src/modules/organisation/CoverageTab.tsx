import { Alert, Badge, Button, Group, List, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { api, errorText } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import { NS } from './i18n';
import type { AssignedOfficial } from './types';

const people = (list: AssignedOfficial[]) => (list.length ? list.map((p) => p.name).join('; ') : '—');

function Stat({ label, value, color, testId }: { label: string; value: number; color?: string; testId: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" c={value > 0 ? color : undefined}>
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}

/** Norm of desa per official (admin only). */
function NormEditor({ value, onSaved }: { value: number; onSaved(): void }) {
  const { t } = useTranslation(NS);
  const { t: tc } = useTranslation();
  const [norm, setNorm] = useState<number | string>(value);
  async function save() {
    try {
      await api.put('/organisation/settings', { maxDesaPerOfficial: Number(norm) });
      onSaved();
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    }
  }
  return (
    <Group gap="xs" align="flex-end">
      <NumberInput label={t('coverage.norm')} value={norm} onChange={setNorm} min={1} max={100} w={200} />
      <Button variant="default" onClick={save} disabled={Number(norm) === value}>
        {tc('app.save')}
      </Button>
    </Group>
  );
}

/** Who is assigned where: per kecamatan and desa, gaps and doubles highlighted, loads per agency and official. */
export function CoverageTab({ periodId, isAdmin }: { periodId: number; isAdmin: boolean }) {
  const { t } = useTranslation(NS);
  const [kecamatan, setKecamatan] = useState<string | null>(null);
  const all = useGet('/organisation/periods/{periodId}/coverage', { params: { path: { periodId } } });
  const shown = useGet(
    '/organisation/periods/{periodId}/coverage',
    kecamatan ? { params: { path: { periodId }, query: { kecamatan } } } : null,
  );
  const cov = kecamatan ? shown.data : all.data;
  const en = currentLanguage() === 'en';
  const reload = () => {
    all.reload();
    shown.reload();
  };

  return (
    <Stack gap="md">
      <ErrorAlert error={all.error ?? shown.error} onRetry={reload} />
      <Group justify="space-between" align="flex-end">
        <Select
          label={t('coverage.kecamatanFilter')}
          placeholder={t('coverage.allKecamatan')}
          data={(all.data?.kecamatan ?? []).map((k) => ({ value: k.code, label: k.name }))}
          value={kecamatan}
          onChange={setKecamatan}
          searchable
          clearable
          w={280}
        />
        {isAdmin && all.data && (
          <NormEditor key={all.data.norm.maxDesaPerOfficial} value={all.data.norm.maxDesaPerOfficial} onSaved={reload} />
        )}
      </Group>
      {cov && (
        <>
          <Group gap="sm">
            <Badge size="lg" color={cov.summary.complete ? 'teal' : 'orange'} data-testid="coverage-status">
              {cov.summary.complete ? t('coverage.complete') : t('coverage.incomplete')}
            </Badge>
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
            <Stat label={t('coverage.desa')} value={cov.summary.desa} testId="stat-desa" />
            <Stat label={t('coverage.uncovered')} value={cov.summary.uncoveredDesa} color="red" testId="stat-uncovered" />
            <Stat label={t('coverage.double')} value={cov.summary.doubleDesa} color="orange" testId="stat-double" />
            <Stat label={t('coverage.withoutAgency')} value={cov.summary.kecamatanWithoutAgency} color="red" testId="stat-without-agency" />
            <Stat label={t('coverage.withoutStaff')} value={cov.summary.desaWithoutStaff} color="yellow.8" testId="stat-without-staff" />
          </SimpleGrid>
          {cov.warnings.length > 0 && (
            <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('coverage.warnings')}>
              <List size="sm">
                {cov.warnings.map((w) => (
                  <List.Item key={`${w.code}-${w.message}`}>{en ? w.messageEn : w.message}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing={4} data-testid="coverage-table" withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('coverage.desa')}</Table.Th>
                  <Table.Th>{t('coverage.pendamping')}</Table.Th>
                  <Table.Th>{t('coverage.staf')}</Table.Th>
                  <Table.Th>{t('coverage.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {cov.kecamatan.map((k) => (
                  <Fragment key={k.code}>
                    <Table.Tr bg={k.uncovered ? 'red.1' : 'gray.1'} data-kecamatan={k.code}>
                      <Table.Td colSpan={4}>
                        <Group gap="xs">
                          <Text fw={700}>Kecamatan {k.name}</Text>
                          <Text size="sm">
                            {t('coverage.agency')}: {k.agencies.length ? k.agencies.map((a) => a.name).join(', ') : t('coverage.noAgency')}
                          </Text>
                          {k.pembina.length > 0 && (
                            <Text size="sm">
                              · {t('coverage.pembina')}: {people(k.pembina)}
                            </Text>
                          )}
                          {k.double && <Badge color="orange">{t('coverage.double')}</Badge>}
                          <Text size="sm" c="dimmed">
                            {k.counts.desa} desa · {k.counts.uncovered} {t('coverage.uncovered').toLowerCase()}
                          </Text>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {k.desa.map((d) => (
                      <Table.Tr
                        key={d.code}
                        data-desa={d.code}
                        data-uncovered={d.uncovered ? 'true' : 'false'}
                        data-double={d.double ? 'true' : 'false'}
                        bg={d.uncovered ? 'red.0' : d.double ? 'orange.0' : undefined}
                      >
                        <Table.Td pl="lg">{d.name}</Table.Td>
                        <Table.Td>{people(d.pendamping)}</Table.Td>
                        <Table.Td>{people(d.staf)}</Table.Td>
                        <Table.Td>
                          {d.uncovered && <Badge color="red">{t('coverage.uncovered')}</Badge>}
                          {d.double && <Badge color="orange">{t('coverage.double')}</Badge>}
                          {!d.uncovered && !d.double && (
                            <Badge color="teal" variant="light">
                              {t('coverage.ok')}
                            </Badge>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Stack gap="xs">
              <Title order={2} size="h4">
                {t('coverage.perAgency')}
              </Title>
              <Table striped verticalSpacing={4} data-testid="agency-load">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('assignments.agency')}</Table.Th>
                    <Table.Th>{t('coverage.kecamatanCount')}</Table.Th>
                    <Table.Th>{t('coverage.desaCount')}</Table.Th>
                    <Table.Th>{t('coverage.officialCount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {cov.agencies.map((a) => (
                    <Table.Tr key={a.agencyId}>
                      <Table.Td>{a.name}</Table.Td>
                      <Table.Td>{a.kecamatanBinaan}</Table.Td>
                      <Table.Td>{a.desa}</Table.Td>
                      <Table.Td>{a.officials}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
            <Stack gap="xs">
              <Title order={2} size="h4">
                {t('coverage.perOfficial')}
              </Title>
              <Table striped verticalSpacing={4} data-testid="official-load">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('assignments.official')}</Table.Th>
                    <Table.Th>{t('assignments.agency')}</Table.Th>
                    <Table.Th>{t('coverage.desaCount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {cov.officials.map((o) => (
                    <Table.Tr key={o.officialId} bg={o.overNorm ? 'orange.0' : undefined}>
                      <Table.Td>
                        {o.name} ({o.echelon})
                      </Table.Td>
                      <Table.Td>{o.agencyName}</Table.Td>
                      <Table.Td>
                        {o.desa} {o.overNorm && <Badge color="orange">{t('coverage.overNorm')}</Badge>}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
