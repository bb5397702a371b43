import { Button, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { API } from '../../lib/api';
import { apiGet } from '../../lib/api/client';
import { formatDate } from '../../lib/format';
import { NS } from './i18n';
import type { Decree, DiffEntry } from './types';

/** Households added to / removed from the previous decree, with reason and musdes, paged by cursor. */
export function DiffSection({ decree }: { decree: Decree }) {
  const { t } = useTranslation(NS);
  const [change, setChange] = useState<'ADDED' | 'REMOVED'>('ADDED');
  const [items, setItems] = useState<DiffEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function load(from: string | null, reset: boolean) {
    setBusy(true);
    setError(null);
    try {
      const page = await apiGet('/decrees/{id}/diff', {
        params: { path: { id: decree.id }, query: { change: change ?? undefined, cursor: from ?? undefined, pageSize: 100 } },
      });
      setItems((prev) => (reset ? page.items : [...prev, ...page.items]));
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (decree.previous) void load(null, true);
  }, [decree.id, change]);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('diff')} {decree.previous && `(${decree.previous.number})`}
        </Title>
        {decree.previous && (
          <Button
            component="a"
            href={`${API}/decrees/${decree.id}/diff.xlsx`}
            download
            variant="default"
            size="xs"
            leftSection={<IconFileSpreadsheet size={14} />}
          >
            {t('diffXlsx')}
          </Button>
        )}
      </Group>
      {!decree.previous ? (
        <Text c="dimmed" size="sm">
          {t('noPrevious')}
        </Text>
      ) : (
        <>
          <SegmentedControl
            value={change}
            onChange={(v) => setChange(v as 'ADDED' | 'REMOVED')}
            data={[
              { value: 'ADDED', label: t('added', { n: decree.addedCount }) },
              { value: 'REMOVED', label: t('removed', { n: decree.removedCount }) },
            ]}
          />
          <ErrorAlert error={error} />
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={320}>
              <Table striped data-testid="decree-diff">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('head')}</Table.Th>
                    <Table.Th visibleFrom="sm">{t('desa')}</Table.Th>
                    <Table.Th>{t('reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((r) => (
                    <Table.Tr key={r.householdId}>
                      <Table.Td>
                        {r.headName}
                        <Text size="xs" c="dimmed">
                          {r.headNik ?? '—'}
                          <Text span hiddenFrom="sm" size="xs">
                            {' · '}
                            {r.desaName}
                          </Text>
                        </Text>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        {r.desaName}
                        <Text size="xs" c="dimmed">
                          {r.kecamatanName}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={r.change === 'ADDED' ? 'teal.8' : 'red.8'}>
                          {t(`reasons.${r.reasonCode}`)}
                        </Text>
                        {r.musdes && (
                          <Text size="xs" c="dimmed" data-testid="diff-musdes">
                            {t('musdes')} {r.musdes.number} · {formatDate(r.musdes.heldOn)} · {t(`decisions.${r.musdes.decision}`)}
                            {r.musdes.reason ? `: ${r.musdes.reason}` : ''}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {!busy && items.length === 0 && (
              <Text c="dimmed" p="md" size="sm">
                {t('noChanges')}
              </Text>
            )}
          </Card>
          {cursor && (
            <Button variant="light" onClick={() => load(cursor, false)} loading={busy}>
              {t('more')}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}
