import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { useSession } from '../auth/session';
import { NS } from './i18n';
import { FUNDING_SOURCES } from './types';

function NewProgram({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation(NS);
  const [form, setForm] = useState({ code: '', name: '', unit: 'HOUSEHOLD', fundingSource: 'APBD_KAB', agency: '', eligibilityNotes: '' });
  const [error, setError] = useState<unknown>(null);
  const set = (k: keyof typeof form) => (v: string | null) => setForm((f) => ({ ...f, [k]: v ?? '' }));
  async function save() {
    setError(null);
    try {
      await api.post('/aid/programs', form);
      setForm((f) => ({ ...f, code: '', name: '', eligibilityNotes: '' }));
      onSaved();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Text fw={600}>{t('addProgram')}</Text>
        <ErrorAlert error={error} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('code')} value={form.code} onChange={(e) => set('code')(e.currentTarget.value)} />
          <TextInput label={t('name')} value={form.name} onChange={(e) => set('name')(e.currentTarget.value)} />
          <TextInput label={t('agency')} value={form.agency} onChange={(e) => set('agency')(e.currentTarget.value)} />
          <Select
            label={t('unit')}
            data={['HOUSEHOLD', 'MEMBER'].map((u) => ({ value: u, label: t(`units.${u}`) }))}
            value={form.unit}
            onChange={set('unit')}
          />
          <Select
            label={t('funding')}
            data={FUNDING_SOURCES.map((f) => ({ value: f, label: t(`fundings.${f}`) }))}
            value={form.fundingSource}
            onChange={set('fundingSource')}
          />
        </SimpleGrid>
        <Textarea
          label={t('notes')}
          value={form.eligibilityNotes}
          onChange={(e) => set('eligibilityNotes')(e.currentTarget.value)}
          autosize
        />
        <Group justify="flex-end">
          <Button onClick={save} disabled={!form.code || !form.name || !form.agency}>
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function CatalogueTab() {
  const { t } = useTranslation(NS);
  const session = useSession();
  const programs = useGet('/aid/programs');
  return (
    <Stack>
      <ErrorAlert error={programs.error} onRetry={programs.reload} />
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="aid-catalogue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('code')}</Table.Th>
                <Table.Th>{t('name')}</Table.Th>
                <Table.Th>{t('unit')}</Table.Th>
                <Table.Th>{t('funding')}</Table.Th>
                <Table.Th>{t('agency')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {programs.data?.map((p) => (
                <Table.Tr key={p.id} opacity={p.active ? 1 : 0.5}>
                  <Table.Td>
                    <Text ff="monospace" size="sm">
                      {p.code}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {p.name}{' '}
                    {p.historic && (
                      <Badge variant="light" color="gray">
                        {t('historic')}
                      </Badge>
                    )}{' '}
                    {p.local && <Badge variant="light">{t('local')}</Badge>}
                    {p.eligibilityNotes && (
                      <Text size="xs" c="dimmed">
                        {p.eligibilityNotes}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{t(`units.${p.unit}`)}</Table.Td>
                  <Table.Td>{p.fundingLabel}</Table.Td>
                  <Table.Td>{p.agency}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {session.can('aid.program.manage') && <NewProgram onSaved={programs.reload} />}
    </Stack>
  );
}
