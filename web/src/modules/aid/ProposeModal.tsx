import { Badge, Button, Group, Modal, NumberInput, Radio, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { api } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { NS } from './i18n';
import { MemberConditions } from './MemberConditions';
import { PRIORITY_FACTORS, type Program } from './types';

/** Propose a household (or one of its members) for a program, starting from the suggested ones. */
export function ProposeModal({
  household,
  programs,
  onClose,
  onDone,
  onConditionsChanged,
}: {
  household: { id: number; headName: string };
  programs: Program[];
  onClose: () => void;
  onDone: () => void;
  /** A member's conditions were changed (the household's priority with them). */
  onConditionsChanged?: () => void;
}) {
  const { t } = useTranslation(NS);
  const aid = useGet('/aid/households/{id}', { params: { path: { id: household.id } } });
  const [choice, setChoice] = useState<string | null>(null);
  const [program, setProgram] = useState<string | null>(null);
  const [memberId, setMemberId] = useState<string | null>(null);
  const [amount, setAmount] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const en = currentLanguage() === 'en';
  const names = new Map(programs.map((p) => [p.code, p]));
  const chosen = program ? names.get(program) : undefined;

  function pick(value: string) {
    setChoice(value);
    const s = aid.data?.suggestions[Number(value)];
    if (!s) return;
    setProgram(s.programCode);
    setMemberId(s.memberId === null ? null : String(s.memberId));
    setReason(en ? s.reason.en : s.reason.id);
  }

  async function send() {
    setBusy(true);
    setError(null);
    try {
      await api.post('/aid/proposals', {
        householdId: household.id,
        programCode: program,
        memberId: chosen?.unit === 'MEMBER' && memberId ? Number(memberId) : null,
        amount: amount === '' ? null : Number(amount),
        reason: reason || undefined,
      });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('proposeFor', { name: household.headName })} size="lg">
      <Stack gap="sm">
        <ErrorAlert error={aid.error ?? error} />
        {aid.data && (
          <>
            <Group gap={4}>
              <Text size="sm">{t('received')}:</Text>
              {aid.data.receivedPrograms.length === 0 ? (
                <Badge color="red" variant="light">
                  {t('factors.noAid')}
                </Badge>
              ) : (
                aid.data.receivedPrograms.map((c) => (
                  <Badge key={c} variant="light">
                    {names.get(c)?.name ?? c}
                  </Badge>
                ))
              )}
            </Group>
            <Group gap={4} data-testid="aid-priority">
              <Text size="sm">
                {t('score')}: {aid.data.score}
              </Text>
              {PRIORITY_FACTORS.filter((f) => aid.data?.priority[f]).map((f) => (
                <Badge key={f} color="orange" variant="light">
                  {t(`factors.${f}`)}
                </Badge>
              ))}
            </Group>
            <MemberConditions
              members={aid.data.members}
              onChanged={() => {
                aid.reload();
                onConditionsChanged?.();
              }}
            />
            <Text fw={600} size="sm">
              {t('suggestions')}
            </Text>
            {aid.data.suggestions.length === 0 && <Text c="dimmed">{t('noSuggestions')}</Text>}
            <Radio.Group value={choice} onChange={pick}>
              <Stack gap={6}>
                {aid.data.suggestions.map((s, i) => (
                  <div key={`${s.programCode}-${s.memberId}`} data-testid="aid-suggestion">
                    <Radio
                      value={String(i)}
                      label={`${names.get(s.programCode)?.name ?? s.programCode}${s.memberName ? ` — ${s.memberName}` : ''}`}
                      description={en ? s.reason.en : s.reason.id}
                    />
                  </div>
                ))}
              </Stack>
            </Radio.Group>
            <Select
              label={t('program')}
              data={programs.filter((p) => p.active && !p.historic).map((p) => ({ value: p.code, label: p.name }))}
              value={program}
              onChange={(v) => {
                setProgram(v);
                setChoice(null);
              }}
              searchable
            />
            {chosen?.unit === 'MEMBER' && (
              <Select
                label={t('member')}
                data={aid.data.members.map((m) => ({ value: String(m.id), label: m.name }))}
                value={memberId}
                onChange={setMemberId}
              />
            )}
            <NumberInput label={t('amount')} value={amount} onChange={setAmount} min={0} thousandSeparator="." decimalSeparator="," />
            <Textarea label={t('proposalReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize />
            <Group justify="flex-end">
              <Button onClick={send} loading={busy} disabled={!program || (chosen?.unit === 'MEMBER' && !memberId)}>
                {t('propose')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
