import { Alert, Badge, Button, Group, List, MultiSelect, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconWand } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { api } from '../../lib/api';
import { type Res, useGet } from '../../lib/api/client';
import { useSession } from '../auth/session';
import { NS } from './i18n';
import type { Draft } from './types';

/** Propose a complete split of an agency's kecamatan binaan, review it, accept it in one call. */
export function AssistantTab({ periodId, onAccepted }: { periodId: number; onAccepted(): void }) {
  const { t } = useTranslation(NS);
  const { meta } = useSession();
  const agencies = useGet('/organisation/agencies');
  const kecamatan = useGet('/regions', meta ? { params: { query: { parent: meta.kabupaten.code } } } : null);
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [kecamatanCodes, setKecamatanCodes] = useState<string[]>([]);
  const [remainderId, setRemainderId] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const en = currentLanguage() === 'en';
  const agencyOptions = (agencies.data?.items ?? []).map((a) => ({ value: String(a.id), label: a.name }));

  async function makeDraft() {
    setBusy(true);
    setError(null);
    setDraft(null);
    try {
      setDraft(
        await api.post<Draft>(`/organisation/periods/${periodId}/assistant/draft`, {
          agencyId: Number(agencyId),
          ...(kecamatanCodes.length ? { kecamatanCodes } : {}),
          ...(remainderId ? { remainderAgencyId: Number(remainderId) } : {}),
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function accept() {
    if (!draft) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<Res<'/organisation/periods/{periodId}/assistant/accept', 'post'>>(
        `/organisation/periods/${periodId}/assistant/accept`,
        {
          agencyAssignments: draft.agencyAssignments.map((a) => ({ agencyId: a.agencyId, kecamatanCode: a.kecamatanCode })),
          assignments: draft.assignments.map((a) => ({ officialId: a.officialId, role: a.role, regionCode: a.regionCode })),
        },
      );
      notifications.show({ color: 'teal', message: t('assistant.accepted', { n: r.assignmentIds.length }) });
      setDraft(null);
      onAccepted();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="md">
      <Text size="sm">{t('assistant.intro')}</Text>
      <ErrorAlert error={error ?? agencies.error} />
      <Group align="flex-end" gap="xs">
        <Select label={t('assistant.agency')} data={agencyOptions} value={agencyId} onChange={setAgencyId} searchable required w={320} />
        <MultiSelect
          label={t('assistant.kecamatan')}
          data={(kecamatan.data?.items ?? []).map((k) => ({ value: k.code, label: k.name }))}
          value={kecamatanCodes}
          onChange={setKecamatanCodes}
          searchable
          clearable
          w={320}
        />
        <Select
          label={t('assistant.remainder')}
          data={agencyOptions.filter((o) => o.value !== agencyId)}
          value={remainderId}
          onChange={setRemainderId}
          searchable
          clearable
          w={320}
        />
        <Button leftSection={<IconWand size={16} />} onClick={makeDraft} loading={busy} disabled={!agencyId}>
          {t('assistant.draft')}
        </Button>
      </Group>
      {draft && (
        <Stack gap="sm" data-testid="draft">
          {draft.agencyAssignments.length > 0 && (
            <Text size="sm">{t('assistant.newBinaan', { names: draft.agencyAssignments.map((a) => a.kecamatanName).join(', ') })}</Text>
          )}
          {draft.warnings.length > 0 && (
            <Alert color="orange">
              <List size="sm">
                {draft.warnings.map((w) => (
                  <List.Item key={w.code}>{en ? w.messageEn : w.message}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {draft.uncoveredDesa.length > 0 && (
            <Text size="sm" c="red">
              {t('assistant.uncovered', { names: draft.uncoveredDesa.map((d) => d.name).join(', ') })}
            </Text>
          )}
          {draft.assignments.length === 0 ? (
            <Text>{t('assistant.nothing')}</Text>
          ) : (
            <>
              <Text fw={600}>{t('assistant.proposed', { n: draft.assignments.length })}</Text>
              <Table striped verticalSpacing={4} data-testid="draft-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('assignments.desa')}</Table.Th>
                    <Table.Th>{t('assignments.official')}</Table.Th>
                    <Table.Th>NIP</Table.Th>
                    <Table.Th>{t('assignments.agency')}</Table.Th>
                    <Table.Th>{t('assignments.role')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {draft.assignments.map((a) => (
                    <Table.Tr key={`${a.officialId}-${a.role}-${a.regionCode}`}>
                      <Table.Td>{a.regionName}</Table.Td>
                      <Table.Td>
                        {a.officialName} <Badge size="xs">{a.echelon}</Badge>
                      </Table.Td>
                      <Table.Td ff="monospace">{a.nip}</Table.Td>
                      <Table.Td>{a.agencyName}</Table.Td>
                      <Table.Td>{t(`roles.${a.role}`)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
          {(draft.assignments.length > 0 || draft.agencyAssignments.length > 0) && (
            <Button color="teal" leftSection={<IconCheck size={16} />} onClick={accept} loading={busy} w="fit-content">
              {t('assistant.accept')}
            </Button>
          )}
        </Stack>
      )}
    </Stack>
  );
}
