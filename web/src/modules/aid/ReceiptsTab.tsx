import { Alert, Badge, Button, Card, FileInput, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionSelects } from '../../components/RegionSelects';
import { API, api } from '../../lib/api';
import { apiGet, type Res, type Schemas, useGet } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import { useSession } from '../auth/session';
import { NS } from './i18n';
import type { Program } from './types';

const thisYear = new Date().getFullYear();

function ImportBox({ programs, onDone }: { programs: Program[]; onDone: () => void }) {
  const { t } = useTranslation(NS);
  const [program, setProgram] = useState<string | null>(null);
  const [year, setYear] = useState<number | string>(thisYear);
  const [amount, setAmount] = useState<number | string>('');
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<{ importId: number; jobId: number } | null>(null);
  const [state, setState] = useState<Res<'/jobs/{id}', 'get'> | null>(null);
  const [report, setReport] = useState<Schemas['AidImportReportRow'][] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!job) return;
    const timer = setInterval(async () => {
      try {
        const j = await apiGet('/jobs/{id}', { params: { path: { id: job.jobId } } });
        setState(j);
        if (j.status !== 'RUNNING') {
          clearInterval(timer);
          setReport(await apiGet('/aid/imports/{id}/report', { params: { path: { id: job.importId } } }));
          onDone();
        }
      } catch (e) {
        clearInterval(timer);
        setError(e);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [job, onDone]);

  async function upload() {
    if (!file || !program) return;
    setError(null);
    setReport(null);
    const form = new FormData();
    form.append('programCode', program);
    form.append('periodYear', String(year));
    if (amount !== '') form.append('amount', String(amount));
    form.append('file', file);
    try {
      setJob(await api.post('/aid/imports', form));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Text fw={600}>{t('importList')}</Text>
        <Text size="sm" c="dimmed">
          {t('importHint')}
        </Text>
        <ErrorAlert error={error} />
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <Select
            label={t('program')}
            data={programs.map((p) => ({ value: p.code, label: p.name }))}
            value={program}
            onChange={setProgram}
          />
          <NumberInput label={t('year')} value={year} onChange={setYear} min={2000} max={2100} />
          <NumberInput label={t('amount')} value={amount} onChange={setAmount} min={0} thousandSeparator="." decimalSeparator="," />
          <FileInput label={t('file')} accept=".csv,.xlsx" value={file} onChange={setFile} clearable />
        </SimpleGrid>
        <Group>
          <Button onClick={upload} disabled={!file || !program}>
            {t('upload')}
          </Button>
        </Group>
        {state?.status === 'RUNNING' && <Text size="sm">{t('importing', { done: state.done })}</Text>}
        {state && state.status !== 'RUNNING' && (
          <Alert color={state.status === 'DONE' ? 'green' : 'red'}>{t('importDone', { message: state.message ?? state.status })}</Alert>
        )}
        {report && job && report.length > 0 && (
          <Stack gap={4}>
            <Group justify="space-between">
              <Text fw={600}>{t('report')}</Text>
              <Button component="a" size="xs" variant="default" href={`${API}/aid/imports/${job.importId}/report/export`}>
                {t('downloadReport')}
              </Button>
            </Group>
            <Table.ScrollContainer minWidth={480}>
              <Table>
                <Table.Tbody>
                  {report.slice(0, 50).map((r) => (
                    <Table.Tr key={r.rowNumber}>
                      <Table.Td>{r.rowNumber}</Table.Td>
                      <Table.Td>{r.nik}</Table.Td>
                      <Table.Td>{r.name}</Table.Td>
                      <Table.Td>{r.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** Receipts in scope (newest first), the P3KE flag action and the recipient-list import. */
export function ReceiptsTab() {
  const { t } = useTranslation(NS);
  const session = useSession();
  const manager = session.can('aid.receipt.import');
  const [kecamatan, setKecamatan] = useState<string | null>(null);
  const [desa, setDesa] = useState<string | null>(null);
  const [program, setProgram] = useState<string | null>(null);
  const [before, setBefore] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const programs = useGet('/aid/programs');
  const list = useGet('/aid/receipts', {
    params: {
      query: {
        kecamatan: kecamatan ?? undefined,
        desa: desa ?? undefined,
        program: program ?? undefined,
        before: before ?? undefined,
        limit: 50,
      },
    },
  });

  async function fromRegistry() {
    setError(null);
    try {
      const r = await api.post<{ households: number; members: number }>('/aid/receipts/from-registry');
      setNotice(t('fromRegistryDone', r));
      list.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Stack>
      {manager && (
        <Group>
          <Button variant="light" onClick={fromRegistry}>
            {t('fromRegistry')}
          </Button>
        </Group>
      )}
      {notice && (
        <Alert color="green" withCloseButton onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      {manager && <ImportBox programs={programs.data ?? []} onDone={list.reload} />}
      <Card withBorder>
        <Stack gap="sm">
          <RegionSelects
            kecamatan={kecamatan}
            desa={desa}
            allLabels
            onChange={(k, d) => {
              setKecamatan(k);
              setDesa(d);
              setBefore(null);
            }}
          />
          <Select
            label={t('program')}
            placeholder={t('allPrograms')}
            data={(programs.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
            value={program}
            onChange={(v) => {
              setProgram(v);
              setBefore(null);
            }}
            clearable
            maw={360}
          />
        </Stack>
      </Card>
      <ErrorAlert error={list.error ?? error} onRetry={list.reload} />
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="aid-receipts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('household')}</Table.Th>
                <Table.Th>{t('program')}</Table.Th>
                <Table.Th>{t('year')}</Table.Th>
                <Table.Th ta="right">{t('amount')}</Table.Th>
                <Table.Th>{t('source')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data?.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    {r.memberName ? `${r.memberName} (${r.headName})` : r.headName}
                    <Text size="xs" c="dimmed">
                      {r.desaName}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.programName}</Table.Td>
                  <Table.Td>{r.periodMonth ? `${r.periodMonth}/${r.periodYear}` : r.periodYear}</Table.Td>
                  <Table.Td ta="right">{r.amount === null ? '—' : formatNumber(r.amount)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{t(`sources.${r.source}`)}</Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {list.data?.items.length === 0 && (
          <Text c="dimmed" p="md">
            {t('noReceipts')}
          </Text>
        )}
      </Card>
      {list.data?.nextBefore && (
        <Button variant="default" onClick={() => setBefore(list.data?.nextBefore ?? null)}>
          {t('more')}
        </Button>
      )}
    </Stack>
  );
}
