import { Alert, Badge, Button, Card, Checkbox, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiPost, apiPut, useGet } from '../../lib/api/client';
import { useSession } from '../auth/session';
import { NS } from './i18n';

/** The companions of a desa's target households: coverage, bulk split and one-by-one naming. */
export function CompanionsTab({ periodId, desa }: { periodId: string | null; desa: string | null }) {
  const { t } = useTranslation(NS);
  const session = useSession();
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const list = useGet(
    '/pendampingan/periods/{periodId}/companions',
    periodId && desa ? { params: { path: { periodId: Number(periodId) }, query: { desa, missing: missing ? '1' : undefined } } } : null,
  );
  const canAssign = desa ? session.can('pendampingan.companion.assign', desa) : false;
  const staffOptions = (list.data?.staff ?? []).map((s) => ({ value: String(s.officialId), label: `${s.name} (${s.agencyName})` }));

  async function run(fn: () => Promise<unknown>, flag = false) {
    setError(null);
    setDone(false);
    try {
      await fn();
      setDone(flag);
      list.reload();
    } catch (e) {
      setError(e);
    }
  }
  if (!desa || !periodId) return <Text c="dimmed">{t('chooseDesa')}</Text>;
  const s = list.data?.summary;
  return (
    <Stack gap="sm">
      <ErrorAlert error={list.error ?? error} />
      {s && (
        <Alert color={s.withoutCompanion > 0 ? 'yellow' : 'green'} data-testid="companion-coverage">
          {t('coverage', { with: s.withCompanion, total: s.households, without: s.withoutCompanion })}
        </Alert>
      )}
      {list.data && list.data.staff.length === 0 && <Text c="dimmed">{t('noStaff')}</Text>}
      {done && <Alert color="green">{t('splitDone')}</Alert>}
      <Group justify="space-between">
        <Checkbox label={t('onlyMissing')} checked={missing} onChange={(e) => setMissing(e.currentTarget.checked)} />
        {canAssign && (
          <Button
            variant="light"
            disabled={!list.data?.staff.length}
            onClick={() =>
              run(
                () =>
                  apiPost('/pendampingan/periods/{periodId}/companions/split', {
                    params: { path: { periodId: Number(periodId) } },
                    body: { desaCode: desa, onlyMissing: true },
                  }),
                true,
              )
            }
          >
            {t('split')}
          </Button>
        )}
      </Group>
      <Card withBorder p={0}>
        <Table.ScrollContainer minWidth={560}>
          <Table striped fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('headName')}</Table.Th>
                <Table.Th>{t('dusunRt')}</Table.Th>
                <Table.Th>{t('companion')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data?.items.map((h) => (
                <Table.Tr key={h.householdId}>
                  <Table.Td>{h.headName}</Table.Td>
                  <Table.Td>{[h.dusun, h.rt && `RT ${h.rt}`].filter(Boolean).join(' / ') || '—'}</Table.Td>
                  <Table.Td>
                    {canAssign ? (
                      <Select
                        size="xs"
                        data={staffOptions}
                        value={h.companion?.active ? String(h.companion.officialId) : null}
                        placeholder={t('noCompanion')}
                        clearable
                        aria-label={t('assign')}
                        onChange={(v) =>
                          run(() =>
                            apiPut('/pendampingan/periods/{periodId}/companions', {
                              params: { path: { periodId: Number(periodId) } },
                              body: { desaCode: desa, householdIds: [h.householdId], officialId: v ? Number(v) : null },
                            }),
                          )
                        }
                      />
                    ) : h.companion ? (
                      <Text size="sm">{h.companion.name}</Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('noCompanion')}
                      </Text>
                    )}
                    {h.companion && !h.companion.active && (
                      <Badge color="gray" variant="light" tt="none" ml={4}>
                        {h.companion.name} · {t('ended')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
}
