import { Alert, Anchor, Badge, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useGet } from '../../lib/api/client';
import { formatDate, formatNumber } from '../../lib/format';
import { NS } from './i18n';

/** The leaders' view: per agency, or per official of one agency, with the inactive ones flagged; monthly recap downloads. */
export function LeadersTab({ periodId }: { periodId: string | null }) {
  const { t } = useTranslation(NS);
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [month, setMonth] = useState(() => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 7));
  const all = useGet(
    '/pendampingan/periods/{periodId}/summary',
    periodId ? { params: { path: { periodId: Number(periodId) }, query: {} } } : null,
  );
  const one = useGet(
    '/pendampingan/periods/{periodId}/summary',
    periodId && agencyId ? { params: { path: { periodId: Number(periodId) }, query: { agencyId: Number(agencyId) } } } : null,
  );
  const view = agencyId ? one : all;
  const s = view.data;
  const recap = (ext: 'xlsx' | 'pdf') => `/api/v1/pendampingan/periods/${periodId}/recap.${ext}?agencyId=${agencyId}&month=${month}`;
  if (!periodId) return null;
  return (
    <Stack gap="sm">
      <ErrorAlert error={view.error} />
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t('agency')}
          placeholder={t('allAgencies')}
          data={(all.data?.rows ?? []).map((r) => ({ value: String(r.id), label: r.name }))}
          value={agencyId}
          onChange={setAgencyId}
          clearable
          data-testid="leaders-agency"
        />
        <TextInput label={t('month')} type="month" value={month} onChange={(e) => setMonth(e.currentTarget.value)} />
        {agencyId ? (
          <Group gap="xs">
            <Anchor href={recap('xlsx')} data-testid="recap-xlsx">
              {t('recapXlsx')}
            </Anchor>
            <Anchor href={recap('pdf')}>{t('recapPdf')}</Anchor>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('chooseAgency')}
          </Text>
        )}
      </Group>
      {s && (
        <Card withBorder p={0}>
          <Table.ScrollContainer minWidth={900}>
            <Table striped fz="sm" data-testid="leaders-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{s.by === 'agency' ? t('agency') : t('official')}</Table.Th>
                  {s.by === 'agency' && <Table.Th ta="right">{t('officials')}</Table.Th>}
                  <Table.Th ta="right">{t('desaAssigned')}</Table.Th>
                  <Table.Th ta="right">{t('desaVisited')}</Table.Th>
                  <Table.Th ta="right">{t('visits')}</Table.Th>
                  <Table.Th ta="right">{t('accompanied')}</Table.Th>
                  <Table.Th ta="right">{t('proposals')}</Table.Th>
                  <Table.Th ta="right">{t('openFollowUps')}</Table.Th>
                  <Table.Th ta="right">{t('overdueFollowUps')}</Table.Th>
                  <Table.Th>{t('lastActivity')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.rows.map((r) => {
                  const proposals = Object.values(r.proposals).reduce((a, b) => a + b, 0);
                  return (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        {r.name}
                        {r.inactive && (
                          <Badge color="red" variant="light" tt="none" ml={6}>
                            {t('inactive', { n: s.inactiveDays })}
                          </Badge>
                        )}
                      </Table.Td>
                      {s.by === 'agency' && <Table.Td ta="right">{formatNumber(r.officials)}</Table.Td>}
                      <Table.Td ta="right">{formatNumber(r.desaAssigned)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(r.desaVisited)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(r.visits)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(r.householdsAccompanied)}</Table.Td>
                      <Table.Td ta="right">
                        {formatNumber(proposals)}
                        {proposals > 0 && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            ({formatNumber(r.proposals.DISTRIBUTED)} {t('distributed')})
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(r.followUpsOpen)}</Table.Td>
                      <Table.Td ta="right" c={r.followUpsOverdue > 0 ? 'red' : undefined}>
                        {formatNumber(r.followUpsOverdue)}
                      </Table.Td>
                      <Table.Td className="nowrap">{r.lastActivity ? formatDate(r.lastActivity) : '—'}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {s && (
        <Alert color={s.inactiveDesa.length ? 'yellow' : 'green'} title={t('inactiveDesa', { n: s.inactiveDays })}>
          {s.inactiveDesa.length === 0 ? t('none') : s.inactiveDesa.map((d) => `${d.name} (${d.kecamatanName})`).join(', ')}
        </Alert>
      )}
    </Stack>
  );
}
