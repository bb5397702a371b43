import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Modal,
  NavLink,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconKey, IconLogout } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LanguageToggle } from '../components/LanguageToggle';
import { errorText } from '../lib/api';
import { useSession } from '../modules/auth/session';
import { unsentCount } from '../modules/verval/offline/drafts';
import { OFFLINE_NS } from '../modules/verval/offline/i18n';
import { OutboxBadge } from '../modules/verval/offline/SyncAgent';
import { type NavEntry, visibleNav } from '../nav';
import { RouteErrorBoundary } from './RouteErrorBoundary';
import { StageBadge } from './StageBadge';
import { titleKeyFor, useDocumentTitle } from './title';

// Opened from the menu now and then: loaded when opened.
const ChangePasswordModal = lazy(() => import('../modules/auth/ChangePasswordModal').then((m) => ({ default: m.ChangePasswordModal })));

function isActive(entry: NavEntry, pathname: string): boolean {
  if (entry.path === '/') return pathname === '/';
  return pathname === entry.path || pathname.startsWith(`${entry.path}/`);
}

export function Shell() {
  const { t } = useTranslation();
  const session = useSession();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const [unsent, setUnsent] = useState(0);
  const entries = visibleNav(session.can);
  const kabupaten = session.meta?.kabupaten.name ?? '';
  useDocumentTitle(t(titleKeyFor(pathname)));

  const renderEntry = (e: NavEntry) => {
    const Icon = e.icon;
    if (e.available === false) {
      return (
        <NavLink
          key={e.path}
          label={t(e.labelKey)}
          leftSection={<Icon size={18} stroke={1.6} />}
          rightSection={
            <Badge size="xs" variant="light" color="gray">
              {t('app.comingSoon')}
            </Badge>
          }
          disabled
          aria-disabled="true"
        />
      );
    }
    return (
      <NavLink
        key={e.path}
        component={Link}
        to={e.path}
        label={t(e.labelKey)}
        leftSection={<Icon size={18} stroke={1.6} />}
        active={isActive(e, pathname)}
        onClick={close}
      />
    );
  };

  async function signOut() {
    setUnsent(0);
    try {
      await session.logout();
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    }
  }

  /** Work still on the device (queued or a draft) is named before signing out. */
  async function logout() {
    const n = session.user ? await unsentCount(session.user.id).catch(() => ({ outbox: 0, drafts: 0 })) : { outbox: 0, drafts: 0 };
    if (n.outbox + n.drafts > 0) setUnsent(n.outbox + n.drafts);
    else await signOut();
  }

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main-content">
        {t('shell:skipToContent')}
      </a>
      {changingPassword && (
        <Suspense fallback={null}>
          <ChangePasswordModal onClose={() => setChangingPassword(false)} />
        </Suspense>
      )}
      <Modal opened={unsent > 0} onClose={() => setUnsent(0)} title={t(`${OFFLINE_NS}:logoutTitle`)} centered>
        <Stack>
          <Text>{t(`${OFFLINE_NS}:logoutBody`, { n: unsent })}</Text>
          <Group grow>
            <Button color="red" onClick={signOut}>
              {t(`${OFFLINE_NS}:logoutYes`)}
            </Button>
            <Button variant="default" onClick={() => setUnsent(0)}>
              {t(`${OFFLINE_NS}:cancel`)}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" miw={0} style={{ flex: 1 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.menu')} />
            <Text fw={800} c="teal.8" size="lg" component={Link} to="/">
              {t('app.name')}
            </Text>
            <Text visibleFrom="sm" c="dimmed" size="sm" truncate data-testid="header-kabupaten">
              {kabupaten}
            </Text>
            <StageBadge />
            <OutboxBadge />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text visibleFrom="md" size="sm" fw={500} data-testid="header-user">
              {session.user?.fullName}
            </Text>
            <LanguageToggle onChange={session.setLanguage} />
            <ActionIcon
              visibleFrom="sm"
              variant="subtle"
              color="gray"
              aria-label={t('account.changePassword')}
              title={t('account.changePassword')}
              onClick={() => setChangingPassword(true)}
              data-testid="change-password"
            >
              <IconKey size={18} />
            </ActionIcon>
            <Button
              visibleFrom="sm"
              variant="subtle"
              size="compact-sm"
              color="gray"
              leftSection={<IconLogout size={16} />}
              onClick={logout}
            >
              {t('app.logout')}
            </Button>
            <ActionIcon hiddenFrom="sm" variant="subtle" color="gray" aria-label={t('app.logout')} onClick={logout}>
              <IconLogout size={18} />
            </ActionIcon>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('app.menu')}>
        <AppShell.Section hiddenFrom="sm" px="xs" pb="xs">
          <Text size="sm" fw={600}>
            {session.user?.fullName}
          </Text>
          <Text size="xs" c="dimmed">
            {kabupaten}
          </Text>
          <NavLink
            label={t('account.changePassword')}
            leftSection={<IconKey size={16} stroke={1.6} />}
            onClick={() => {
              close();
              setChangingPassword(true);
            }}
          />
          <Divider mt="xs" />
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>{entries.filter((e) => e.section === 'main').map(renderEntry)}</Stack>
          {entries.some((e) => e.section === 'admin') && (
            <>
              <Divider my="xs" />
              <Stack gap={2}>{entries.filter((e) => e.section === 'admin').map(renderEntry)}</Stack>
            </>
          )}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1}>
        <Suspense
          fallback={
            <Center p="xl">
              <Loader aria-label={t('app.loading')} />
            </Center>
          }
        >
          <RouteErrorBoundary resetKey={pathname}>
            <Outlet />
          </RouteErrorBoundary>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
