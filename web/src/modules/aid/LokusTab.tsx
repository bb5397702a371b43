import { Badge, Button, Card, Group, Modal, NumberInput, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { type Schemas, useGet } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import { useSession } from '../auth/session';
import { NS } from './i18n';

type LokusRow = Schemas['AidLokus'];

/** Priority desa: ranked by target households without aid; the admin pins desa in or out. */
export function LokusTab() {
  const { t } = useTranslation(NS);
  const isAdmin = useSession().can('aid.lokus.manage');
  const [top, setTop] = useState<number | string>(10);
  const rows = useGet('/aid/lokus', { params: { query: { top: Number(top) || undefined } } });
  const [editing, setEditing] = useState<{ row: LokusRow; pinned: boolean } | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);

  async function save(desaCode: string, pinned: boolean | null, why?: string) {
    setError(null);
    try {
      await api.put(`/aid/lokus/${desaCode}`, { pinned, reason: why });
      setEditing(null);
      setReason('');
      rows.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Stack>
      <NumberInput label={t('lokusTop')} value={top} onChange={setTop} min={0} max={1000} maw={200} />
      <ErrorAlert error={rows.error ?? error} onRetry={rows.reload} />
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={620}>
          <Table striped data-testid="aid-lokus">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('lokusRank')}</Table.Th>
                <Table.Th>{t('desa')}</Table.Th>
                <Table.Th ta="right">{t('target')}</Table.Th>
                <Table.Th ta="right">{t('withoutAid')}</Table.Th>
                <Table.Th ta="right">{t('share')}</Table.Th>
                <Table.Th>{t('isLokus')}</Table.Th>
                {isAdmin && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.data?.map((r) => (
                <Table.Tr key={r.desaCode}>
                  <Table.Td>{r.rank}</Table.Td>
                  <Table.Td>
                    {r.desaName}
                    <Text size="xs" c="dimmed">
                      {r.kecamatanName}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(r.target)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(r.withoutAid)}</Table.Td>
                  <Table.Td ta="right">{r.sharePct.toLocaleString('id-ID')}%</Table.Td>
                  <Table.Td>
                    {r.lokus && <Badge color="red">{t('isLokus')}</Badge>}{' '}
                    {r.override && (
                      <Text size="xs" c="dimmed" title={r.override.reason ?? undefined}>
                        {r.override.pinned ? t('pinned') : t('excluded')}: {r.override.reason}
                      </Text>
                    )}
                  </Table.Td>
                  {isAdmin && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {r.override ? (
                          <Button size="compact-xs" variant="default" onClick={() => save(r.desaCode, null)}>
                            {t('clearPin')}
                          </Button>
                        ) : (
                          <Button size="compact-xs" variant="light" onClick={() => setEditing({ row: r, pinned: !r.lokus })}>
                            {r.lokus ? t('unpin') : t('pin')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing?.pinned ? t('pin') : t('unpin')}>
        <Stack>
          <Text>{editing?.row.desaName}</Text>
          <Textarea label={t('pinReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required />
          <Button disabled={!reason.trim()} onClick={() => editing && save(editing.row.desaCode, editing.pinned, reason)}>
            {t('save')}
          </Button>
        </Stack>
      </Modal>
    </Stack>
  );
}
