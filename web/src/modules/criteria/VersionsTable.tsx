import { ActionIcon, Badge, Button, Group, Modal, Table, Text, Tooltip } from '@mantine/core';
import { IconChartArrows, IconCircleCheck, IconEye, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { FNS } from './form-i18n';
import { NS } from './i18n';
import type { CriteriaStatus, CriteriaSummary } from './types';

const STATUS_COLOR: Record<CriteriaStatus, string> = { DRAFT: 'blue', ADOPTED: 'teal', ARCHIVED: 'gray' };

interface Props {
  items: CriteriaSummary[];
  isAdmin: boolean;
  onOpen: (c: CriteriaSummary) => void;
  /** Show the version's contents in words (every role). */
  onView: (c: CriteriaSummary) => void;
  onAdopt: (c: CriteriaSummary) => Promise<void>;
  onCompare: (c: CriteriaSummary) => void;
}

/** Every version of every criteria set, newest first per code, with what each role may do. */
export function VersionsTable({ items, isAdmin, onOpen, onView, onAdopt, onCompare }: Props) {
  const { t: tf } = useTranslation(FNS);
  const { t } = useTranslation(NS);
  const [confirm, setConfirm] = useState<CriteriaSummary | null>(null);
  const [adopting, setAdopting] = useState(false);
  return (
    <>
      <Table.ScrollContainer minWidth={820}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="criteria-versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('code')}</Table.Th>
              <Table.Th>{t('version')}</Table.Th>
              <Table.Th>{t('name')}</Table.Th>
              <Table.Th>{t('status')}</Table.Th>
              <Table.Th>{t('indicators')}</Table.Th>
              <Table.Th>{t('created')}</Table.Th>
              <Table.Th>{t('adopted')}</Table.Th>
              <Table.Th>{t('actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id} data-criteria-id={c.id}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {c.code}
                  </Text>
                </Table.Td>
                <Table.Td>v{c.version}</Table.Td>
                <Table.Td>
                  <Text size="sm">{c.title}</Text>
                  {c.note && (
                    <Text size="xs" c="dimmed">
                      {c.note}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge color={STATUS_COLOR[c.status]} variant="light" style={{ overflow: 'visible' }}>
                    {t(`statusLabel.${c.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{c.indicatorCount}</Table.Td>
                <Table.Td>
                  <Text size="xs">{formatDateTime(c.createdAt)}</Text>
                  <Text size="xs" c="dimmed">
                    {c.createdBy ?? t('system')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{formatDateTime(c.adoptedAt)}</Text>
                  {c.adoptedAt && (
                    <Text size="xs" c="dimmed">
                      {c.adoptedBy ?? t('system')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Tooltip label={tf('view')}>
                      <ActionIcon variant="subtle" aria-label={tf('view')} onClick={() => onView(c)}>
                        <IconEye size={18} />
                      </ActionIcon>
                    </Tooltip>
                    {isAdmin && (
                      <Tooltip label={t('open')}>
                        <ActionIcon variant="subtle" aria-label={t('open')} onClick={() => onOpen(c)}>
                          <IconPencil size={18} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    <Tooltip label={t('compare')}>
                      <ActionIcon variant="subtle" color="grape" aria-label={t('compare')} onClick={() => onCompare(c)}>
                        <IconChartArrows size={18} />
                      </ActionIcon>
                    </Tooltip>
                    {isAdmin && c.status === 'DRAFT' && (
                      <Tooltip label={t('adopt')}>
                        <ActionIcon variant="subtle" color="teal" aria-label={t('adopt')} onClick={() => setConfirm(c)}>
                          <IconCircleCheck size={18} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={confirm !== null} onClose={() => setConfirm(null)} title={t('adopt')}>
        {confirm && (
          <>
            <Text size="sm">{t('adoptConfirm', { code: confirm.code, version: confirm.version })}</Text>
            <Group justify="flex-end" mt="md">
              <Button variant="default" onClick={() => setConfirm(null)}>
                {t('cancel')}
              </Button>
              <Button
                color="teal"
                loading={adopting}
                onClick={async () => {
                  setAdopting(true);
                  try {
                    await onAdopt(confirm);
                    setConfirm(null);
                  } finally {
                    setAdopting(false);
                  }
                }}
              >
                {t('adopt')}
              </Button>
            </Group>
          </>
        )}
      </Modal>
    </>
  );
}
