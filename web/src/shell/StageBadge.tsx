import { Badge, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useGet } from '../lib/api/client';
import { formatDate } from '../lib/format';
import { NS } from './stage-i18n';

/** Whole days from `from` to `to` (both yyyy-mm-dd). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The stage of the Gesek Ekstrem schedule under way today for the user's area, in the header:
 * name, dates and days left on wide screens, a compact badge (days left, then the name cut
 * to fit) on tablets and phones.
 * Nothing at all when no period or stage is running.
 */
export function StageBadge() {
  const { t } = useTranslation(NS);
  const { data } = useGet('/organisation/schedule/current');
  const item = data?.items.find((i) => i.current.length > 0);
  const stage = item?.current[0];
  if (!data || !item || !stage) return null;
  const days = daysBetween(data.date, stage.endDate);
  const left = days <= 0 ? t('lastDay') : t('daysLeft', { count: days });
  const full = t('headerStage', { name: stage.name, start: formatDate(stage.startDate), end: formatDate(stage.endDate), left });
  return (
    <Tooltip label={`${item.period.name} — ${full}`} multiline maw={320}>
      <span data-testid="header-stage" style={{ minWidth: 0, display: 'inline-flex' }}>
        <VisuallyHidden>{full}</VisuallyHidden>
        <Badge
          visibleFrom="lg"
          variant="light"
          color="teal"
          size="lg"
          leftSection={<IconCalendarEvent size={14} />}
          style={{ textTransform: 'none', maxWidth: 600 }}
          aria-hidden
          data-testid="header-stage-full"
        >
          {stage.name} · {formatDate(stage.startDate)}–{formatDate(stage.endDate)} · {left}
        </Badge>
        <Badge
          hiddenFrom="lg"
          variant="light"
          color="teal"
          size="sm"
          style={{ textTransform: 'none', maxWidth: '100%' }}
          aria-hidden
          data-testid="header-stage-compact"
        >
          {days <= 0 ? t('lastDay') : t('daysShort', { count: days })} · {stage.name}
        </Badge>
      </span>
    </Tooltip>
  );
}
