import { Alert, Button, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { fromVerval } from '../form';
import { NS } from '../i18n';
import { compareForms } from './compare';
import type { OutboxItem } from './db';
import { OFFLINE_NS } from './i18n';
import { keepDeviceVersion, takeServerVersion } from './outbox';
import { storedHousehold } from './pack';
import { syncOutbox } from './sync';
import '../i18n-review';

/**
 * A 409 from the outbox: the server's record and the device's version side by side, part by
 * part, differences highlighted; the operator keeps one. Nothing is overwritten or dropped
 * without that choice, and a dropped device version stays in the "dibuang" list.
 */
export function ConflictView({
  item,
  onDone,
  onServerVersion,
}: {
  item: OutboxItem;
  onDone?: () => void;
  /** The operator took the server's version: a page showing this household's form shows that version. */
  onServerVersion?: () => void;
}) {
  const { t } = useTranslation(OFFLINE_NS);
  const { t: tv } = useTranslation(NS);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const c = item.conflict;
  // "Since you downloaded it" only when the household came with a downloaded desa; else it was opened online.
  const [downloaded, setDownloaded] = useState(false);
  useEffect(() => {
    storedHousehold(item.periodId, item.householdId)
      .then((s) => setDownloaded(Boolean(s?.pack)))
      .catch(() => setDownloaded(false));
  }, [item.periodId, item.householdId]);
  const device = item.form ?? fromVerval(null);
  const server = fromVerval(c?.current ?? null);
  const rows = compareForms(device, server, (k) => tv(k));
  const act = async (fn: (seq: number) => Promise<void>) => {
    setBusy(true);
    try {
      await fn(item.seq!);
      // The device version goes out at once when there is a network.
      if (navigator.onLine) await syncOutbox(item.userId).catch(() => null);
      onDone?.();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert color="red" title={t('conflictTitle')} data-testid="verval-offline-conflict" styles={{ body: { minWidth: 0 } }}>
      <Stack gap="xs">
        <Text size="sm">
          {t(downloaded ? 'conflictIntro' : 'conflictIntroOpened', {
            name: item.headName,
            who: c?.changedBy?.fullName ?? '?',
            when: c?.changedAt ? formatDateTime(c.changedAt) : '?',
          })}
        </Text>
        <Table.ScrollContainer minWidth={0}>
          <Table fz="sm" layout="fixed" withRowBorders>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('columns.what')}</Table.Th>
                <Table.Th>{t('columns.device')}</Table.Th>
                <Table.Th>{t('columns.server')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.what} bg={r.differs ? 'yellow.1' : undefined} data-differs={r.differs || undefined}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }} fw={r.differs ? 700 : undefined}>
                    {r.what}
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.device}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.server}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {confirming ? (
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              {t('confirmServer')}
            </Text>
            <Stack gap="xs">
              <Button color="red" loading={busy} onClick={() => act(takeServerVersion).then(() => onServerVersion?.())}>
                {t('confirmYes')}
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('cancel')}
              </Button>
            </Stack>
          </Stack>
        ) : (
          <Stack gap="xs">
            <Button loading={busy} onClick={() => act(keepDeviceVersion)}>
              {t('useDevice')}
            </Button>
            <Button variant="default" onClick={() => setConfirming(true)}>
              {t('useServer')}
            </Button>
          </Stack>
        )}
      </Stack>
    </Alert>
  );
}
