import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AID_KEYS, type AidKey } from '../../lib/types';

const STATUS_COLOR: Record<string, string> = { MISKIN_EKSTREM: 'red', MISKIN: 'orange', TIDAK_MISKIN: 'gray' };

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray'} variant="light" tt="none" miw="max-content">
      {t(`households.statusValues.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** The aid programs a household receives, as small badges (nothing when none). */
export function AidBadges({ aid }: { aid: Partial<Record<AidKey, boolean>> | undefined }) {
  const { t } = useTranslation();
  const on = AID_KEYS.filter((k) => aid?.[k]);
  if (on.length === 0) return null;
  return (
    <Group gap={4}>
      {on.map((k) => (
        <Badge key={k} size="sm" variant="outline" color="blue" tt="none" miw="max-content">
          {t(`households.aidValues.${k}`)}
        </Badge>
      ))}
    </Group>
  );
}
