import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconCloudDownload, IconRefresh } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDateTime } from '../../../lib/format';
import { DeviceUsage } from './DeviceUsage';
import { onFieldChange, type PackMeta } from './db';
import { OFFLINE_NS } from './i18n';
import { downloadPack, packMeta, persistStorage } from './pack';

/** The desa's pack on this device (undefined while reading, null when absent), re-read after every change. */
export function usePack(periodId: number | null, desa: string | null) {
  const [meta, setMeta] = useState<PackMeta | null | undefined>(undefined);
  const read = useCallback(() => {
    if (!periodId || !desa) return;
    packMeta(periodId, desa)
      .then((m) => setMeta(m ?? null))
      .catch(() => setMeta(null));
  }, [periodId, desa]);
  useEffect(() => {
    setMeta(undefined);
    read();
    return onFieldChange(read);
  }, [read]);
  return meta;
}

/** "Unduh untuk offline" on the worklist: the time of the last download, a refresh, and the storage used. */
export function OfflinePanel({ periodId, desa, meta }: { periodId: number; desa: string; meta: PackMeta | null | undefined }) {
  const { t } = useTranslation(OFFLINE_NS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      await persistStorage().catch(() => false);
      await downloadPack(periodId, desa);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="sm" radius="md" data-testid="verval-offline-panel">
      <Stack gap="xs">
        {meta ? (
          <Text size="sm" fw={600} data-testid="verval-offline-downloaded">
            {t('downloaded', { desa: meta.desaName ?? meta.desaCode, n: meta.households, when: formatDateTime(meta.downloadedAt) })}
          </Text>
        ) : (
          meta === null && <Text size="sm">{t('notDownloaded')}</Text>
        )}
        <DeviceUsage />
        <Group>
          <Button
            size="md"
            variant={meta ? 'light' : 'filled'}
            leftSection={meta ? <IconRefresh size={18} /> : <IconCloudDownload size={18} />}
            onClick={download}
            loading={busy}
            disabled={!navigator.onLine}
          >
            {meta ? t('refresh') : t('download')}
          </Button>
        </Group>
        {busy && (
          <Text size="sm" c="dimmed">
            {t('downloading')}
          </Text>
        )}
        <ErrorAlert error={error} />
      </Stack>
    </Card>
  );
}

export function OfflineListNote({ meta }: { meta: PackMeta | null | undefined }) {
  const { t } = useTranslation(OFFLINE_NS);
  return (
    <Alert color="yellow" data-testid="verval-offline-note">
      {meta ? t('offlineList', { when: formatDateTime(meta.downloadedAt) }) : t('offlineNoPack')}
    </Alert>
  );
}
