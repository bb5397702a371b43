import { Alert, Anchor, Badge, Button, Group, Paper, Radio, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatDate, formatDateTime } from '../../lib/format';
import { type CandidateDetail, type Side, STATUS_COLOR } from './api';
import { NS } from './i18n';

function SideCard({ label, side }: { label: string; side: Side }) {
  const { t } = useTranslation(NS);
  const row = (k: string, v: string | null) => (
    <Table.Tr>
      <Table.Th w="40%">{k}</Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{v ?? '–'}</Table.Td>
    </Table.Tr>
  );
  if (!side.visible) {
    return (
      <Paper withBorder p="sm" data-testid="candidate-side">
        <Title order={2} size="h4">
          {label}
        </Title>
        <Text mt="xs">{t('outsideScope', { kecamatan: side.kecamatanName ?? side.kecamatanCode })}</Text>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="sm" data-testid="candidate-side">
      <Group justify="space-between" gap="xs">
        <Title order={2} size="h4">
          {label}
        </Title>
        <Anchor component={Link} to={`/households/${side.householdId}`} size="sm">
          {t('household', { id: side.householdId })}
        </Anchor>
      </Group>
      <Table>
        <Table.Tbody>
          {row(t('head'), side.headName)}
          {row(t('source'), `${side.source} · ${side.sourceId}`)}
          {row(t('kk'), side.kkNumber)}
          {row(t('nik'), side.headNik)}
          {row(t('birth'), side.headBirthDate ? formatDate(side.headBirthDate) : null)}
          {row(t('desa'), `${side.desaName ?? side.desaCode}, ${side.kecamatanName ?? ''}`)}
          {row(t('address'), side.address)}
        </Table.Tbody>
      </Table>
      <Text fw={600} mt="xs">
        {t('members')}
      </Text>
      <Stack gap={4}>
        {side.members.map((m) => (
          <Text key={m.id} size="sm" style={{ overflowWrap: 'anywhere' }} fw={m.matched ? 700 : undefined}>
            {m.name} · {m.nik ?? '–'} · {m.birthDate ? formatDate(m.birthDate) : '–'}
            {m.matched && (
              <Badge ml={6} size="xs" color="orange">
                {t('matchedMember')}
              </Badge>
            )}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}

type Decision = 'SAME' | 'DIFFERENT' | 'MEMBER';

function ResolveForm({ c, onDone }: { c: CandidateDetail; onDone(): void }) {
  const { t } = useTranslation(NS);
  // A member recorded in two households can be kept in one and ended in the other.
  const memberA = c.a.members.find((m) => m.matched);
  const memberB = c.b.members.find((m) => m.matched);
  const memberLevel = c.kind !== 'HOUSEHOLD_DUPLICATE' && memberA !== undefined && memberB !== undefined;
  const [decision, setDecision] = useState<Decision>(memberLevel ? 'MEMBER' : 'SAME');
  const [keep, setKeep] = useState(String(c.a.householdId));
  const [keepMember, setKeepMember] = useState(String(memberA?.id ?? ''));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const withNote = note.trim() ? { note: note.trim() } : {};
      if (decision === 'MEMBER') {
        await api.post(`/matching/candidates/${c.id}/resolve-member`, { keepMemberId: Number(keepMember), ...withNote });
      } else {
        await api.post(`/matching/candidates/${c.id}/resolve`, {
          decision,
          ...(decision === 'SAME' ? { keepHouseholdId: Number(keep) } : {}),
          ...withNote,
        });
      }
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('decide')}
        </Title>
        <ErrorAlert error={error} />
        <Radio.Group value={decision} onChange={(v) => setDecision(v as Decision)}>
          <Stack gap="xs">
            {memberLevel && <Radio value="MEMBER" label={t('sameMember')} />}
            <Radio value="SAME" label={t('same')} />
            <Radio value="DIFFERENT" label={t('different')} />
          </Stack>
        </Radio.Group>
        {decision === 'MEMBER' && memberA && memberB && (
          <Radio.Group
            label={t('keepMember', { name: memberA.name })}
            description={t('keepMemberHint')}
            value={keepMember}
            onChange={setKeepMember}
          >
            <Stack gap="xs" mt="xs">
              <Radio value={String(memberA.id)} label={`${t('householdA')}: ${c.a.headName} (${c.a.desaName ?? c.a.desaCode})`} />
              <Radio value={String(memberB.id)} label={`${t('householdB')}: ${c.b.headName} (${c.b.desaName ?? c.b.desaCode})`} />
            </Stack>
          </Radio.Group>
        )}
        {decision === 'SAME' && (
          <Radio.Group label={t('keep')} description={t('keepHint')} value={keep} onChange={setKeep}>
            <Stack gap="xs" mt="xs">
              <Radio value={String(c.a.householdId)} label={`${t('householdA')}: ${c.a.headName} (${c.a.source})`} />
              <Radio value={String(c.b.householdId)} label={`${t('householdB')}: ${c.b.headName} (${c.b.source})`} />
            </Stack>
          </Radio.Group>
        )}
        <Textarea label={t('note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
        <Button onClick={save} loading={busy} w="fit-content">
          {t('save')}
        </Button>
      </Stack>
    </Paper>
  );
}

/** One candidate pair side by side, and the decision on it. */
export default function CandidatePage() {
  const { t } = useTranslation(NS);
  const { id } = useParams();
  const { data: c, error, reload } = useGet('/matching/candidates/{id}', { params: { path: { id: Number(id) } } });
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/matching" size="sm">
        <IconArrowLeft size={14} /> {t('back')}
      </Anchor>
      <ErrorAlert error={error} onRetry={reload} />
      {c && (
        <>
          <Group gap="xs" wrap="wrap">
            <Title order={1} size="h2">
              {t(`kinds.${c.kind}`)}
            </Title>
            <Badge color={STATUS_COLOR[c.status]} data-testid="candidate-status">
              {t(`statuses.${c.status}`)}
            </Badge>
            {c.kind === 'FUZZY' && <Text c="dimmed">{t('score', { pct: Math.round(c.score * 100) })}</Text>}
          </Group>
          <Text>
            <b>{t('reasons')}:</b> {c.reasons.join(' · ')}
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <SideCard label={t('householdA')} side={c.a} />
            <SideCard label={t('householdB')} side={c.b} />
          </SimpleGrid>
          {c.status !== 'OPEN' ? (
            <Alert color={c.status === 'SAME' ? 'red' : 'gray'}>
              {c.resolvedBy && c.resolvedAt && t('resolved', { by: c.resolvedBy, at: formatDateTime(c.resolvedAt) })}
              {c.resolution === 'MEMBER_GANDA' && c.keptHouseholdId && (
                <Text size="sm">{t('memberKept', { kept: c.keptHouseholdId })}</Text>
              )}
              {c.duplicateHouseholdId && (
                <Text size="sm">{t('duplicateOf', { dup: c.duplicateHouseholdId, kept: c.keptHouseholdId })}</Text>
              )}
              {c.note && <Text size="sm">{c.note}</Text>}
            </Alert>
          ) : (
            c.canResolve && <ResolveForm c={c} onDone={reload} />
          )}
        </>
      )}
    </Stack>
  );
}
