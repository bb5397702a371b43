import { ActionIcon, Badge, Button, Card, Checkbox, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { NS } from './i18n';
import { type MeetingDetail, ROLES } from './types';

/** The attendance list: add a row in one line (name, role, institution, signed), tick signatures, remove. */
export function AttendanceSection({ detail, onSaved }: { detail: MeetingDetail; onSaved: (d: MeetingDetail) => void }) {
  const { t } = useTranslation(NS);
  const base = `/musdes/meetings/${detail.meeting.id}/attendees`;
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const [institution, setInstitution] = useState('');
  const [signed, setSigned] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const edit = detail.permissions.edit;
  const present = new Set<string>(detail.attendees.filter((a) => a.signed).map((a) => a.role));

  async function run(fn: () => Promise<MeetingDetail>) {
    setError(null);
    try {
      onSaved(await fn());
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  }

  async function add() {
    const ok = await run(() => api.post<MeetingDetail>(base, { attendees: [{ name, role, institution: institution || null, signed }] }));
    if (ok) {
      setName('');
      setInstitution('');
      setRole(null);
    }
  }

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('attendance')} ({detail.attendees.length})
        </Title>
        <Group gap={6}>
          <Text size="sm">{t('required', { roles: '' })}</Text>
          {detail.requiredRoles.map((r) => (
            <Badge key={r} color={present.has(r) ? 'green' : 'red'} variant="light" tt="none">
              {t(`roles.${r}`)}
            </Badge>
          ))}
        </Group>
        <ErrorAlert error={error} />
        <Table.ScrollContainer minWidth={280}>
          <Table data-testid="musdes-attendees" horizontalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('attendeeName')}</Table.Th>
                <Table.Th>{t('role')}</Table.Th>
                <Table.Th visibleFrom="sm">{t('institution')}</Table.Th>
                <Table.Th>{t('signedShort')}</Table.Th>
                {edit && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.attendees.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.name}</Table.Td>
                  <Table.Td>{t(`roles.${a.role}`)}</Table.Td>
                  <Table.Td visibleFrom="sm">{a.institution}</Table.Td>
                  <Table.Td>
                    <Checkbox
                      aria-label={`${t('signed')} ${a.name}`}
                      checked={a.signed}
                      disabled={!edit}
                      onChange={(e) => run(() => api.patch<MeetingDetail>(`${base}/${a.id}`, { signed: e.currentTarget.checked }))}
                    />
                  </Table.Td>
                  {edit && (
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`${t('remove')} ${a.name}`}
                        onClick={() => run(() => api.delete<MeetingDetail>(`${base}/${a.id}`))}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {edit && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void add();
            }}
          >
            <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="xs">
              <TextInput label={t('attendeeName')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
              <Select
                label={t('role')}
                data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                value={role}
                onChange={setRole}
                searchable
              />
              <TextInput label={t('institution')} value={institution} onChange={(e) => setInstitution(e.currentTarget.value)} />
              <Group align="flex-end" justify="space-between" gap="xs">
                <Checkbox label={t('signed')} checked={signed} onChange={(e) => setSigned(e.currentTarget.checked)} mb={8} />
                <Button type="submit" disabled={!name.trim() || !role}>
                  {t('addAttendee')}
                </Button>
              </Group>
            </SimpleGrid>
          </form>
        )}
      </Stack>
    </Card>
  );
}
