import { Anchor, Badge, Button, Group, Modal, NumberInput, Paper, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { API, api, query } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { NS } from './i18n';
import { PROPOSAL_STATUSES, type Proposal, STATUS_COLOR } from './types';

/** Who moved the proposal when, with the amount and note of each step. */
function History({ id }: { id: number }) {
  const { t } = useTranslation(NS);
  const detail = useGet('/aid/proposals/{id}', { params: { path: { id } } });
  return (
    <Stack gap={2} mt={4}>
      <ErrorAlert error={detail.error} />
      {detail.data?.events.map((e) => (
        <Text key={e.id} size="xs">
          {formatDateTime(e.at)} · {t(`statuses.${e.to}`)} · {e.actorName ?? '—'}
          {e.amount !== null ? ` · Rp ${formatNumber(e.amount)}` : ''}
          {e.note ? ` · ${e.note}` : ''}
        </Text>
      ))}
    </Stack>
  );
}

/** Usulan by status, with the actions the signed-in user may take, and the agency export. */
export function ProposalsTab() {
  const { t } = useTranslation(NS);
  const [status, setStatus] = useState<string | null>('PROPOSED');
  const [program, setProgram] = useState<string | null>(null);
  const programs = useGet('/aid/programs');
  const list = useGet('/aid/proposals', { params: { query: { status: status ?? undefined, program: program ?? undefined, limit: 100 } } });
  const [pending, setPending] = useState<{ p: Proposal; action: Proposal['actions'][number] } | null>(null);
  const [note, setNote] = useState('');
  const [amount, setAmount] = useState<number | string>('');
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<number | null>(null);

  function start(p: Proposal, action: Proposal['actions'][number]) {
    setPending({ p, action });
    setNote('');
    setAmount(p.amount ?? '');
  }

  async function act() {
    if (!pending) return;
    const { p, action } = pending;
    setError(null);
    try {
      await api.post(`/aid/proposals/${p.id}/transition`, {
        action,
        version: p.version,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(action !== 'reject' && amount !== '' ? { amount: Number(amount) } : {}),
      });
      setPending(null);
      list.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label={t('status')}
          placeholder={t('allStatuses')}
          data={PROPOSAL_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
          value={status}
          onChange={setStatus}
          clearable
        />
        <Select
          label={t('program')}
          placeholder={t('allPrograms')}
          data={(programs.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          value={program}
          onChange={setProgram}
          clearable
        />
        <Group align="flex-end" gap="xs">
          <Button component="a" variant="default" href={`${API}/aid/proposals/export${query({ status, program, format: 'xlsx' })}`}>
            {t('export')}
          </Button>
        </Group>
      </SimpleGrid>
      <ErrorAlert error={list.error ?? error} onRetry={list.reload} />
      {list.data?.items.length === 0 && <Text c="dimmed">{t('noProposals')}</Text>}
      {list.data?.items.map((p) => (
        <Paper key={p.id} withBorder p="sm" data-testid="aid-proposal">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
              <Group gap="xs">
                <Badge color={STATUS_COLOR[p.status]}>{t(`statuses.${p.status}`)}</Badge>
                <Text fw={600}>{p.programName}</Text>
              </Group>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {p.memberName ? `${p.memberName} (${p.headName})` : p.headName}
              </Text>
              <Text size="xs" c="dimmed">
                {p.desaName}, {p.kecamatanName} · {t('proposedAt')} {formatDate(p.proposedAt)}
                {p.amount !== null ? ` · Rp ${formatNumber(p.amount)}` : ''}
              </Text>
              {p.reason && <Text size="xs">{p.reason}</Text>}
              {p.rejectionReason && (
                <Text size="xs" c="red">
                  {p.rejectionReason}
                </Text>
              )}
              <Anchor size="xs" component="button" type="button" onClick={() => setOpen(open === p.id ? null : p.id)} w="fit-content">
                {t('history')}
              </Anchor>
              {open === p.id && <History id={p.id} />}
            </Stack>
            <Group gap="xs">
              {p.actions.map((a) => (
                <Button
                  key={a}
                  size="xs"
                  variant={a === 'reject' ? 'outline' : 'filled'}
                  color={a === 'reject' ? 'red' : undefined}
                  onClick={() => start(p, a)}
                >
                  {t(`actions.${a}`)}
                </Button>
              ))}
            </Group>
          </Group>
        </Paper>
      ))}
      <Modal
        opened={pending !== null}
        onClose={() => setPending(null)}
        title={pending ? `${t(`actions.${pending.action}`)}: ${pending.p.headName}` : ''}
      >
        <Stack>
          <ErrorAlert error={error} />
          {pending && pending.action !== 'reject' && (
            <NumberInput label={t('amount')} value={amount} onChange={setAmount} min={0} thousandSeparator="." decimalSeparator="," />
          )}
          <Textarea
            label={pending?.action === 'reject' ? t('rejectReason') : t('note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            required={pending?.action === 'reject'}
            autosize
            minRows={2}
          />
          <Button
            color={pending?.action === 'reject' ? 'red' : undefined}
            disabled={pending?.action === 'reject' && !note.trim()}
            onClick={act}
          >
            {pending ? t(`actions.${pending.action}`) : ''}
          </Button>
        </Stack>
      </Modal>
    </Stack>
  );
}
