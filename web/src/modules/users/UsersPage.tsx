import { ActionIcon, Badge, Button, Group, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPencil, IconPlus, IconSearch, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { RoleBadge } from '../../components/RoleBadge';
import { api, errorText } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import type { User } from '../../lib/types';
import { useSession } from '../auth/session';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFormModal } from './UserFormModal';

const PAGE_SIZE = 20;

export default function UsersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const list = useGet('/users', { params: { query: { q: q || undefined, page, pageSize: PAGE_SIZE } } });
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  async function setActive(u: User, active: boolean) {
    try {
      await api.patch<User>(`/users/${u.id}`, { active });
      notifications.show({ color: 'teal', message: t(active ? 'users.activated' : 'users.deactivated', { username: u.username }) });
      list.reload();
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    }
  }

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('users.title')}
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          {t('users.add')}
        </Button>
      </Group>
      <TextInput
        placeholder={t('users.searchPlaceholder')}
        aria-label={t('users.searchPlaceholder')}
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setPage(1);
        }}
        maw={420}
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="users-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('users.username')}</Table.Th>
              <Table.Th>{t('users.fullName')}</Table.Th>
              <Table.Th>{t('users.roles')}</Table.Th>
              <Table.Th>{t('users.status')}</Table.Th>
              <Table.Th>{t('users.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.map((u) => (
              <Table.Tr key={u.id} data-username={u.username}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {u.username}
                  </Text>
                </Table.Td>
                <Table.Td>{u.fullName}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {u.roles.map((g) => (
                      <RoleBadge key={`${g.role}-${g.regionCode}`} grant={g} />
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Badge color={u.active ? 'teal' : 'gray'} variant={u.active ? 'light' : 'outline'}>
                    {u.active ? t('users.active') : t('users.inactive')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Tooltip label={t('users.edit')}>
                      <ActionIcon variant="subtle" aria-label={t('users.edit')} onClick={() => setEditing(u)}>
                        <IconPencil size={18} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t('users.resetPassword')}>
                      <ActionIcon variant="subtle" color="orange" aria-label={t('users.resetPassword')} onClick={() => setResetting(u)}>
                        <IconKey size={18} />
                      </ActionIcon>
                    </Tooltip>
                    {u.id !== session.user?.id &&
                      (u.active ? (
                        <Tooltip label={t('users.deactivate')}>
                          <ActionIcon variant="subtle" color="red" aria-label={t('users.deactivate')} onClick={() => setActive(u, false)}>
                            <IconUserOff size={18} />
                          </ActionIcon>
                        </Tooltip>
                      ) : (
                        <Tooltip label={t('users.activate')}>
                          <ActionIcon variant="subtle" color="teal" aria-label={t('users.activate')} onClick={() => setActive(u, true)}>
                            <IconUserCheck size={18} />
                          </ActionIcon>
                        </Tooltip>
                      ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('users.empty')}</Text>}
      {list.data && <Pager total={list.data.total} page={page} pageSize={PAGE_SIZE} onPage={setPage} />}
      {editing !== null && (
        <UserFormModal
          key={editing === 'new' ? 'new' : editing.id}
          user={editing === 'new' ? null : editing}
          opened
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </Stack>
  );
}
