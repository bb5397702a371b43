import { Alert, Button, Card, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconChecks } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { api, NetworkError } from '../../lib/api';
import type { ReviewItem } from './api';
import { NS } from './i18n';

export interface BulkResult {
  matched: number;
  approved: number;
  skipped: number;
  failed: number;
  remaining: number;
  failures: Array<{ id: number; householdId: number; headName: string; code: string; message: string; messageEn: string }>;
}

/** Approving needs the server: the reviewer is told so instead of a generic network error. */
const NEEDS_NETWORK = Symbol('needs-network');

/**
 * "Setujui N terpilih": approve every record of the filtered queue (also those not loaded yet)
 * except the unticked ones, after a confirmation; then what happened, record by record.
 */
export function BulkApprove({
  periodId,
  filter,
  total,
  items,
  except,
  onDone,
}: {
  periodId: string;
  filter: { region: string | null; outcome: string | null };
  total: number;
  items: ReviewItem[];
  except: Set<number>;
  onDone: (result: BulkResult) => void;
}) {
  const { t } = useTranslation(NS);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const n = Math.max(0, total - except.size);

  async function approve() {
    setError(null);
    if (!navigator.onLine) {
      setAsking(false);
      setError(NEEDS_NETWORK);
      return;
    }
    setBusy(true);
    try {
      const r = await api.post<BulkResult>(`/verval/periods/${periodId}/review/approve`, {
        ...(filter.region ? { region: filter.region } : {}),
        ...(filter.outcome ? { outcome: filter.outcome } : {}),
        exceptIds: [...except],
        // What the reviewer saw: a record changed since is reported instead of approved.
        seen: items.map((i) => ({ id: i.id, version: i.version })),
      });
      setAsking(false);
      onDone(r);
    } catch (e) {
      setError(e instanceof NetworkError ? NEEDS_NETWORK : e);
      setAsking(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder padding="md" data-testid="verval-bulk">
      <Stack gap="xs">
        <Text size="sm">{t('bulk.hint')}</Text>
        {except.size > 0 && (
          <Text size="sm" c="dimmed">
            {t('bulk.excepted', { n: except.size })}
          </Text>
        )}
        <Button size="md" color="green" leftSection={<IconChecks size={18} />} disabled={n === 0} onClick={() => setAsking(true)}>
          {t('bulk.button', { n })}
        </Button>
        {error === NEEDS_NETWORK ? (
          <Alert color="orange" role="alert" data-testid="verval-review-offline">
            {t('review.needsNetwork')}
          </Alert>
        ) : (
          <ErrorAlert error={error} />
        )}
      </Stack>
      <Modal opened={asking} onClose={() => setAsking(false)} title={t('bulk.confirmTitle', { n })} centered>
        <Stack gap="sm" data-testid="verval-bulk-confirm">
          <Text>{t('bulk.confirmText', { n, total })}</Text>
          {except.size > 0 && <Text size="sm">{t('bulk.excepted', { n: except.size })}</Text>}
          <Text size="sm" c="dimmed">
            {t('bulk.confirmAudit')}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setAsking(false)}>
              {t('cancel')}
            </Button>
            <Button color="green" loading={busy} onClick={approve}>
              {t('bulk.confirm', { n })}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

/** What a bulk approval did: counts, and each record that failed with its reason. */
export function BulkResultAlert({ result }: { result: BulkResult }) {
  const { t } = useTranslation(NS);
  const en = currentLanguage() === 'en';
  return (
    <Alert color={result.failed ? 'orange' : 'green'} role="status" data-testid="verval-bulk-result">
      <Text fw={600}>{t('bulk.result', { approved: result.approved, skipped: result.skipped, failed: result.failed })}</Text>
      {result.remaining > 0 && <Text size="sm">{t('bulk.remaining', { n: result.remaining })}</Text>}
      {result.failures.length > 0 && (
        <List size="sm" mt="xs">
          {result.failures.map((f) => (
            <List.Item key={f.id} style={{ overflowWrap: 'anywhere' }}>
              {f.headName}: {en ? f.messageEn : f.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
