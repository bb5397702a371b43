import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { NS } from './i18n';
import { type Agency, ECHELONS, type Echelon, type Official, type Stage } from './types';

/** A modal form that PATCHes (or DELETEs) and reports the server's refusal in place. */
function EditModal({
  title,
  onClose,
  onSubmit,
  children,
}: {
  title: string;
  onClose(): void;
  onSubmit(): Promise<void>;
  children: ReactNode;
}) {
  const { t: tc } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <ErrorAlert error={error} />
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('app.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {tc('app.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Confirm a delete; the server's refusal (e.g. still referenced by assignments) shows in the dialog. */
export function ConfirmDelete({ name, path, onClose, onDeleted }: { name: string; path: string; onClose(): void; onDeleted(): void }) {
  const { t } = useTranslation(NS);
  const { t: tc } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await api.delete(path);
      notifications.show({ color: 'teal', message: t('edit.deleted', { name }) });
      onDeleted();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal opened onClose={onClose} title={t('edit.confirmTitle')}>
      <Stack gap="sm">
        <Text>{t('edit.confirm', { name })}</Text>
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {tc('app.cancel')}
          </Button>
          <Button color="red" onClick={remove} loading={busy} data-testid="confirm-delete">
            {t('edit.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function AgencyModal({ agency, onClose, onSaved }: { agency: Agency; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation(NS);
  const [code, setCode] = useState(agency.code);
  const [name, setName] = useState(agency.name);
  const [shortName, setShort] = useState(agency.shortName ?? '');
  return (
    <EditModal
      title={t('edit.editAgency')}
      onClose={onClose}
      onSubmit={async () => {
        await api.patch(`/organisation/agencies/${agency.id}`, { code, name, shortName: shortName || null });
        notifications.show({ color: 'teal', message: t('people.saved') });
        onSaved();
      }}
    >
      <TextInput label={t('people.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} required />
      <TextInput label={t('people.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
      <TextInput label={t('people.shortName')} value={shortName} onChange={(e) => setShort(e.currentTarget.value)} />
    </EditModal>
  );
}

/** Pick a user account by typing part of the name or username (admin only: GET /users). */
function UserPicker({ value, initial, onChange }: { value: number | null; initial: string | null; onChange(id: number | null): void }) {
  const { t } = useTranslation(NS);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const users = useGet('/users', { params: { query: { q: q || undefined, pageSize: 20 } } });
  const options = (users.data?.items ?? []).map((u) => ({ value: String(u.id), label: `${u.fullName} (${u.username})` }));
  if (value !== null && !options.some((o) => o.value === String(value))) {
    options.unshift({ value: String(value), label: initial ?? String(value) });
  }
  return (
    <Select
      label={t('people.user')}
      description={t('edit.userSearch')}
      placeholder={t('edit.noUser')}
      data={options}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(v ? Number(v) : null)}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      nothingFoundMessage="—"
      data-testid="user-picker"
    />
  );
}

export function OfficialModal({
  official,
  agencies,
  onClose,
  onSaved,
}: {
  official: Official;
  agencies: Agency[];
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation(NS);
  const [agencyId, setAgencyId] = useState<string | null>(String(official.agencyId));
  const [name, setName] = useState(official.name);
  const [nip, setNip] = useState(official.nip);
  const [position, setPosition] = useState(official.position);
  const [echelon, setEchelon] = useState<Echelon>(official.echelon);
  const [userId, setUserId] = useState<number | null>(official.userId);
  return (
    <EditModal
      title={t('edit.editOfficial')}
      onClose={onClose}
      onSubmit={async () => {
        await api.patch(`/organisation/officials/${official.id}`, {
          agencyId: Number(agencyId),
          name,
          nip: nip.replace(/\s+/g, ''),
          position,
          echelon,
          userId,
        });
        notifications.show({ color: 'teal', message: t('people.saved') });
        onSaved();
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <TextInput label={t('people.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <TextInput label={t('people.nip')} value={nip} onChange={(e) => setNip(e.currentTarget.value)} required maxLength={21} />
        <TextInput label={t('people.position')} value={position} onChange={(e) => setPosition(e.currentTarget.value)} required />
        <Select
          label={t('people.echelon')}
          data={ECHELONS}
          value={echelon}
          onChange={(v) => setEchelon((v as Echelon | null) ?? echelon)}
          allowDeselect={false}
        />
      </SimpleGrid>
      <Select
        label={t('assignments.agency')}
        data={agencies.map((a) => ({ value: String(a.id), label: a.name }))}
        value={agencyId}
        onChange={setAgencyId}
        searchable
        allowDeselect={false}
      />
      <UserPicker value={userId} initial={official.username} onChange={setUserId} />
    </EditModal>
  );
}

export function StageModal({ stage, onClose, onSaved }: { stage: Stage; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation(NS);
  const [name, setName] = useState(stage.name);
  const [startDate, setStart] = useState(stage.startDate);
  const [endDate, setEnd] = useState(stage.endDate);
  return (
    <EditModal
      title={t('edit.editStage')}
      onClose={onClose}
      onSubmit={async () => {
        await api.patch(`/organisation/stages/${stage.id}`, { name, startDate, endDate });
        onSaved();
      }}
    >
      <TextInput label={t('schedule.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
      <Group grow>
        <TextInput type="date" label={t('startDate')} value={startDate} onChange={(e) => setStart(e.currentTarget.value)} required />
        <TextInput type="date" label={t('endDate')} value={endDate} onChange={(e) => setEnd(e.currentTarget.value)} required />
      </Group>
    </EditModal>
  );
}
