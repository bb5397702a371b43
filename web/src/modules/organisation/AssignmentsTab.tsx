import { ActionIcon, Button, Group, Paper, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerStop, IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionSelects } from '../../components/RegionSelects';
import { currentLanguage } from '../../i18n';
import { api, errorText } from '../../lib/api';
import { type Res, useGet } from '../../lib/api/client';
import { NS } from './i18n';
import { ASSIGNMENT_ROLES, type Assignment, type AssignmentRole, type Warning } from './types';

function showWarnings(warnings: Warning[]) {
  const en = currentLanguage() === 'en';
  for (const w of warnings) notifications.show({ color: 'orange', message: en ? w.messageEn : w.message });
}

/** Kecamatan binaan of the period: agency → kecamatan. */
function BinaanSection({ periodId, isAdmin, onChanged }: { periodId: number; isAdmin: boolean; onChanged(): void }) {
  const { t } = useTranslation(NS);
  const list = useGet('/organisation/periods/{periodId}/agency-assignments', { params: { path: { periodId } } });
  const agencies = useGet('/organisation/agencies', isAdmin ? {} : null);
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [kecamatan, setKecamatan] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.post<Res<'/organisation/periods/{periodId}/agency-assignments', 'post'>>(
        `/organisation/periods/${periodId}/agency-assignments`,
        {
          agencyId: Number(agencyId),
          kecamatanCode: kecamatan,
        },
      );
      showWarnings(r.warnings);
      setKecamatan(null);
      list.reload();
      onChanged();
    } catch (err) {
      setError(err);
    }
  }

  async function remove(id: number) {
    try {
      await api.delete(`/organisation/agency-assignments/${id}`);
      list.reload();
      onChanged();
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(err) });
    }
  }

  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('assignments.binaan')}
      </Title>
      <ErrorAlert error={list.error ?? error} />
      {isAdmin && (
        <form onSubmit={add}>
          <Group align="flex-end" gap="xs">
            <Select
              label={t('assignments.agency')}
              data={(agencies.data?.items ?? []).map((a) => ({ value: String(a.id), label: a.name }))}
              value={agencyId}
              onChange={setAgencyId}
              searchable
              w={320}
            />
            <RegionSelects kecamatan={kecamatan} desa={null} onChange={(k) => setKecamatan(k)} maxLevel={3} requiredLevel={3} />
            <Button type="submit" variant="light" leftSection={<IconPlus size={16} />} disabled={!agencyId || !kecamatan}>
              {t('assignments.addBinaan')}
            </Button>
          </Group>
        </form>
      )}
      <Table striped verticalSpacing={4} data-testid="binaan-table">
        <Table.Tbody>
          {list.data?.items.map((b) => (
            <Table.Tr key={b.id}>
              <Table.Td>Kecamatan {b.kecamatanName}</Table.Td>
              <Table.Td>{b.agencyName}</Table.Td>
              <Table.Td w={40}>
                {isAdmin && (
                  <ActionIcon variant="subtle" color="red" aria-label={t('assignments.remove')} onClick={() => remove(b.id)}>
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** Penugasan of officials: add (admin), list, end or delete. */
export function AssignmentsTab({ periodId, isAdmin, onChanged }: { periodId: number; isAdmin: boolean; onChanged(): void }) {
  const { t } = useTranslation(NS);
  const [filter, setFilter] = useState<string | null>(null);
  const list = useGet('/organisation/periods/{periodId}/assignments', {
    params: { path: { periodId }, query: { kecamatan: filter ?? undefined } },
  });
  const officials = useGet('/organisation/officials', isAdmin ? { params: { query: { pageSize: 500 } } } : null);
  const [officialId, setOfficialId] = useState<string | null>(null);
  const [role, setRole] = useState<AssignmentRole>('pendamping_desa');
  const [kecamatan, setKecamatan] = useState<string | null>(null);
  const [desa, setDesa] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const region = role === 'pembina_kecamatan' ? kecamatan : desa;

  async function add(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.post<Res<'/organisation/periods/{periodId}/assignments', 'post'>>(
        `/organisation/periods/${periodId}/assignments`,
        {
          officialId: Number(officialId),
          role,
          regionCode: region,
        },
      );
      notifications.show({ color: 'teal', message: t('assignments.saved') });
      showWarnings(r.warnings);
      setDesa(null);
      list.reload();
      onChanged();
    } catch (err) {
      setError(err);
    }
  }

  async function act(a: Assignment, kind: 'end' | 'delete') {
    try {
      if (kind === 'end') await api.post(`/organisation/assignments/${a.id}/end`);
      else await api.delete(`/organisation/assignments/${a.id}`);
      notifications.show({ color: 'teal', message: t(kind === 'end' ? 'assignments.ended' : 'assignments.removed') });
      list.reload();
      onChanged();
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(err) });
    }
  }

  return (
    <Stack gap="lg">
      <BinaanSection periodId={periodId} isAdmin={isAdmin} onChanged={onChanged} />
      {isAdmin && (
        <Paper withBorder p="md">
          <form onSubmit={add}>
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('assignments.add')}
              </Title>
              <ErrorAlert error={error} />
              <Group grow align="flex-end">
                <Select
                  label={t('assignments.official')}
                  data={(officials.data?.items ?? []).map((o) => ({
                    value: String(o.id),
                    label: `${o.name} — ${o.agencyName} (${o.echelon})`,
                  }))}
                  value={officialId}
                  onChange={setOfficialId}
                  searchable
                  required
                />
                <Select
                  label={t('assignments.role')}
                  data={ASSIGNMENT_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                  value={role}
                  onChange={(v) => setRole((v as AssignmentRole | null) ?? 'pendamping_desa')}
                  allowDeselect={false}
                />
              </Group>
              <RegionSelects
                kecamatan={kecamatan}
                desa={desa}
                onChange={(k, d) => {
                  setKecamatan(k);
                  setDesa(d);
                }}
                maxLevel={role === 'pembina_kecamatan' ? 3 : 4}
                requiredLevel={role === 'pembina_kecamatan' ? 3 : 4}
              />
              <Button type="submit" w="fit-content" disabled={!officialId || !region}>
                {t('assignments.save')}
              </Button>
            </Stack>
          </form>
        </Paper>
      )}
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end">
          <Title order={2} size="h4">
            {t('tabs.assignments')}
          </Title>
          <RegionSelects kecamatan={filter} desa={null} onChange={(k) => setFilter(k)} maxLevel={3} allLabels />
        </Group>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table.ScrollContainer minWidth={860}>
          <Table striped verticalSpacing={4} data-testid="assignments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('assignments.kecamatan')}</Table.Th>
                <Table.Th>{t('assignments.desa')}</Table.Th>
                <Table.Th>{t('assignments.official')}</Table.Th>
                <Table.Th>NIP</Table.Th>
                <Table.Th>{t('assignments.agency')}</Table.Th>
                <Table.Th>{t('assignments.role')}</Table.Th>
                {isAdmin && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data?.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.kecamatanName}</Table.Td>
                  <Table.Td>{a.desaName ?? '—'}</Table.Td>
                  <Table.Td>{a.officialName}</Table.Td>
                  <Table.Td ff="monospace">{a.nip}</Table.Td>
                  <Table.Td>{a.agencyName}</Table.Td>
                  <Table.Td>{t(`roles.${a.role}`)}</Table.Td>
                  {isAdmin && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Tooltip label={t('assignments.end')}>
                          <ActionIcon variant="subtle" color="orange" aria-label={t('assignments.end')} onClick={() => act(a, 'end')}>
                            <IconPlayerStop size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={t('assignments.remove')}>
                          <ActionIcon variant="subtle" color="red" aria-label={t('assignments.remove')} onClick={() => act(a, 'delete')}>
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('assignments.empty')}</Text>}
      </Stack>
    </Stack>
  );
}
