import { Anchor, Card, Group, List, Progress, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconChevronRight, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type Schemas, useGet } from '../../lib/api/client';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useSession } from '../auth/session';
import { formatPct, Stat } from '../monitoring/parts';
import { SetupChecklist } from '../onboarding';
import './i18n';

type Landing = Schemas['Landing'];

/** Each to-do: its count in the user's scope, as a link to where the work is done. */
function Todos({ todos }: { todos: Landing['todos'] }) {
  const { t } = useTranslation('landing');
  const open = todos.filter((x) => x.count > 0);
  if (open.length === 0) {
    return (
      <Group gap="xs" data-testid="no-todos">
        <ThemeIcon color="teal" variant="light">
          <IconCircleCheck size={18} />
        </ThemeIcon>
        <Text>{t('noTodos')}</Text>
      </Group>
    );
  }
  return (
    <Stack gap="xs" data-testid="todos">
      {open.map((x) => (
        <Card key={x.key} withBorder padding="sm" component={Link} to={x.link} data-testid={`todo-${x.key}`}>
          <Group justify="space-between" wrap="nowrap">
            <Group gap="xs" wrap="nowrap">
              <ThemeIcon color="orange" variant="light">
                <IconAlertTriangle size={18} />
              </ThemeIcon>
              <Text fw={600}>
                {t(`todo_${x.key}${x.count === 1 && x.key.startsWith('musdes') ? '_single' : ''}`, { formatted: formatNumber(x.count) })}
              </Text>
            </Group>
            <IconChevronRight size={18} />
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

export default function HomePage() {
  const { t } = useTranslation('landing');
  const { t: tc } = useTranslation();
  const { user } = useSession();
  const { data, error, reload } = useGet('/landing');
  if (!user) return null;
  const leader = data?.role === 'admin_kabupaten' || data?.role === 'pimpinan';

  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={1} size="h2">
          {tc('home.greeting', { name: user.fullName })}
        </Title>
        {data?.role && data.region && (
          <Text c="dimmed" size="sm" data-testid="landing-area">
            {t('roleArea', { role: tc(`roles.${data.role}`), area: data.region.name })}
          </Text>
        )}
      </div>
      <ErrorAlert error={error} onRetry={reload} />
      {data && !data.role && <Text c="dimmed">{t('noArea')}</Text>}

      {data?.role === 'admin_kabupaten' && (
        // The admin's first-run checklist: each step ticked from the real tables, linked to its page.
        <SetupChecklist />
      )}

      {data?.role && !leader && (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('todosTitle')}
          </Title>
          <Todos todos={data.todos} />
        </Card>
      )}

      {data?.figures && data.region && (
        <div>
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h4">
              {t('figuresTitle', { name: data.region.name })}
            </Title>
            <Group gap="md">
              <Anchor component={Link} to={`/monitoring?region=${data.region.code}`} size="sm">
                {t('openDashboard')}
              </Anchor>
              {leader && (
                <Anchor component={Link} to={`/monitoring/summary?region=${data.region.code}`} size="sm">
                  {t('openSummary')}
                </Anchor>
              )}
            </Group>
          </Group>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Stat label={t('households')} value={formatNumber(data.figures.households)} />
            <Stat label={t('extremeNow')} value={formatNumber(data.figures.extremeHouseholds)} testId="landing-extreme" />
            <Stat label={t('extremeBaseline')} value={formatNumber(data.figures.baselineExtremeHouseholds)} />
            {data.figures.extremeWithoutAid !== null ? (
              <Stat label={t('withoutAid')} value={formatNumber(data.figures.extremeWithoutAid)} />
            ) : (
              <Stat label={t('reduction')} value={formatPct(data.figures.reductionPct)} />
            )}
          </SimpleGrid>
          {data.figures.extremeWithoutAid !== null && (
            <Text size="sm" mt="xs">
              {t('reduction')}: <b data-testid="landing-reduction">{formatPct(data.figures.reductionPct)}</b>
            </Text>
          )}
        </div>
      )}

      {data?.verval && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder>
            <Title order={2} size="h5" mb="xs">
              {t('vervalTitle', { period: data.verval.period.name })}
            </Title>
            <Text size="sm">
              {t('visited')}: {formatNumber(data.verval.visited)} / {formatNumber(data.verval.households)} (
              {formatPct(data.verval.visitedPct)})
            </Text>
            <Progress value={data.verval.visitedPct ?? 0} mb="xs" aria-label={t('visited')} />
            <Text size="sm">
              {t('approved')}: {formatNumber(data.verval.approved)} ({formatPct(data.verval.approvedPct)})
            </Text>
            <Progress value={data.verval.approvedPct ?? 0} color="teal" aria-label={t('approved')} />
          </Card>
          {data.musdes && (
            <Card withBorder>
              <Title order={2} size="h5" mb="xs">
                {t('musdesTitle')}
              </Title>
              <Text size="sm">
                {t('musdesFinalised', { finalised: formatNumber(data.musdes.finalised), desa: formatNumber(data.musdes.desa) })}
              </Text>
              <Progress
                value={data.musdes.desa ? (data.musdes.finalised / data.musdes.desa) * 100 : 0}
                color="orange"
                aria-label={t('musdesTitle')}
              />
            </Card>
          )}
        </SimpleGrid>
      )}

      {data?.role && leader && data.todos.some((x) => x.count > 0) && (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('todosTitle')}
          </Title>
          <Todos todos={data.todos} />
        </Card>
      )}

      {data && (
        <Text size="xs" c="dimmed">
          {t('asOf', { time: formatDateTime(data.asOf) })}
        </Text>
      )}

      {user.roles.length > 0 && (
        <div>
          <Text size="sm" fw={600} mb={4}>
            {tc('home.yourRoles')}
          </Text>
          <List size="sm" spacing={2} data-testid="my-roles">
            {user.roles.map((g) => (
              <List.Item key={`${g.role}-${g.regionCode}`}>
                {tc(`roles.${g.role}`)} — {g.regionName ?? g.regionCode}{' '}
                <Text span c="dimmed" size="xs">
                  ({g.regionCode})
                </Text>
              </List.Item>
            ))}
          </List>
        </div>
      )}
    </Stack>
  );
}
