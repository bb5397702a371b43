import { Card, Group, Stack, Text } from '@mantine/core';
import { formatNumber } from '../../lib/format';

const pctFormat = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** Percentages the Indonesian way: 84,97%. */
export const formatPct = (v: number | null | undefined) => (v == null ? '—' : `${pctFormat.format(v)}%`);

export function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

/** Horizontal bars in plain CSS: one row per item, widths relative to the largest; red = extreme poor. */
export function Bars({ items }: { items: { label: string; value: number; accent?: number }[] }) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <Stack gap={4} role="list">
      {items.map((i) => (
        <Group key={i.label} gap="xs" wrap="nowrap" role="listitem">
          <Text size="xs" w={90} ta="right">
            {i.label}
          </Text>
          <div style={{ flex: 1, background: 'var(--mantine-color-gray-1)', height: 14, position: 'relative' }}>
            <div style={{ width: `${(i.value / max) * 100}%`, background: 'var(--mantine-color-blue-4)', height: '100%' }} />
            {i.accent !== undefined && (
              <div
                style={{
                  width: `${(i.accent / max) * 100}%`,
                  background: 'var(--mantine-color-red-6)',
                  height: '100%',
                  position: 'absolute',
                  top: 0,
                }}
              />
            )}
          </div>
          <Text size="xs" w={70}>
            {formatNumber(i.value)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
