import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { WorkItem } from './api';
import { NS } from './i18n';
import './i18n-fields';

const STATUS_COLOR = { DRAFT: 'gray', SUBMITTED: 'blue', APPROVED: 'green', RETURNED: 'orange' } as const;

/** One household of the worklist: name, visit state, target status and desil, flags, address. One large tap target. */
export function WorklistCard({ h, periodId }: { h: WorkItem; periodId: string }) {
  const { t } = useTranslation(NS);
  const extreme = h.targetStatus === 'MISKIN_EKSTREM';
  return (
    <Card
      component={Link}
      to={`/verval/${periodId}/${h.householdId}`}
      withBorder
      padding="md"
      radius="md"
      mih={72}
      aria-label={h.headName}
      data-testid="verval-card"
    >
      <Stack gap={4} miw={0}>
        <Text fw={700} size="lg" style={{ overflowWrap: 'anywhere' }}>
          {h.headName}
        </Text>
        <Group gap={6}>
          {h.verval && h.visited ? (
            <Badge color={STATUS_COLOR[h.verval.status]} size="lg" variant="light">
              {t(`status.${h.verval.status}`)}
            </Badge>
          ) : (
            <Badge color="red" size="lg" variant="outline">
              {t('notVisited')}
            </Badge>
          )}
          <Badge color={extreme ? 'red' : 'gray'} size="lg" variant={extreme ? 'filled' : 'light'} data-testid="verval-card-target">
            {extreme ? t('card.extreme') : t('card.notExtreme')}
          </Badge>
          <Badge color="gray" size="lg" variant="outline" data-testid="verval-card-desil">
            {h.desil === null ? t('card.noDesil') : t('card.desil', { n: h.desil })}
          </Badge>
        </Group>
        {h.possibleDuplicate && (
          <Badge color="grape" size="lg" variant="light" data-testid="verval-possible-duplicate">
            {h.possibleDuplicate.resolvedSame > 0 ? t('duplicateDecided') : t('possibleDuplicate')}
          </Badge>
        )}
        {h.verval?.reviewComment && (
          <Text size="sm" c="orange.8" fw={600}>
            {t('returned', { comment: h.verval.reviewComment })}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {[h.address, t('members', { n: h.memberCount })].filter(Boolean).join(' · ')}
        </Text>
      </Stack>
    </Card>
  );
}
