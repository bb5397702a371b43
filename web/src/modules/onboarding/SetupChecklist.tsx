import { Anchor, Badge, Group, Paper, Progress, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useGet } from '../../lib/api/client';
import { useSession } from '../auth/session';
import { NS } from './i18n';

/**
 * The admin's first-run checklist (GET /onboarding/checklist): regions, data, criteria,
 * penugasan, accounts, schedule, each ticked from the real tables and linked to its page.
 * Renders nothing for a user who may not read it, so it can be placed on any page.
 */
export function SetupChecklist() {
  const session = useSession();
  if (!session.can('onboarding.read')) return null;
  return <Checklist />;
}

function Checklist() {
  const { t } = useTranslation(NS);
  const list = useGet('/onboarding/checklist');
  const data = list.data;
  return (
    <Paper withBorder p="md" data-testid="setup-checklist">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('title')}
          </Title>
          {data && <Text size="sm">{t('progress', { done: data.done, total: data.total })}</Text>}
        </Group>
        <Text size="sm" c="dimmed">
          {t('intro')}
        </Text>
        <ErrorAlert error={list.error} />
        {data && <Progress value={(100 * data.done) / data.total} aria-label={t('progress', { done: data.done, total: data.total })} />}
        <Stack gap={6} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {data?.items.map((item) => (
            <Group key={item.step} component="li" gap="sm" wrap="nowrap" data-step={item.step} data-done={item.done}>
              <ThemeIcon color={item.done ? 'teal' : 'gray'} variant={item.done ? 'filled' : 'light'} radius="xl" size="sm">
                {item.done ? <IconCheck size={14} /> : <IconCircleDashed size={14} />}
              </ThemeIcon>
              <Stack gap={0} style={{ flex: 1 }}>
                <Anchor component={Link} to={item.link} fw={500}>
                  {t(`step.${item.step}`)}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {t(`detail.${item.step}`, { count: item.count, total: item.total ?? 0 })}
                </Text>
              </Stack>
              <Badge color={item.done ? 'teal' : 'gray'} variant="light">
                {item.done ? t('done') : t('todo')}
              </Badge>
            </Group>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}
