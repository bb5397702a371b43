import { Badge, Button, Card, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiPost, useGet } from '../../lib/api/client';
import { formatDate } from '../../lib/format';
import { useSession } from '../auth/session';
import { NS } from './i18n';

/** Follow-ups of the reader's area by due date; overdue = open and past due. */
export function FollowupsTab({ periodId, desa }: { periodId: string | null; desa: string | null }) {
  const { t } = useTranslation(NS);
  const session = useSession();
  const [overdue, setOverdue] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const list = useGet('/pendampingan/follow-ups', {
    params: {
      query: {
        ...(periodId ? { periodId: Number(periodId) } : {}),
        ...(desa ? { desa } : {}),
        ...(overdue ? { overdue: '1' as const } : { status: 'OPEN' as const }),
        page: 1,
        pageSize: 100,
      },
    },
  });
  async function close(id: number, status: 'DONE' | 'CANCELLED') {
    setError(null);
    try {
      await apiPost('/pendampingan/follow-ups/{id}/status', { params: { path: { id } }, body: { status } });
      list.reload();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Stack gap="sm">
      <ErrorAlert error={list.error ?? error} />
      <Checkbox label={t('overdueOnly')} checked={overdue} onChange={(e) => setOverdue(e.currentTarget.checked)} />
      {list.data?.items.length === 0 && <Text c="dimmed">{t('noFollowUps')}</Text>}
      {(list.data?.items.length ?? 0) > 0 && (
        <Card withBorder p={0}>
          <Table.ScrollContainer minWidth={640}>
            <Table striped fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('followUp')}</Table.Th>
                  <Table.Th>{t('headName')}</Table.Th>
                  <Table.Th>{t('due')}</Table.Th>
                  <Table.Th>{t('owner')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data?.items.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Td>{f.title}</Table.Td>
                    <Table.Td>
                      <Link to={`/households/${f.householdId}`}>{f.headName}</Link>
                      <Text size="xs" c="dimmed">
                        {f.desaName}
                      </Text>
                    </Table.Td>
                    <Table.Td className="nowrap">
                      {formatDate(f.dueDate)}{' '}
                      {f.overdue && (
                        <Badge color="red" tt="none">
                          {t('overdue')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{f.owner.name}</Table.Td>
                    <Table.Td>
                      {f.status === 'OPEN' && session.can('pendampingan.record', f.desaCode) ? (
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-xs" onClick={() => close(f.id, 'DONE')}>
                            {t('markDone')}
                          </Button>
                          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => close(f.id, 'CANCELLED')}>
                            {t('cancel')}
                          </Button>
                        </Group>
                      ) : (
                        <Badge variant="light" tt="none">
                          {t(`statuses.${f.status}`)}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}
