import { Code, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { formatDateTime } from '../../lib/format';

type AuditEntry = Schemas['AuditEntry'];

function json(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Audit entries, newest first; before/after shown compactly. */
export function AuditTable({ items }: { items: AuditEntry[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing="xs" fz="sm" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t('audit.at')}</Table.Th>
            <Table.Th>{t('audit.actor')}</Table.Th>
            <Table.Th>{t('audit.action')}</Table.Th>
            <Table.Th>{t('audit.entity')}</Table.Th>
            <Table.Th>{t('audit.region')}</Table.Th>
            <Table.Th>{t('audit.details')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td className="num">{a.id}</Table.Td>
              <Table.Td className="nowrap">{formatDateTime(a.at)}</Table.Td>
              <Table.Td>{a.actorName}</Table.Td>
              <Table.Td>
                <Code>{a.action}</Code>
              </Table.Td>
              <Table.Td className="nowrap">
                {a.entity}
                {a.entityId ? ` #${a.entityId}` : ''}
              </Table.Td>
              <Table.Td>{a.regionCode ?? ''}</Table.Td>
              <Table.Td maw={360}>
                {a.before !== null && a.before !== undefined && (
                  <Text size="xs" lineClamp={3} style={{ wordBreak: 'break-all' }}>
                    <b>{t('audit.before')}:</b> {json(a.before)}
                  </Text>
                )}
                {a.after !== null && a.after !== undefined && (
                  <Text size="xs" lineClamp={3} style={{ wordBreak: 'break-all' }}>
                    <b>{t('audit.after')}:</b> {json(a.after)}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
