import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconShieldCheck } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { apiGet, type Schemas } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';

type AuditEntry = Schemas['AuditEntry'];

import { AuditTable } from './AuditTable';

const LIMIT = 50;

type VerifyResult = Schemas['AuditVerification'];

function verifyMessage(t: TFunction, v: VerifyResult): string {
  if (v.ok) {
    const anchors = v.anchors?.checked ?? 0;
    return anchors > 0
      ? t('audit.verifyOkAnchors', { checked: formatNumber(v.checked), anchors: formatNumber(anchors) })
      : t('audit.verifyOk', { checked: formatNumber(v.checked) });
  }
  if (v.firstBadId === undefined) return t('audit.verifyBadAnchor', { reason: v.reason ?? '' });
  return t('audit.verifyBad', { id: v.firstBadId, checked: formatNumber(v.checked), reason: v.reason ?? '' });
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [entityInput, setEntityInput] = useState('');
  const [entity] = useDebouncedValue(entityInput.trim(), 300);
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  // The latest anchor of the chain, as printed on the SK lampiran and the quarterly report.
  const [anchorLine, setAnchorLine] = useState<string | null>(null);

  useEffect(() => {
    api
      .get<{ line: string }>('/audit/anchors/latest')
      .then((res) => setAnchorLine(res.line))
      .catch(() => setAnchorLine(null));
  }, []);

  const load = useCallback(
    async (beforeId: number | null) => {
      setLoading(true);
      setError(null);
      try {
        const res = await apiGet('/audit', {
          params: { query: { entity: entity || undefined, limit: LIMIT, beforeId: beforeId ?? undefined } },
        });
        setItems((prev) => (beforeId === null ? res.items : [...prev, ...res.items]));
        setNext(res.nextBeforeId ?? null);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [entity],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  async function runVerify() {
    setVerifying(true);
    setError(null);
    try {
      setVerify(await apiGet('/audit/verify'));
    } catch (e) {
      setError(e);
    } finally {
      setVerifying(false);
    }
  }

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('audit.title')}
        </Title>
        <Button leftSection={<IconShieldCheck size={16} />} variant="light" loading={verifying} onClick={runVerify}>
          {t('audit.verify')}
        </Button>
      </Group>
      {verify && (
        <Alert color={verify.ok ? 'teal' : 'red'} role="status" data-testid="verify-result">
          {verifyMessage(t, verify)}
        </Alert>
      )}
      {anchorLine && (
        <Text size="sm" c="dimmed" data-testid="audit-anchor">
          {anchorLine}
        </Text>
      )}
      <TextInput
        label={t('audit.filterEntity')}
        placeholder="user, household, import…"
        value={entityInput}
        onChange={(e) => setEntityInput(e.currentTarget.value)}
        maw={300}
      />
      <ErrorAlert error={error} onRetry={() => void load(null)} />
      <AuditTable items={items} />
      {!loading && items.length === 0 && !error && <Text c="dimmed">{t('audit.empty')}</Text>}
      {next !== null && (
        <Group justify="center">
          <Button variant="default" loading={loading} onClick={() => void load(next)}>
            {t('audit.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
