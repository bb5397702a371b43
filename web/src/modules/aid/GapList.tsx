import { Alert, Badge, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { apiGet } from '../../lib/api/client';
import { useSession } from '../auth/session';
import { NS } from './i18n';
import { ProposeModal } from './ProposeModal';
import { ReceiptModal } from './ReceiptModal';
import type { GapHousehold, PriorityFactor, Program } from './types';
import { PRIORITY_FACTORS } from './types';

interface Filter {
  kecamatan: string | null;
  desa: string | null;
  program: string | null;
  priority: PriorityFactor[];
}

/** Target households without aid, highest priority first, with "Usulkan" per household and in bulk. */
export function GapList({ filter, programs, onChanged }: { filter: Filter; programs: Program[]; onChanged: () => void }) {
  const { t } = useTranslation(NS);
  const session = useSession();
  const canPropose = session.can('aid.proposal.create');
  const canRecord = session.can('aid.receipt.write');
  const [recording, setRecording] = useState<GapHousehold | null>(null);
  const [items, setItems] = useState<GapHousehold[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [proposing, setProposing] = useState<GapHousehold | null>(null);
  const [bulkProgram, setBulkProgram] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const conditionsChanged = useRef(false);
  const { kecamatan, desa, program, priority } = filter;
  const priorityList = priority.join(',');
  const gapQuery = useMemo(
    () => ({
      kecamatan: kecamatan ?? undefined,
      desa: desa ?? undefined,
      program: program ?? undefined,
      priority: priorityList || undefined,
    }),
    [kecamatan, desa, program, priorityList],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    setError(null);
    apiGet('/aid/gaps/households', { params: { query: { ...gapQuery, limit: 50 } }, signal: ctrl.signal })
      .then((r) => {
        setItems(r.items);
        setTotal(r.total);
        setNext(r.next);
      })
      .catch((e) => !ctrl.signal.aborted && setError(e));
    return () => ctrl.abort();
  }, [gapQuery, tick]);

  async function more() {
    if (!next) return;
    try {
      const r = await apiGet('/aid/gaps/households', { params: { query: { ...gapQuery, after: next, limit: 50 } } });
      setItems((x) => [...x, ...r.items]);
      setNext(r.next);
    } catch (e) {
      setError(e);
    }
  }

  async function bulk() {
    if (!bulkProgram) return;
    try {
      const r = await api.post<{ created: number; skipped: number }>('/aid/proposals/bulk', {
        filter: {
          kecamatan: filter.kecamatan ?? undefined,
          desa: filter.desa ?? undefined,
          program: filter.program ?? undefined,
          priority: filter.priority,
        },
        programCode: bulkProgram,
      });
      setNotice(t('bulkDone', r));
    } catch (e) {
      setError(e);
    }
  }

  const done = () => {
    setProposing(null);
    setNotice(t('proposalCreated'));
    setTick((x) => x + 1);
    onChanged();
  };

  return (
    <Stack gap="xs">
      <ErrorAlert error={error} />
      {notice && (
        <Alert color="green" withCloseButton onClose={() => setNotice(null)} data-testid="aid-notice">
          {notice}
        </Alert>
      )}
      {canPropose && total !== null && total > 0 && (
        <Group gap="xs" align="flex-end">
          <Select
            label={t('bulkProgram')}
            data={programs.filter((p) => p.unit === 'HOUSEHOLD' && p.active && !p.historic).map((p) => ({ value: p.code, label: p.name }))}
            value={bulkProgram}
            onChange={setBulkProgram}
            w={220}
          />
          <Button variant="light" onClick={bulk} disabled={!bulkProgram}>
            {t('bulkPropose', { n: total })}
          </Button>
        </Group>
      )}
      {total === 0 && <Text c="dimmed">{t('noGap')}</Text>}
      {items.map((h) => (
        <Paper key={h.id} withBorder p="sm" data-testid="gap-household">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                {h.headName}
              </Text>
              <Text size="xs" c="dimmed">
                {h.desaName}, {h.kecamatanName} · {t('members', { n: h.memberCount })} · NIK {h.headNik ?? '—'}
              </Text>
              <Group gap={4}>
                <Badge color="grape" variant="filled">
                  {t('score')} {h.score}
                </Badge>
                {PRIORITY_FACTORS.filter((f) => h.priority[f]).map((f) => (
                  <Badge key={f} variant="light" color={f === 'noAid' ? 'red' : 'orange'} style={{ maxWidth: '100%' }}>
                    {t(`factors.${f}`)}
                  </Badge>
                ))}
              </Group>
            </Stack>
            <Group gap="xs">
              {canRecord && (
                <Button size="sm" variant="default" onClick={() => setRecording(h)}>
                  {t('recordReceipt')}
                </Button>
              )}
              {canPropose && (
                <Button size="sm" onClick={() => setProposing(h)}>
                  {t('propose')}
                </Button>
              )}
            </Group>
          </Group>
        </Paper>
      ))}
      {next && (
        <Button variant="default" onClick={more}>
          {t('more')}
        </Button>
      )}
      {recording && (
        <ReceiptModal
          household={recording}
          programs={programs}
          onClose={() => setRecording(null)}
          onDone={() => {
            setRecording(null);
            setNotice(t('receiptSaved'));
            setTick((x) => x + 1);
            onChanged();
          }}
        />
      )}
      {proposing && (
        <ProposeModal
          household={proposing}
          programs={programs}
          onClose={() => {
            setProposing(null);
            // Conditions changed in the modal change the priority: show the list as it is now.
            if (conditionsChanged.current) setTick((x) => x + 1);
            conditionsChanged.current = false;
          }}
          onDone={done}
          onConditionsChanged={() => {
            conditionsChanged.current = true;
          }}
        />
      )}
    </Stack>
  );
}
