import { ActionIcon, Button, Group, Paper, Select, SimpleGrid, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { api } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { AgencyModal, ConfirmDelete, OfficialModal } from './EditModals';
import { ImportBox } from './ImportBox';
import { NS } from './i18n';
import { type Agency, ECHELONS, type Echelon, type Official } from './types';

const PAGE_SIZE = 25;

function AgencyForm({ onSaved }: { onSaved(): void }) {
  const { t } = useTranslation(NS);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [shortName, setShort] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/organisation/agencies', { code, name, shortName: shortName || null });
      notifications.show({ color: 'teal', message: t('people.saved') });
      setCode('');
      setName('');
      setShort('');
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <ErrorAlert error={error} />
        <Group align="flex-end" gap="xs">
          <TextInput label={t('people.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} required w={140} />
          <TextInput label={t('people.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required w={360} />
          <TextInput label={t('people.shortName')} value={shortName} onChange={(e) => setShort(e.currentTarget.value)} w={140} />
          <Button type="submit" variant="light" leftSection={<IconPlus size={16} />}>
            {t('people.addAgency')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function OfficialForm({ agencies, onSaved }: { agencies: Agency[]; onSaved(): void }) {
  const { t } = useTranslation(NS);
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [nip, setNip] = useState('');
  const [position, setPosition] = useState('');
  const [echelon, setEchelon] = useState<Echelon>('III');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/organisation/officials', { agencyId: Number(agencyId), name, nip: nip.replace(/\s+/g, ''), position, echelon });
      notifications.show({ color: 'teal', message: t('people.saved') });
      setName('');
      setNip('');
      setPosition('');
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <ErrorAlert error={error} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <Select
            label={t('assignments.agency')}
            data={agencies.map((a) => ({ value: String(a.id), label: a.name }))}
            value={agencyId}
            onChange={setAgencyId}
            searchable
            required
          />
          <TextInput label={t('people.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
          <TextInput label={t('people.nip')} value={nip} onChange={(e) => setNip(e.currentTarget.value)} required maxLength={21} />
          <TextInput label={t('people.position')} value={position} onChange={(e) => setPosition(e.currentTarget.value)} required />
          <Select
            label={t('people.echelon')}
            data={ECHELONS}
            value={echelon}
            onChange={(v) => setEchelon((v as Echelon | null) ?? 'III')}
            allowDeselect={false}
          />
        </SimpleGrid>
        <Button type="submit" variant="light" w="fit-content" leftSection={<IconPlus size={16} />} disabled={!agencyId}>
          {t('people.addOfficial')}
        </Button>
      </Stack>
    </form>
  );
}

/** Edit and delete buttons of a row (admin). */
function RowActions({ label, onEdit, onDelete }: { label: string; onEdit(): void; onDelete(): void }) {
  const { t } = useTranslation(NS);
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon variant="subtle" aria-label={`${t('edit.edit')} ${label}`} onClick={onEdit}>
        <IconPencil size={16} />
      </ActionIcon>
      <ActionIcon variant="subtle" color="red" aria-label={`${t('edit.delete')} ${label}`} onClick={onDelete}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

type Editing = { kind: 'agency'; item: Agency; remove?: boolean } | { kind: 'official'; item: Official; remove?: boolean } | null;

/** OPD and pejabat: lists, add/edit/delete forms and CSV/XLSX import (admin). */
export function PeopleTab({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation(NS);
  const agencies = useGet('/organisation/agencies');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const officials = useGet('/organisation/officials', {
    params: { query: { q: q || undefined, agencyId: agencyId ? Number(agencyId) : undefined, page, pageSize: PAGE_SIZE } },
  });
  const [editing, setEditing] = useState<Editing>(null);
  const reload = () => {
    agencies.reload();
    officials.reload();
  };
  const done = () => {
    setEditing(null);
    reload();
  };

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('people.agencies')}
        </Title>
        <ErrorAlert error={agencies.error} onRetry={agencies.reload} />
        {isAdmin && (
          <Paper withBorder p="sm">
            <Stack gap="sm">
              <AgencyForm onSaved={reload} />
              <ImportBox path="/organisation/agencies/import" label={t('people.importAgencies')} onDone={reload} />
            </Stack>
          </Paper>
        )}
        <Table striped verticalSpacing={4} data-testid="agencies-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('people.code')}</Table.Th>
              <Table.Th>{t('people.name')}</Table.Th>
              <Table.Th>{t('people.shortName')}</Table.Th>
              <Table.Th>{t('people.officials')}</Table.Th>
              {isAdmin && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {agencies.data?.items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td ff="monospace">{a.code}</Table.Td>
                <Table.Td>{a.name}</Table.Td>
                <Table.Td>{a.shortName ?? '—'}</Table.Td>
                <Table.Td>{a.officialCount}</Table.Td>
                {isAdmin && (
                  <Table.Td>
                    <RowActions
                      label={a.name}
                      onEdit={() => setEditing({ kind: 'agency', item: a })}
                      onDelete={() => setEditing({ kind: 'agency', item: a, remove: true })}
                    />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('people.officials')}
        </Title>
        {isAdmin && (
          <Paper withBorder p="sm">
            <Stack gap="sm">
              <OfficialForm agencies={agencies.data?.items ?? []} onSaved={reload} />
              <ImportBox path="/organisation/officials/import" label={t('people.importOfficials')} onDone={reload} />
            </Stack>
          </Paper>
        )}
        <Group gap="xs" align="flex-end">
          <TextInput
            placeholder={t('people.search')}
            aria-label={t('people.search')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setPage(1);
            }}
            w={300}
          />
          <Select
            placeholder={t('assignments.agency')}
            aria-label={t('assignments.agency')}
            data={(agencies.data?.items ?? []).map((a) => ({ value: String(a.id), label: a.name }))}
            value={agencyId}
            onChange={(v) => {
              setAgencyId(v);
              setPage(1);
            }}
            clearable
            searchable
            w={320}
          />
        </Group>
        <ErrorAlert error={officials.error} onRetry={officials.reload} />
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing={4} data-testid="officials-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('people.name')}</Table.Th>
                <Table.Th>{t('people.nip')}</Table.Th>
                <Table.Th>{t('people.position')}</Table.Th>
                <Table.Th>{t('people.echelon')}</Table.Th>
                <Table.Th>{t('assignments.agency')}</Table.Th>
                <Table.Th>{t('people.user')}</Table.Th>
                <Table.Th>{t('people.active')}</Table.Th>
                {isAdmin && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {officials.data?.items.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>{o.name}</Table.Td>
                  <Table.Td ff="monospace">{o.nip}</Table.Td>
                  <Table.Td>{o.position}</Table.Td>
                  <Table.Td>{o.echelon}</Table.Td>
                  <Table.Td>{o.agencyName}</Table.Td>
                  <Table.Td>{o.username ?? '—'}</Table.Td>
                  <Table.Td>{o.activeAssignments}</Table.Td>
                  {isAdmin && (
                    <Table.Td>
                      <RowActions
                        label={o.name}
                        onEdit={() => setEditing({ kind: 'official', item: o })}
                        onDelete={() => setEditing({ kind: 'official', item: o, remove: true })}
                      />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {officials.data && <Pager total={officials.data.total} page={page} pageSize={PAGE_SIZE} onPage={setPage} />}
      </Stack>
      {editing?.remove && (
        <ConfirmDelete
          name={editing.item.name}
          path={`/organisation/${editing.kind === 'agency' ? 'agencies' : 'officials'}/${editing.item.id}`}
          onClose={() => setEditing(null)}
          onDeleted={done}
        />
      )}
      {editing?.kind === 'agency' && !editing.remove && (
        <AgencyModal agency={editing.item} onClose={() => setEditing(null)} onSaved={done} />
      )}
      {editing?.kind === 'official' && !editing.remove && (
        <OfficialModal official={editing.item} agencies={agencies.data?.items ?? []} onClose={() => setEditing(null)} onSaved={done} />
      )}
    </Stack>
  );
}
