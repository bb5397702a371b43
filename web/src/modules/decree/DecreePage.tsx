import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconFileCertificate } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useGet } from '../../lib/api/client';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { useSession } from '../auth/session';
import { FinaliseModal } from './FinaliseModal';
import { NS } from './i18n';
import { TotalsTable } from './TotalsTable';

export default function DecreePage() {
  const { t } = useTranslation(NS);
  const session = useSession();
  const isAdmin = session.can('decree.issue');
  const [finalising, setFinalising] = useState(false);
  const list = useGet('/decrees');
  const draft = useGet('/decrees/draft');

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        {isAdmin && (
          <Button leftSection={<IconFileCertificate size={16} />} onClick={() => setFinalising(true)}>
            {t('finalise')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('intro')}
      </Text>

      <Title order={2} size="h4">
        {t('decrees')}
      </Title>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={320}>
          <Table striped data-testid="decree-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('number_')}</Table.Th>
                <Table.Th>{t('date')}</Table.Th>
                <Table.Th ta="right">{t('households')}</Table.Th>
                <Table.Th visibleFrom="sm">{t('finalised')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data?.items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/decree/${d.id}`}>
                      {d.number}
                    </Anchor>
                    {d.override && (
                      <Badge ml={6} size="xs" color="orange">
                        {t('overridden')}
                      </Badge>
                    )}
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {d.title}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatDate(d.decreeDate)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(d.householdCount)}</Table.Td>
                  <Table.Td visibleFrom="sm">
                    {formatDateTime(d.finalisedAt)} {t('by')} {d.finalisedBy.name}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {list.data && list.data.items.length === 0 && (
          <Text c="dimmed" p="md">
            {t('noDecrees')}
          </Text>
        )}
      </Card>

      <Title order={2} size="h4">
        {t('draft')}
      </Title>
      <ErrorAlert error={draft.error} onRetry={draft.reload} />
      {draft.data && <TotalsTable totals={draft.data.totals} testId="decree-draft" />}
      {isAdmin && (
        <FinaliseModal
          opened={finalising}
          onClose={() => {
            setFinalising(false);
            list.reload();
          }}
        />
      )}
    </Stack>
  );
}
