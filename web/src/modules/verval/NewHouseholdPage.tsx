import { Alert, Anchor, Button, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NetworkError } from '../../lib/api';
import { useSession } from '../auth/session';
import { newKey, sendWithRetry, type Verval } from './api';
import { NS } from './i18n';
import type { Proposal } from './offline/db';
import { enqueueProposal } from './offline/outbox';
import { HEAD_RELATIONSHIP, type ProposedMember, ProposedMembers } from './ProposedMembers';
import { SexControl } from './SexControl';
import './i18n-review';

interface Draft {
  headName: string;
  headNik: string;
  kkNumber: string;
  headSex: 'L' | 'P' | null;
  headBirthDate: string;
  address: string;
  reason: string;
}

/** USULAN_BARU: a household that is not in the data but should be, added in the desa and opened for verval (offline: queued on the device). */
export default function NewHouseholdPage() {
  const { t } = useTranslation(NS);
  const { periodId } = useParams();
  const [params] = useSearchParams();
  const desa = params.get('desa') ?? '';
  const navigate = useNavigate();
  const [d, setD] = useState<Draft>({ headName: '', headNik: '', kkNumber: '', headSex: null, headBirthDate: '', address: '', reason: '' });
  const [others, setOthers] = useState<ProposedMember[]>([]);
  // The head is a member too (a widow living alone is one member, not none), filled from the head fields.
  const head: ProposedMember = {
    name: d.headName.trim(),
    nik: d.headNik.trim() || null,
    sex: d.headSex,
    birthDate: d.headBirthDate || null,
    relationship: HEAD_RELATIONSHIP,
  };
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [queued, setQueued] = useState(false);
  const { user } = useSession();
  const key = useRef<string | null>(null);
  const set = (p: Partial<Draft>) => setD((x) => ({ ...x, ...p }));

  /**
   * Online: sent at once and the new household opens. Without a network (or when the answer
   * does not come): kept in the outbox under the same Idempotency-Key and sent once when the
   * signal returns, like every save.
   */
  const save = async () => {
    setError(null);
    key.current ??= newKey();
    const proposal: Proposal = {
      desaCode: desa,
      headName: d.headName.trim(),
      headNik: d.headNik.trim() || null,
      kkNumber: d.kkNumber.trim() || null,
      headSex: d.headSex,
      headBirthDate: d.headBirthDate || null,
      address: d.address.trim() || null,
      reason: d.reason.trim(),
      members: [head, ...others],
    };
    const queue = async () => {
      if (!user) return;
      await enqueueProposal({ userId: user.id, periodId: Number(periodId), desaCode: desa, key: key.current!, proposal });
      key.current = null;
      setQueued(true);
    };
    setBusy(t('fresh.save'));
    try {
      if (!navigator.onLine) return await queue();
      const v = await sendWithRetry<Verval & { householdId: number }>(
        'POST',
        `/verval/periods/${periodId}/households`,
        proposal,
        key.current,
        (n) => setBusy(t('retrying', { n })),
        2,
      );
      key.current = null;
      navigate(`/verval/${periodId}/${v.householdId}`, { replace: true });
    } catch (err) {
      if (err instanceof NetworkError) await queue().catch(setError);
      else {
        key.current = null;
        setError(err);
      }
    } finally {
      setBusy(null);
    }
  };

  if (queued) {
    return (
      <Stack gap="md" maw={560}>
        <Title order={1}>{t('fresh.title')}</Title>
        <Alert color="teal" role="status" data-testid="verval-proposal-queued">
          {t('fresh.queued', { name: d.headName.trim() })}
        </Alert>
        <Group>
          <Button component={Link} to={`/verval?period=${periodId}&desa=${desa}`} size="md">
            {t('back')}
          </Button>
          <Button component={Link} to="/verval/outbox" size="md" variant="light">
            {t('fresh.outbox')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md" maw={560}>
      <Anchor component={Link} to={`/verval?period=${periodId}&desa=${desa}`}>
        {t('back')}
      </Anchor>
      <Title order={1}>{t('fresh.title')}</Title>
      <Text c="dimmed">{t('fresh.intro')}</Text>
      <fieldset disabled={busy !== null} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="md">
          <TextInput
            size="md"
            required
            label={t('field.headName')}
            value={d.headName}
            onChange={(e) => set({ headName: e.currentTarget.value })}
          />
          <TextInput
            size="md"
            label={t('field.headNik')}
            inputMode="numeric"
            maxLength={16}
            value={d.headNik}
            onChange={(e) => set({ headNik: e.currentTarget.value })}
          />
          <TextInput
            size="md"
            label={t('field.kkNumber')}
            inputMode="numeric"
            maxLength={16}
            value={d.kkNumber}
            onChange={(e) => set({ kkNumber: e.currentTarget.value })}
          />
          <SexControl label={t('field.headSex')} value={d.headSex} onChange={(headSex) => set({ headSex })} />
          <TextInput
            size="md"
            type="date"
            label={t('field.headBirthDate')}
            value={d.headBirthDate}
            onChange={(e) => set({ headBirthDate: e.currentTarget.value })}
          />
          <Textarea
            size="md"
            label={t('field.address')}
            autosize
            minRows={2}
            value={d.address}
            onChange={(e) => set({ address: e.currentTarget.value })}
          />
          <ProposedMembers head={head} others={others} onChange={setOthers} />
          <Textarea
            size="md"
            required
            label={t('fresh.reason')}
            autosize
            minRows={2}
            value={d.reason}
            onChange={(e) => set({ reason: e.currentTarget.value })}
          />
          <Button size="lg" onClick={save} disabled={!d.headName.trim() || !d.reason.trim() || !desa}>
            {t('fresh.save')}
          </Button>
        </Stack>
      </fieldset>
      {busy && <Text c="dimmed">{busy}</Text>}
      <ErrorAlert error={error} />
    </Stack>
  );
}
