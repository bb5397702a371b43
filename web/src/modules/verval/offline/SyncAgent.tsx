import { Badge } from '@mantine/core';
import { IconCloudUpload } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../auth/session';
import { useOutbox } from './hooks';
import { OFFLINE_NS } from './i18n';
import { syncOutbox } from './sync';

const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 60_000;

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
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = RETRY_FIRST_MS;
    const run = () => {
      clearTimeout(timer);
      if (!navigator.onLine) return;
      syncOutbox(userId)
        .then((r) => {
          // A weak signal (online, but requests fail) or a busy server: try again, less and less often.
          if (r.stopped === 'network' || r.stopped === 'server') {
            timer = setTimeout(run, delay);
            delay = Math.min(RETRY_MAX_MS, delay * 2);
          } else delay = RETRY_FIRST_MS;
        })
        .catch(() => {});
    };
    const online = () => {
      delay = RETRY_FIRST_MS;
      run();
    };
    run();
    window.addEventListener('online', online);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('online', online);
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
