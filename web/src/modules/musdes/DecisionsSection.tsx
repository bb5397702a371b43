import { Badge, Button, Card, Checkbox, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { NS } from './i18n';
import { DECISION_COLOR, DECISIONS, type MeetingDetail, OUTCOMES, TARGET_COLOR, type TabledItem } from './types';

type Draft = { decision: string; reason: string };

function Row({
  item,
  edit,
  excluded,
  onExclude,
  onSave,
}: {
  item: TabledItem;
  edit: boolean;
  excluded: boolean;
  onExclude: (on: boolean) => void;
  onSave: (d: Draft) => Promise<void>;
}) {
  const { t } = useTranslation(NS);
  const current: Draft = { decision: item.decision?.decision ?? '', reason: item.decision?.reason ?? '' };
  const [draft, setDraft] = useState<Draft>(current);
  const dirty = draft.decision !== current.decision || draft.reason !== current.reason;
  const needsReason = draft.decision === 'REMOVE' && !draft.reason.trim();
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="musdes-decision-row">
      <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="xs" verticalSpacing={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          {edit && (
            <Checkbox
              mt={2}
              aria-label={`${t('exceptOne')} ${item.headName}`}
              checked={excluded}
              onChange={(e) => onExclude(e.currentTarget.checked)}
            />
          )}
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600}>
              {item.headName}
            </Text>
            <Badge
              size="sm"
              variant="light"
              tt="none"
              color={TARGET_COLOR[item.targetStatus] ?? 'gray'}
              title={t('target')}
              data-testid="musdes-target-status"
            >
              {t(`targetStatuses.${item.targetStatus}`, { defaultValue: item.targetStatus })}
            </Badge>
            <Text size="xs" c="dimmed">
              {item.kkNumber ?? ''} {item.endedReason ? `· ${t(`ended.${item.endedReason}`)}` : ''}
              {item.arrivedFrom ? ` · ${t('arrivedFrom', { desa: item.arrivedFrom })}` : ''}
            </Text>
          </div>
        </Group>
        <Group gap={6} align="center">
          {item.verval?.outcome ? <Badge variant="light">{item.verval.outcome}</Badge> : <Text size="xs">{t('noVerval')}</Text>}
          <Text size="xs" c="dimmed">
            {t('suggestion', { decision: t(`decisionLabels.${item.suggestion.decision}`) })}
          </Text>
        </Group>
        {edit ? (
          <Select
            aria-label={`${t('decision')} ${item.headName}`}
            placeholder={t('noDecision')}
            data={DECISIONS.map((d) => ({ value: d, label: t(`decisionLabels.${d}`) }))}
            value={draft.decision || null}
            onChange={(v) =>
              setDraft({ decision: v ?? '', reason: v === 'REMOVE' && !draft.reason ? (item.suggestion.reason ?? '') : draft.reason })
            }
            size="xs"
          />
        ) : (
          <div>
            {item.decision ? (
              <Badge color={DECISION_COLOR[item.decision.decision]}>{t(`decisionLabels.${item.decision.decision}`)}</Badge>
            ) : (
              <Text size="xs">{t('noDecision')}</Text>
            )}
          </div>
        )}
        {edit ? (
          <Group gap={4} wrap="nowrap">
            <TextInput
              aria-label={`${t('reason')} ${item.headName}`}
              placeholder={t('reason')}
              size="xs"
              style={{ flex: 1 }}
              value={draft.reason}
              onChange={(e) => setDraft({ ...draft, reason: e.currentTarget.value })}
            />
            {dirty && draft.decision && (
              <Button size="xs" disabled={needsReason} onClick={() => onSave(draft)}>
                {t('save')}
              </Button>
            )}
          </Group>
        ) : (
          <Text size="xs">{item.decision?.reason}</Text>
        )}
      </SimpleGrid>
    </Paper>
  );
}

