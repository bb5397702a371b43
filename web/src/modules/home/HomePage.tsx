import { Card, Group, List, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { visibleNav } from '../../nav';
import { useSession } from '../auth/session';

export default function HomePage() {
  const { t } = useTranslation();
  const { user, meta, can } = useSession();
  if (!user) return null;
  const shortcuts = visibleNav(can).filter((e) => e.path !== '/' && e.available !== false);

  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={1} size="h2">
          {t('home.greeting', { name: user.fullName })}
        </Title>
        <Text c="dimmed" size="sm">
          {t('home.username', { username: user.username })}
          {meta ? ` · ${meta.kabupaten.name}` : ''}
        </Text>
      </div>

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('home.yourRoles')}
        </Title>
        {user.roles.length === 0 ? (
          <Text c="dimmed">{t('home.noRoles')}</Text>
        ) : (
          <List spacing="xs" data-testid="my-roles">
            {user.roles.map((g) => (
              <List.Item key={`${g.role}-${g.regionCode}`}>
                <Text span fw={600}>
                  {t(`roles.${g.role}`)}
                </Text>{' '}
                — {g.regionName ?? g.regionCode}{' '}
                <Text span c="dimmed" size="xs">
                  ({g.regionCode})
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Card>

      {shortcuts.length > 0 && (
        <div>
          <Title order={2} size="h4" mb="sm">
            {t('home.shortcuts')}
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
            {shortcuts.map((e) => {
              const Icon = e.icon;
              return (
                <Card key={e.path} withBorder component={Link} to={e.path} padding="md">
                  <Group wrap="nowrap">
                    <ThemeIcon variant="light" size="lg">
                      <Icon size={20} />
                    </ThemeIcon>
                    <Text fw={600}>{t(e.labelKey)}</Text>
                  </Group>
                </Card>
              );
            })}
          </SimpleGrid>
        </div>
      )}
    </Stack>
  );
}
