import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { onFieldChange } from './db';
import { OFFLINE_NS } from './i18n';
import { deviceUsage, storageEstimate, type DeviceUsage as Usage } from './pack';

export const mb = (n: number) => {
  const m = n / 1024 / 1024;
  return m >= 1024
    ? `${(m / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 })} GB`
    : `${m.toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;
};

/**
 * What is on this phone: downloaded households, drafts, queued writes and the photos not yet
 * sent (a sent photo's Blob is removed), with the browser's estimate of the space used.
 */
export function DeviceUsage() {
  const { t } = useTranslation(OFFLINE_NS);
  const [usage, setUsage] = useState<Usage | null>(null);
  const [storage, setStorage] = useState<{ usage: number; quota: number } | null>(null);
  useEffect(() => {
    const read = () => {
      deviceUsage().then(setUsage, () => setUsage(null));
      storageEstimate().then(setStorage, () => setStorage(null));
    };
    read();
    return onFieldChange(read);
  }, []);
  if (!usage) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="verval-device-usage">
      {t('onDevice', { ...usage, photoSize: mb(usage.photoBytes) })}
      {storage && storage.quota > 0 && ` · ${t('storage', { used: mb(storage.usage), quota: mb(storage.quota) })}`}
    </Text>
  );
}
