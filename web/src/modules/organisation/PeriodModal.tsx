import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { NS } from './i18n';
import type { Period } from './types';

/** Create a program period, e.g. "Gesek Ekstrem 2025", or edit `period`. */
export function PeriodModal({ period, onClose, onSaved }: { period?: Period; onClose(): void; onSaved(p: Period): void }) {
  const { t } = useTranslation(NS);
  const { t: tc } = useTranslation();
  const year = new Date().getFullYear();
  const [program, setProgram] = useState(period?.program ?? 'Gesek Ekstrem');
  const [name, setName] = useState(period?.name ?? `Gesek Ekstrem ${year}`);
  const [startDate, setStart] = useState(period?.startDate ?? `${year}-01-01`);
  const [endDate, setEnd] = useState(period?.endDate ?? `${year}-12-31`);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { program, name, startDate, endDate };
      onSaved(
        period
          ? await api.patch<Period>(`/organisation/periods/${period.id}`, body)
          : await api.post<Period>('/organisation/periods', body),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={period ? t('edit.editPeriod') : t('newPeriod')}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <TextInput label={t('program')} value={program} onChange={(e) => setProgram(e.currentTarget.value)} required />
          <TextInput label={t('periodName')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
          <Group grow>
            <TextInput type="date" label={t('startDate')} value={startDate} onChange={(e) => setStart(e.currentTarget.value)} required />
            <TextInput type="date" label={t('endDate')} value={endDate} onChange={(e) => setEnd(e.currentTarget.value)} required />
          </Group>
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
