import { Badge } from '@mantine/core';
import { IconCloudUpload } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../auth/session';
import { useOutbox } from './hooks';
import { OFFLINE_NS } from './i18n';
import { cancelRetry, syncOutbox } from './sync';

/**
 * In the shell: sends the outbox when the app starts (or a user signs in), when the network
 * comes back, and shows how many writes wait on the device (a tap opens the outbox).
 */
export function OutboxBadge() {
  const { t } = useTranslation(OFFLINE_NS);
  const { user } = useSession();
  const items = useOutbox(user?.id);
  const userId = user?.id;

  useEffect(() => {
    if (userId === undefined) return;
    const run = () => {
      cancelRetry();
      if (navigator.onLine) syncOutbox(userId).catch(() => {});
    };
    run();
    window.addEventListener('online', run);
    return () => {
      cancelRetry();
      window.removeEventListener('online', run);
    };
  }, [userId]);

  if (items.length === 0) return null;
  const conflicts = items.some((i) => i.status !== 'pending');
  return (
    <Badge
      component={Link}
      to="/verval/outbox"
      color={conflicts ? 'red' : 'orange'}
      variant="filled"
      size="lg"
      leftSection={<IconCloudUpload size={14} />}
      aria-label={t('badgeLabel', { n: items.length })}
      data-testid="outbox-badge"
      style={{ cursor: 'pointer', flexShrink: 0 }}
    >
      {items.length}
    </Badge>
  );
}
