import { Group, Pagination, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';

/** "123 data" and page buttons; hidden buttons when everything fits on one page. */
export function Pager({
  total,
  page,
  pageSize,
  onPage,
  countKey = 'app.total',
}: {
  total: number;
  page: number;
  pageSize: number;
  onPage(p: number): void;
  countKey?: string;
}) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Group justify="space-between" gap="xs">
      <Text size="sm" c="dimmed" data-testid="total-count">
        {t(countKey, { n: formatNumber(total) })}
      </Text>
      {pages > 1 && <Pagination total={pages} value={page} onChange={onPage} size="sm" siblings={1} boundaries={1} />}
    </Group>
  );
}
