import { Button, Group, Modal, NumberInput, Select, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { NS } from './i18n';
import type { Program } from './types';

/** Record by hand that a household (or one of its members) received a program. */
export function ReceiptModal({
  household,
  programs,
  onClose,
  onDone,
}: {
  household: { id: number; headName: string };
  programs: Program[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation(NS);
  const aid = useGet('/aid/households/{id}', { params: { path: { id: household.id } } });
  const [program, setProgram] = useState<string | null>(null);
  const [memberId, setMemberId] = useState<string | null>(null);
  const [year, setYear] = useState<number | string>(new Date().getFullYear());
  const [month, setMonth] = useState<string | null>(null);
  const [amount, setAmount] = useState<number | string>('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const chosen = programs.find((p) => p.code === program);

  async function save() {
    setError(null);
    try {
      await api.post('/aid/receipts', {
        householdId: household.id,
        programCode: program,
        memberId: chosen?.unit === 'MEMBER' && memberId ? Number(memberId) : null,
        periodYear: Number(year),
        periodMonth: month ? Number(month) : null,
        amount: amount === '' ? null : Number(amount),
        note: note || undefined,
      });
      onDone();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Modal opened onClose={onClose} title={`${t('recordReceipt')}: ${household.headName}`}>
      <Stack gap="sm">
        <ErrorAlert error={aid.error ?? error} />
        <Select
          label={t('program')}
          data={programs.filter((p) => p.active).map((p) => ({ value: p.code, label: p.name }))}
          value={program}
          onChange={setProgram}
          searchable
        />
        {chosen?.unit === 'MEMBER' && (
          <Select
            label={t('member')}
            data={(aid.data?.members ?? []).map((m) => ({ value: String(m.id), label: m.name }))}
            value={memberId}
            onChange={setMemberId}
          />
        )}
        <Group grow>
          <NumberInput label={t('year')} value={year} onChange={setYear} min={2000} max={2100} />
          <Select
            label={t('month')}
            data={Array.from({ length: 12 }, (_, i) => String(i + 1))}
            value={month}
            onChange={setMonth}
            clearable
          />
        </Group>
        <NumberInput label={t('amount')} value={amount} onChange={setAmount} min={0} thousandSeparator="." decimalSeparator="," />
        <Textarea label={t('note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize />
        <Group justify="flex-end">
          <Button onClick={save} disabled={!program || (chosen?.unit === 'MEMBER' && !memberId)}>
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