/** The tabled verval results with a decision per household; a group decision for the filtered list, leaving out ticked rows. */
export function DecisionsSection({ detail, reload }: { detail: MeetingDetail; reload: () => void }) {
  const { t } = useTranslation(NS);
  const base = `/musdes/meetings/${detail.meeting.id}`;
  const edit = detail.permissions.edit;
  const [outcome, setOutcome] = useState<string | null>(null);
  const [decision, setDecision] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [bulk, setBulk] = useState<string | null>('SUGGESTED');
  const [reason, setReason] = useState('');
  const [except, setExcept] = useState<Set<number>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const filter = { outcome: outcome ? [outcome] : undefined, decision: decision ? [decision] : undefined, q: q.trim() || undefined };
  const list = useGet(
    '/musdes/meetings/{id}/tabled',
    {
      params: {
        path: { id: detail.meeting.id },
        query: { outcome: filter.outcome?.join(','), decision: filter.decision?.join(','), q: filter.q },
      },
    },
    detail.meeting.version,
  );
  const items = list.data?.items ?? [];

  async function run(fn: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
      setExcept(new Set());
      reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('decisions')}
        </Title>
        <Text size="sm" data-testid="musdes-decision-summary">
          {t('decisionSummary', detail.decisions)}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <Select
            label={t('outcomeFilter')}
            placeholder={t('allOutcomes')}
            data={[...OUTCOMES.map((o) => ({ value: o, label: o })), { value: 'NONE', label: t('noVerval') }]}
            value={outcome}
            onChange={setOutcome}
            clearable
          />
          <Select
            label={t('decisionFilter')}
            placeholder={t('allDecisions')}
            data={[...DECISIONS.map((d) => ({ value: d, label: t(`decisionLabels.${d}`) })), { value: 'NONE', label: t('undecided') }]}
            value={decision}
            onChange={setDecision}
            clearable
          />
          <TextInput label={t('search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
        </SimpleGrid>
        {edit && (
          <Card withBorder bg="gray.0" padding="sm">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
              <Select
                label={t('bulkDecision')}
                data={[
                  { value: 'SUGGESTED', label: t('decisionLabels.SUGGESTED') },
                  ...DECISIONS.map((d) => ({ value: d, label: t(`decisionLabels.${d}`) })),
                ]}
                value={bulk}
                onChange={setBulk}
                allowDeselect={false}
              />
              <TextInput label={t('reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
              <Stack gap={2} justify="flex-end">
                {except.size > 0 && (
                  <Text size="xs" c="dimmed">
                    {t('except', { n: except.size })}
                  </Text>
                )}
                <Button
                  disabled={items.length - except.size <= 0}
                  onClick={() =>
                    run(() =>
                      api.post(`${base}/decisions/bulk`, {
                        filter,
                        decision: bulk,
                        reason: reason || null,
                        exceptHouseholdIds: [...except],
                      }),
                    )
                  }
                >
                  {t('bulk', { n: items.length - except.size })}
                </Button>
              </Stack>
            </SimpleGrid>
          </Card>
        )}
        <ErrorAlert error={error ?? list.error} />
        <SimpleGrid cols={4} spacing="xs" visibleFrom="sm" px="xs">
          {[t('household'), t('verval'), t('decision'), t('reason')].map((h) => (
            <Text key={h} size="sm" fw={700}>
              {h}
            </Text>
          ))}
        </SimpleGrid>
        <Stack gap={6} data-testid="musdes-decisions">
          {items.map((item) => (
            <Row
              key={`${item.householdId}-${item.decision?.decision ?? ''}-${item.decision?.reason ?? ''}`}
              item={item}
              edit={edit}
              excluded={except.has(item.householdId)}
              onExclude={(on) => {
                const next = new Set(except);
                if (on) next.add(item.householdId);
                else next.delete(item.householdId);
                setExcept(next);
              }}
              onSave={(d) =>
                run(() =>
                  api.put(`${base}/decisions`, {
                    items: [{ householdId: item.householdId, decision: d.decision, reason: d.reason || null }],
                  }),
                )
              }
            />
          ))}
        </Stack>
      </Stack>
    </Card>
  );
}
