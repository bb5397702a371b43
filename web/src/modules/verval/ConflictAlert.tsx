import { Alert, Button, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import type { Verval } from './api';
import { display, type Form, fromVerval } from './form';
import { NS } from './i18n';
import './i18n-review';

export interface ConflictDetails {
  current: Verval | null;
  changedBy: { fullName: string } | null;
  changedAt: string | null;
}

/** Every part where the version being saved and the version now stored differ, as text. */
function differences(mine: Form, now: Form, t: (k: string) => string) {
  const show = (v: unknown) => display(v, t('yes'), t('no'));
  const rows: Array<{ what: string; yours: string; now: string }> = [];
  const add = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) rows.push({ what, yours: show(a), now: show(b) });
  };
  add(t('part.found'), mine.found, now.found);
  add(t('part.outcome'), mine.outcome && t(`outcome.${mine.outcome}`), now.outcome && t(`outcome.${now.outcome}`));
  add(t('reason'), mine.outcomeReason, now.outcomeReason);
  for (const f of new Set([...Object.keys(mine.updates), ...Object.keys(now.updates)])) {
    add(t(`field.${f}`), mine.updates[f as keyof Form['updates']], now.updates[f as keyof Form['updates']]);
  }
  for (const k of new Set([...Object.keys(mine.indicators), ...Object.keys(now.indicators)])) add(k, mine.indicators[k], now.indicators[k]);
  const members = (f: Form) => f.memberChanges.map((m) => (m.type === 'REMOVE' ? `− ${m.name ?? m.memberId}` : `+ ${m.name}`)).join(', ');
  add(t('part.members'), members(mine), members(now));
  add(t('part.photos'), mine.photos.length, now.photos.length);
  add(t('part.gps'), mine.gps && `${mine.gps.lat}, ${mine.gps.lon}`, now.gps && `${now.gps.lat}, ${now.gps.lon}`);
  add(t('part.note'), mine.note, now.note);
  return rows;
}

/** The 409 view: who changed the record when, and what differs between your version and theirs. */
export function ConflictAlert({ details, mine, onReload }: { details: ConflictDetails; mine: Form; onReload: () => void }) {
  const { t } = useTranslation(NS);
  const rows = differences(mine, fromVerval(details.current), (k) => t(k));
  const now = details.current;
  return (
    <Alert color="red" title={t('conflictTitle')} data-testid="verval-conflict" styles={{ body: { minWidth: 0 } }}>
      <Stack gap="xs" align="stretch">
        <Text>
          {t('conflict', {
            who: details.changedBy?.fullName ?? '?',
            when: details.changedAt ? formatDateTime(details.changedAt) : '?',
          })}
        </Text>
        {now && (
          <Text size="sm">
            {t('part.status')}: {t(`status.${now.status}`)}
          </Text>
        )}
        {rows.length === 0 ? (
          <Text size="sm">{t('conflictNone')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={0}>
            <Table fz="sm" layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('conflictColumns.what')}</Table.Th>
                  <Table.Th>{t('conflictColumns.yours')}</Table.Th>
                  <Table.Th>{t('conflictColumns.now')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.what}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.what}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.yours}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }} fw={600}>
                      {r.now}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Text size="sm">{t('conflictDiscardHint')}</Text>
        <Button onClick={onReload}>{t('conflictDiscard')}</Button>
      </Stack>
    </Alert>
  );
}
