import { ActionIcon, Alert, Badge, Button, Group, List, Modal, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClockExclamation, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionSelects } from '../../components/RegionSelects';
import { api, errorText } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatDate } from '../../lib/format';
import { StageModal } from './EditModals';
import { NS } from './i18n';
import { STAGE_KINDS, type Stage, type StageKind } from './types';

function OverdueModal({ stage, onClose }: { stage: Stage; onClose(): void }) {
  const { t } = useTranslation(NS);
  const r = useGet('/organisation/stages/{id}/overdue', { params: { path: { id: stage.id } } });
  return (
    <Modal opened onClose={onClose} title={t('schedule.overdueTitle', { name: stage.name })} size="lg">
      <Stack gap="sm">
        <ErrorAlert error={r.error} />
        {r.data && !r.data.completionTracked && <Alert color="yellow">{t('schedule.untracked')}</Alert>}
        {r.data && !r.data.ended && <Text>{t('schedule.notEnded')}</Text>}
        {r.data && r.data.overdue.length > 0 && (
          <>
            <Text fw={600}>
              {r.data.overdue.length} / {r.data.areaDesa} desa
            </Text>
            <List size="sm" data-testid="overdue-list">
              {r.data.overdue.map((d) => (
                <List.Item key={d.code}>
                  {d.name} — {d.kecamatanName}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Modal>
  );
}

/** The stages of the period (optionally per kecamatan), the ones under way today, overdue desa per stage. */
export function ScheduleTab({ periodId, isAdmin, onChanged }: { periodId: number; isAdmin: boolean; onChanged(): void }) {
  const { t } = useTranslation(NS);
  const schedule = useGet('/organisation/periods/{periodId}/schedule', { params: { path: { periodId } } });
  const [kind, setKind] = useState<StageKind>('verval');
  const [name, setName] = useState('');
  const [startDate, setStart] = useState('');
  const [endDate, setEnd] = useState('');
  const [kecamatan, setKecamatan] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [overdue, setOverdue] = useState<Stage | null>(null);
  const [editing, setEditing] = useState<Stage | null>(null);
  const current = new Set((schedule.data?.current ?? []).map((s) => s.id));

  async function add(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`/organisation/periods/${periodId}/stages`, {
        kind,
        name: name || t(`schedule.kinds.${kind}`),
        startDate,
        endDate,
        kecamatanCode: kecamatan,
      });
      setName('');
      schedule.reload();
      onChanged();
    } catch (err) {
      setError(err);
    }
  }

  async function remove(s: Stage) {
    try {
      await api.delete(`/organisation/stages/${s.id}`);
      schedule.reload();
      onChanged();
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(err) });
    }
  }

  return (
    <Stack gap="md">
      <ErrorAlert error={schedule.error} onRetry={schedule.reload} />
      {isAdmin && (
        <Paper withBorder p="md">
          <form onSubmit={add}>
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('schedule.add')}
              </Title>
              <ErrorAlert error={error} />
              <Group align="flex-end" gap="xs">
                <Select
                  label={t('schedule.kind')}
                  data={STAGE_KINDS.map((k) => ({ value: k, label: t(`schedule.kinds.${k}`) }))}
                  value={kind}
                  onChange={(v) => setKind((v as StageKind | null) ?? 'verval')}
                  allowDeselect={false}
                  w={260}
                />
                <TextInput
                  label={t('schedule.name')}
                  placeholder={t(`schedule.kinds.${kind}`)}
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  w={260}
                />
                <TextInput
                  type="date"
                  label={t('startDate')}
                  value={startDate}
                  onChange={(e) => setStart(e.currentTarget.value)}
                  required
                />
                <TextInput type="date" label={t('endDate')} value={endDate} onChange={(e) => setEnd(e.currentTarget.value)} required />
              </Group>
              <RegionSelects kecamatan={kecamatan} desa={null} onChange={(k) => setKecamatan(k)} maxLevel={3} allLabels />
              <Button type="submit" w="fit-content" leftSection={<IconPlus size={16} />} disabled={!startDate || !endDate}>
                {t('schedule.add')}
              </Button>
            </Stack>
          </form>
        </Paper>
      )}
      <Table striped verticalSpacing={4} data-testid="stages-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('schedule.name')}</Table.Th>
            <Table.Th>{t('schedule.kind')}</Table.Th>
            <Table.Th>{t('startDate')}</Table.Th>
            <Table.Th>{t('endDate')}</Table.Th>
            <Table.Th>{t('schedule.area')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {schedule.data?.stages.map((s) => (
            <Table.Tr key={s.id} bg={current.has(s.id) ? 'teal.0' : undefined}>
              <Table.Td>
                {s.name}{' '}
                {current.has(s.id) && (
                  <Badge color="teal" size="sm">
                    {t('schedule.running')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{t(`schedule.kinds.${s.kind}`)}</Table.Td>
              <Table.Td>{formatDate(s.startDate)}</Table.Td>
              <Table.Td>{formatDate(s.endDate)}</Table.Td>
              <Table.Td>{s.kecamatanName ? `Kecamatan ${s.kecamatanName}` : t('schedule.wholeKabupaten')}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button size="compact-xs" variant="subtle" leftSection={<IconClockExclamation size={14} />} onClick={() => setOverdue(s)}>
                    {t('schedule.overdue')}
                  </Button>
                  {isAdmin && (
                    <ActionIcon variant="subtle" aria-label={`${t('edit.editStage')} ${s.name}`} onClick={() => setEditing(s)}>
                      <IconPencil size={16} />
                    </ActionIcon>
                  )}
                  {isAdmin && (
                    <ActionIcon variant="subtle" color="red" aria-label={t('assignments.remove')} onClick={() => remove(s)}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {schedule.data && schedule.data.stages.length === 0 && <Text c="dimmed">{t('schedule.none')}</Text>}
      {overdue && <OverdueModal stage={overdue} onClose={() => setOverdue(null)} />}
      {editing && (
        <StageModal
          stage={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            schedule.reload();
            onChanged();
          }}
        />
      )}
    </Stack>
  );
}
