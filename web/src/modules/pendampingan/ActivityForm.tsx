import { Button, Checkbox, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiPost, useGet } from '../../lib/api/client';
import { NS } from './i18n';

const todayLocal = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const DOCUMENTS = ['KTP', 'KK', 'BPJS', 'AKTA', 'LAINNYA'] as const;

/**
 * Record the pendampingan of one household: visited, problem found, the action taken (an aid
 * proposal made or advocated, a referral, a document) and one follow-up. Sent online with an
 * Idempotency-Key fixed for the form, so a repeated send after a lost answer records it once.
 */
export function ActivityForm({ householdId, onSaved }: { householdId: number; onSaved: () => void }) {
  const { t } = useTranslation(NS);
  const [key, setKey] = useState(() => `web-${crypto.randomUUID()}`);
  const [visited, setVisited] = useState(true);
  const [date, setDate] = useState(todayLocal());
  const [problem, setProblem] = useState('');
  const [aidAction, setAidAction] = useState<string | null>(null);
  const [proposalId, setProposalId] = useState<string | null>(null);
  const [referral, setReferral] = useState('');
  const [document, setDocument] = useState<string | null>(null);
  const [fuTitle, setFuTitle] = useState('');
  const [fuDue, setFuDue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const proposals = useGet('/aid/proposals', { params: { query: { householdId } } });

  async function save() {
    setBusy(true);
    setError(null);
    try {
      await apiPost('/pendampingan/activities', {
        body: {
          householdId,
          activityDate: date,
          visited,
          problem: problem.trim() || null,
          aid: aidAction && proposalId ? { action: aidAction as 'PROPOSED' | 'ADVOCATED', proposalId: Number(proposalId) } : null,
          referralAgency: referral.trim() || null,
          document: (document as (typeof DOCUMENTS)[number] | null) ?? null,
          note: null,
          followUps: fuTitle.trim() && fuDue ? [{ title: fuTitle.trim(), dueDate: fuDue }] : [],
        },
        headers: { 'idempotency-key': key },
      });
      setKey(`web-${crypto.randomUUID()}`);
      setProblem('');
      setAidAction(null);
      setProposalId(null);
      setReferral('');
      setDocument(null);
      setFuTitle('');
      setFuDue('');
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="xs" data-testid="activity-form">
      <Group grow>
        <TextInput type="date" label={t('visitDate')} value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        <Checkbox mt="lg" label={t('household.visited')} checked={visited} onChange={(e) => setVisited(e.currentTarget.checked)} />
      </Group>
      <Textarea label={t('household.problem')} autosize minRows={2} value={problem} onChange={(e) => setProblem(e.currentTarget.value)} />
      <Group grow>
        <Select
          label={t('household.aidAction')}
          data={(['PROPOSED', 'ADVOCATED'] as const).map((a) => ({ value: a, label: t(`household.aid.${a}`) }))}
          value={aidAction}
          onChange={setAidAction}
          clearable
        />
        <Select
          label={t('household.proposal')}
          data={(proposals.data?.items ?? []).map((p) => ({ value: String(p.id), label: `${p.programName} · ${p.status}` }))}
          value={proposalId}
          onChange={setProposalId}
          clearable
          disabled={!aidAction}
        />
      </Group>
      <Group grow>
        <TextInput
          label={t('household.referral')}
          placeholder="Dinas Kesehatan"
          value={referral}
          onChange={(e) => setReferral(e.currentTarget.value)}
        />
        <Select label={t('household.document')} data={[...DOCUMENTS]} value={document} onChange={setDocument} clearable />
      </Group>
      <Group grow>
        <TextInput label={t('followUp')} value={fuTitle} onChange={(e) => setFuTitle(e.currentTarget.value)} />
        <TextInput type="date" label={t('due')} value={fuDue} onChange={(e) => setFuDue(e.currentTarget.value)} />
      </Group>
      <ErrorAlert error={error} />
      <Button onClick={save} loading={busy}>
        {t('household.record')}
      </Button>
    </Stack>
  );
}
