import { Alert, Badge, Button, Checkbox, Group, Paper, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconUsersPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionSelects } from '../../components/RegionSelects';
import { errorText } from '../../lib/api';
import { apiPost, client, type Schemas, useGet } from '../../lib/api/client';
import { NS } from './i18n';

type Result = Schemas['BulkAccountsResult'];

/** Save a PDF the server sent as a file the browser downloads. */
function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Accounts in bulk (issue 25): operator accounts of a chosen set of regions, or the officials
 * of a penugasan period. The answer lists the initial passwords this once; the slips PDF can be
 * downloaded once, right after.
 */
export default function BulkAccountsPage() {
  const { t } = useTranslation(NS);
  const [kind, setKind] = useState<'operators' | 'officials'>('operators');
  const [kecamatan, setKecamatan] = useState<string | null>(null);
  const [desa, setDesa] = useState<string | null>(null);
  const [withDesa, setWithDesa] = useState(true);
  const [withKecamatan, setWithKecamatan] = useState(true);
  const [periodId, setPeriodId] = useState<string | null>(null);
  const periods = useGet('/organisation/periods', kind === 'officials' ? {} : null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [downloaded, setDownloaded] = useState(false);

  async function create() {
    setBusy(true);
    setError(null);
    try {
      const code = desa ?? kecamatan;
      const body =
        kind === 'officials'
          ? { kind, periodId: Number(periodId) }
          : { kind, regionCodes: code ? [code] : [], desa: withDesa, kecamatan: withKecamatan };
      setResult(await apiPost('/users/bulk', { body }));
      setDownloaded(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function downloadSlips() {
    if (!result?.slipToken) return;
    try {
      const { data } = await client.POST('/users/slips', { body: { token: result.slipToken }, parseAs: 'blob' });
      if (data) saveBlob(data as Blob, 'slip-akun.pdf');
      setDownloaded(true);
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    }
  }

  const canSubmit = kind === 'officials' ? Boolean(periodId) : withDesa || withKecamatan;

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('bulkTitle')}
      </Title>
      <Text c="dimmed" maw={720}>
        {t('bulkIntro')}
      </Text>
      <Paper withBorder p="md" maw={720}>
        <Stack gap="sm">
          <SegmentedControl
            aria-label={t('kind')}
            value={kind}
            onChange={(v) => setKind(v as typeof kind)}
            data={[
              { value: 'operators', label: t('kindOperators') },
              { value: 'officials', label: t('kindOfficials') },
            ]}
          />
          {kind === 'operators' ? (
            <>
              <RegionSelects
                kecamatan={kecamatan}
                desa={desa}
                allLabels
                onChange={(k, d) => {
                  setKecamatan(k);
                  setDesa(d);
                }}
              />
              <Text size="xs" c="dimmed">
                {t('regionHelp')}
              </Text>
              <Checkbox label={t('desaOperators')} checked={withDesa} onChange={(e) => setWithDesa(e.currentTarget.checked)} />
              <Checkbox
                label={t('kecamatanOperators')}
                checked={withKecamatan}
                onChange={(e) => setWithKecamatan(e.currentTarget.checked)}
              />
            </>
          ) : (
            <Select
              label={t('period')}
              value={periodId}
              onChange={setPeriodId}
              data={(periods.data?.items ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
            />
          )}
          <ErrorAlert error={error ?? periods.error} />
          <Group>
            <Button leftSection={<IconUsersPlus size={16} />} loading={busy} disabled={!canSubmit} onClick={create}>
              {t('create')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      {result && <BulkResult result={result} downloaded={downloaded} onDownload={downloadSlips} />}
    </Stack>
  );
}

function BulkResult({ result, downloaded, onDownload }: { result: Result; downloaded: boolean; onDownload(): void }) {
  const { t, i18n } = useTranslation(NS);
  const en = i18n.language === 'en';
  return (
    <Stack gap="sm" data-testid="bulk-result">
      <Group gap="xs">
        <Badge color="teal" size="lg">
          {t('createdCount', { n: result.created.length })}
        </Badge>
        <Badge color="gray" size="lg">
          {t('skippedCount', { n: result.skipped.length })}
        </Badge>
      </Group>
      {result.created.length === 0 ? (
        <Text>{t('nothingCreated')}</Text>
      ) : (
        <>
          <Alert color="yellow">{t('onceWarning')}</Alert>
          <Group>
            <Button leftSection={<IconDownload size={16} />} onClick={onDownload} disabled={downloaded || !result.slipToken}>
              {downloaded ? t('slipsDownloaded') : t('downloadSlips')}
            </Button>
          </Group>
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fullName')}</Table.Th>
                  <Table.Th>{t('role')}</Table.Th>
                  <Table.Th>{t('region')}</Table.Th>
                  <Table.Th>{t('username')}</Table.Th>
                  <Table.Th>{t('password')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.created.map((c) => (
                  <Table.Tr key={c.userId}>
                    <Table.Td>{c.fullName}</Table.Td>
                    <Table.Td>{c.roleLabel}</Table.Td>
                    <Table.Td>{c.regionName}</Table.Td>
                    <Table.Td ff="monospace">{c.username}</Table.Td>
                    <Table.Td ff="monospace">{c.password}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      {result.skipped.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fullName')}</Table.Th>
                <Table.Th>{t('reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.skipped.map((s) => (
                <Table.Tr key={`${s.regionCode}-${s.fullName}`}>
                  <Table.Td>{s.fullName}</Table.Td>
                  <Table.Td>{en ? s.reason.en : s.reason.id}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
