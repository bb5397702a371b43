import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import { useSession } from '../../auth/session';
import { ConflictView } from './ConflictView';
import { DeviceUsage } from './DeviceUsage';
import { type Discarded, onFieldChange } from './db';
import { useOnline, useOutbox, useSyncState } from './hooks';
import { OFFLINE_NS } from './i18n';
import { discardedItems, retryItem, takeServerVersion } from './outbox';
import { syncOutbox } from './sync';

const STATE_COLOR = { pending: 'orange', conflict: 'red', error: 'red' } as const;

/** The outbox: what waits on this device, "Kirim sekarang", conflicts to decide, and the discarded device versions. */
export default function OutboxPage() {
  const { t } = useTranslation(OFFLINE_NS);
  const { user } = useSession();
  const items = useOutbox(user?.id);
  const sync = useSyncState();
  const online = useOnline();
  const [discarded, setDiscarded] = useState<Discarded[]>([]);
  useEffect(() => {
    const read = () => {
      discardedItems()
        .then((d) => setDiscarded(d.filter((x) => x.item.userId === user?.id)))
        .catch(() => {});
    };
    read();
    return onFieldChange(read);
  }, [user?.id]);
  const en = currentLanguage() === 'en';
  const last = sync.last;

  return (
    <Stack gap="md" maw={640}>
      <Title order={1}>{t('outboxTitle')}</Title>
      <Text c="dimmed">{t('outboxIntro')}</Text>
      <Button
        size="lg"
        leftSection={<IconSend />}
        loading={sync.running}
        disabled={!user || !online || items.every((i) => i.status !== 'pending')}
        onClick={() => user && syncOutbox(user.id).catch(() => {})}
      >
        {t('sendNow')}
      </Button>
      {last && sync.at && (
        <Text size="sm" data-testid="outbox-last-sync">
          {t('lastSync', { when: formatDateTime(sync.at), sent: last.sent, conflicts: last.conflicts, errors: last.errors })}
        </Text>
      )}
      <DeviceUsage />
      {last?.stopped && <Alert color="yellow">{t(`stopped.${last.stopped}`)}</Alert>}
      {items.length === 0 && <Text data-testid="outbox-empty">{t('outboxEmpty')}</Text>}
      <Stack gap="sm" data-testid="outbox-items">
        {items.map((i) => (
          <Card key={i.seq} withBorder padding="sm" radius="md">
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap">
                {i.kind === 'propose' ? (
                  <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
                    {i.headName}
                  </Text>
                ) : (
                  <Anchor component={Link} to={`/verval/${i.periodId}/${i.householdId}`} fw={700} style={{ overflowWrap: 'anywhere' }}>
                    {i.headName}
                  </Anchor>
                )}
                <Badge color={STATE_COLOR[i.status]} variant="light">
                  {t(`state.${i.status}`)}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {t(`kind.${i.kind}`)} · {formatDateTime(i.createdAt)}
              </Text>
              {i.status === 'conflict' && <ConflictView item={i} />}
              {i.status === 'error' && i.error && (
                <Stack gap={6}>
                  <Text size="sm" c="red.8">
                    {en ? i.error.messageEn : i.error.message}
                  </Text>
                  <Button variant="light" onClick={() => retryItem(i.seq!)}>
                    {t('retry')}
                  </Button>
                  <Button variant="default" onClick={() => takeServerVersion(i.seq!)}>
                    {i.kind === 'propose' ? t('dropProposal') : t('useServer')}
                  </Button>
                </Stack>
              )}
            </Stack>
          </Card>
        ))}
      </Stack>
      {discarded.length > 0 && (
        <Stack gap={4} data-testid="outbox-discarded">
          <Title order={2} size="h4">
            {t('discardedTitle', { n: discarded.length })}
          </Title>
          <Text size="sm" c="dimmed">
            {t('discardedHint')}
          </Text>
          {discarded.map((d) => (
            <Text key={d.id} size="sm">
              {d.item.headName} · {t(`kind.${d.item.kind}`)} · {formatDateTime(d.discardedAt)}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
