import { ActionIcon, Alert, Anchor, Badge, Button, Group, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconCalendarEvent, IconFileSpreadsheet, IconFileTypePdf, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { API } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatDate } from '../../lib/format';
import { useSession } from '../auth/session';
import { AssignmentsTab } from './AssignmentsTab';
import { AssistantTab } from './AssistantTab';
import { CoverageTab } from './CoverageTab';
import { ConfirmDelete } from './EditModals';
import { NS } from './i18n';
import { PeopleTab } from './PeopleTab';
import { PeriodModal } from './PeriodModal';
import { ScheduleTab } from './ScheduleTab';

/** Today in WIB as yyyy-mm-dd, like the server. */
export function todayWib(): string {
  return new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
}

function CurrentStage({ periodId }: { periodId: number }) {
  const { t } = useTranslation(NS);
  const cur = useGet('/organisation/schedule/current');
  const item = cur.data?.items.find((i) => i.period.id === periodId);
  if (!cur.data) return null;
  return (
    <Group gap="xs" data-testid="current-stage">
      <IconCalendarEvent size={18} />
      <Text size="sm" fw={500}>
        {t('currentStage')}:
      </Text>
      {item && item.current.length > 0 ? (
        item.current.map((s) => (
          <Badge key={s.id} variant="light" color="teal">
            {s.name} · {formatDate(s.startDate)}–{formatDate(s.endDate)}
          </Badge>
        ))
      ) : (
        <Text size="sm" c="dimmed">
          {t('noCurrentStage')}
        </Text>
      )}
      {item?.next && (
        <Text size="sm" c="dimmed">
          {t('nextStage', { name: item.next.name, date: formatDate(item.next.startDate) })}
        </Text>
      )}
    </Group>
  );
}

export default function OrganisationPage() {
  const { t } = useTranslation(NS);
  const session = useSession();
  const isAdmin = session.can('organisation.manage');
  const periods = useGet('/organisation/periods');
  const [periodId, setPeriodId] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('coverage');
  const [creating, setCreating] = useState(false);
  const [periodEdit, setPeriodEdit] = useState<'edit' | 'delete' | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const items = periods.data?.items ?? [];
    if (periodId && items.some((p) => String(p.id) === periodId)) return;
    const today = todayWib();
    const running = items.find((p) => p.startDate <= today && today <= p.endDate);
    const first = running ?? items[0];
    if (first) setPeriodId(String(first.id));
  }, [periods.data, periodId]);

  const period = periods.data?.items.find((p) => String(p.id) === periodId);
  const changed = () => setVersion((v) => v + 1);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <Group gap="xs" align="flex-end">
          <Select
            label={t('period')}
            data={(periods.data?.items ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
            value={periodId}
            onChange={setPeriodId}
            allowDeselect={false}
            w={240}
          />
          {isAdmin && (
            <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t('newPeriod')}
            </Button>
          )}
          {period && isAdmin && (
            <Group gap={2} wrap="nowrap">
              <ActionIcon variant="default" size="lg" aria-label={t('edit.editPeriod')} onClick={() => setPeriodEdit('edit')}>
                <IconPencil size={16} />
              </ActionIcon>
              <ActionIcon
                variant="default"
                size="lg"
                color="red"
                aria-label={`${t('edit.delete')} ${period.name}`}
                onClick={() => setPeriodEdit('delete')}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          )}
          {period && (
            <>
              <Button
                component="a"
                href={`${API}/organisation/periods/${period.id}/export.xlsx`}
                download
                variant="default"
                leftSection={<IconFileSpreadsheet size={16} />}
              >
                {t('exportXlsx')}
              </Button>
              <Button
                component="a"
                href={`${API}/organisation/periods/${period.id}/export.pdf`}
                download
                variant="default"
                leftSection={<IconFileTypePdf size={16} />}
              >
                {t('exportPdf')}
              </Button>
            </>
          )}
        </Group>
      </Group>
      <ErrorAlert error={periods.error} onRetry={periods.reload} />
      {periods.data && periods.data.items.length === 0 && (
        <Alert color="yellow">
          {t('noPeriod')}{' '}
          {isAdmin && (
            <Anchor component="button" onClick={() => setCreating(true)}>
              {t('newPeriod')}
            </Anchor>
          )}
        </Alert>
      )}
      {period && (
        <>
          <Text size="sm" c="dimmed">
            {period.program} · {formatDate(period.startDate)} – {formatDate(period.endDate)}
          </Text>
          <CurrentStage key={`${period.id}-${version}`} periodId={period.id} />
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="coverage">{t('tabs.coverage')}</Tabs.Tab>
              <Tabs.Tab value="assignments">{t('tabs.assignments')}</Tabs.Tab>
              <Tabs.Tab value="people">{t('tabs.people')}</Tabs.Tab>
              <Tabs.Tab value="schedule">{t('tabs.schedule')}</Tabs.Tab>
              {isAdmin && <Tabs.Tab value="assistant">{t('tabs.assistant')}</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="coverage" pt="md">
              <CoverageTab key={version} periodId={period.id} isAdmin={isAdmin} />
            </Tabs.Panel>
            <Tabs.Panel value="assignments" pt="md">
              <AssignmentsTab key={version} periodId={period.id} isAdmin={isAdmin} onChanged={changed} />
            </Tabs.Panel>
            <Tabs.Panel value="people" pt="md">
              <PeopleTab isAdmin={isAdmin} />
            </Tabs.Panel>
            <Tabs.Panel value="schedule" pt="md">
              <ScheduleTab key={version} periodId={period.id} isAdmin={isAdmin} onChanged={changed} />
            </Tabs.Panel>
            {isAdmin && (
              <Tabs.Panel value="assistant" pt="md">
                <AssistantTab
                  periodId={period.id}
                  onAccepted={() => {
                    changed();
                    setTab('coverage');
                  }}
                />
              </Tabs.Panel>
            )}
          </Tabs>
        </>
      )}
      {period && periodEdit === 'edit' && (
        <PeriodModal
          period={period}
          onClose={() => setPeriodEdit(null)}
          onSaved={() => {
            setPeriodEdit(null);
            periods.reload();
            changed();
          }}
        />
      )}
      {period && periodEdit === 'delete' && (
        <ConfirmDelete
          name={period.name}
          path={`/organisation/periods/${period.id}`}
          onClose={() => setPeriodEdit(null)}
          onDeleted={() => {
            setPeriodEdit(null);
            setPeriodId(null);
            periods.reload();
          }}
        />
      )}
      {creating && (
        <PeriodModal
          onClose={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            periods.reload();
            setPeriodId(String(p.id));
          }}
        />
      )}
    </Stack>
  );
}
