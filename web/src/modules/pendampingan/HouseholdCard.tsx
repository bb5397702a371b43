import { Badge, Button, Card, Collapse, Stack, Text, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useGet } from '../../lib/api/client';
import { formatDate } from '../../lib/format';
import { useSession } from '../auth/session';
import { ActivityForm } from './ActivityForm';
import { NS } from './i18n';
import './i18n';

/** On the household page: its companion and the history of its accompaniment, and a form to add to it. */
export default function HouseholdCard({ householdId, desaCode }: { householdId: number; desaCode: string }) {
  const { t } = useTranslation(NS);
  const session = useSession();
  const [open, setOpen] = useState(false);
  const data = useGet('/pendampingan/households/{id}', { params: { path: { id: householdId } } });
  const d = data.data;
  return (
    <Card withBorder data-testid="pendampingan-card">
      <Title order={2} size="h4" mb="sm">
        {t('household.title')}
      </Title>
      <ErrorAlert error={data.error} />
      {d && (
        <Stack gap="sm">
          <div>
            <Text size="xs" c="dimmed">
              {t('household.companion')}
            </Text>
            {d.companion ? (
              <Text size="sm" data-testid="companion-name">
                {d.companion.name} ({d.companion.agencyName}){' '}
                {!d.companion.active && (
                  <Badge color="gray" variant="light" tt="none">
                    {t('ended')}
                  </Badge>
                )}
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                {t('household.none')}
              </Text>
            )}
          </div>
          <Text size="xs" c="dimmed">
            {t('household.history')}
          </Text>
          {d.activities.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('household.noHistory')}
            </Text>
          ) : (
            <Timeline bulletSize={12} lineWidth={2}>
              {d.activities.map((a) => (
                <Timeline.Item
                  key={a.id}
                  title={
                    <Text size="sm" fw={600}>
                      {formatDate(a.activityDate)} · {a.visited ? t('household.visited') : t('household.notVisited')}
                    </Text>
                  }
                >
                  <Text size="xs" c="dimmed">
                    {t('household.by', { name: a.official.name, agency: a.official.agencyName })}
                  </Text>
                  {a.problem && <Text size="xs">{`${t('household.problem')}: ${a.problem}`}</Text>}
                  {a.aid && (
                    <Text size="xs">
                      {t(`household.aid.${a.aid.action}`)}: {a.aid.programName ?? `#${a.aid.proposalId}`} · {a.aid.status}
                    </Text>
                  )}
                  {a.referralAgency && <Text size="xs">{`${t('household.referral')}: ${a.referralAgency}`}</Text>}
                  {a.document && <Text size="xs">{`${t('household.document')}: ${a.document}`}</Text>}
                </Timeline.Item>
              ))}
            </Timeline>
          )}
          {d.followUps.length > 0 && (
            <Stack gap={2}>
              <Text size="xs" c="dimmed">
                {t('followUp')}
              </Text>
              {d.followUps.map((f) => (
                <Text key={f.id} size="xs">
                  {f.title} · {formatDate(f.dueDate)} · {t(`statuses.${f.status}`)}
                  {f.overdue ? ` · ${t('overdue')}` : ''}
                </Text>
              ))}
            </Stack>
          )}
          {session.can('pendampingan.record', desaCode) && (
            <>
              <Button variant="light" size="xs" onClick={() => setOpen((o) => !o)}>
                {t('household.record')}
              </Button>
              <Collapse expanded={open}>
                <ActivityForm
                  householdId={householdId}
                  onSaved={() => {
                    setOpen(false);
                    data.reload();
                  }}
                />
              </Collapse>
            </>
          )}
        </Stack>
      )}
    </Card>
  );
}
