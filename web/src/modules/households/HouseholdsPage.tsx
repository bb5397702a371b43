import { Anchor, Button, Card, Collapse, Group, Paper, Select, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedCallback, useMediaQuery } from '@mantine/hooks';
import { IconChevronDown, IconChevronUp, IconDownload, IconFilter, IconSearch, IconSelector } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { API, query } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatDate, formatNumber } from '../../lib/format';
import { AidBadges, StatusBadge } from './bits';
import { FilterPanel } from './FilterPanel';
import { activeFilterCount, apiFilters, filterParams, type HouseholdFilters, readFilters, SORT_KEYS, type SortKey } from './filters';

const PAGE_SIZE = 25;
const SORT_LABEL: Record<SortKey, string> = {
  desa: 'households.desa',
  headName: 'households.headName',
  desil: 'households.desil',
  updatedAt: 'households.updatedAt',
};

export default function HouseholdsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const from = location.pathname + location.search;
  const filters = useMemo(() => readFilters(params), [params]);
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [search, setSearch] = useState(filters.q);

  const update = (patch: Partial<HouseholdFilters>) => {
    const next = { ...filters, page: 1, ...patch };
    setParams(query(filterParams(next)).slice(1), { replace: true });
  };
  const pushSearch = useDebouncedCallback((q: string) => update({ q }), 350);

  const list = useGet('/households', { params: { query: { ...apiFilters(filters), page: filters.page, pageSize: PAGE_SIZE } } });
  const exportQuery = query(filterParams(filters, false));

  const sortBy = (key: SortKey) => update({ sort: key, order: filters.sort === key && filters.order === 'asc' ? 'desc' : 'asc' });
  const sortHeader = (key: SortKey, label: string) => {
    const Icon = filters.sort !== key ? IconSelector : filters.order === 'asc' ? IconChevronUp : IconChevronDown;
    return (
      <Table.Th aria-sort={filters.sort === key ? (filters.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <UnstyledButton onClick={() => sortBy(key)} fw={600} fz="sm" className="nowrap">
          <Group gap={4} wrap="nowrap">
            {label}
            <Icon size={14} />
          </Group>
        </UnstyledButton>
      </Table.Th>
    );
  };

  const items = list.data?.items ?? [];
  const nFilters = activeFilterCount(filters);

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="xs">
        <Title order={1} size="h2">
          {t('households.title')}
        </Title>
        <Group gap="xs">
          <Button
            component="a"
            href={`${API}/households/export.csv${exportQuery}`}
            download
            variant="default"
            size="xs"
            leftSection={<IconDownload size={14} />}
          >
            {t('households.exportCsv')}
          </Button>
          <Button
            component="a"
            href={`${API}/households/export.xlsx${exportQuery}`}
            download
            variant="default"
            size="xs"
            leftSection={<IconDownload size={14} />}
          >
            {t('households.exportXlsx')}
          </Button>
        </Group>
      </Group>

      <Paper withBorder p="sm">
        <Stack gap="sm">
          <Group gap="xs" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              placeholder={t('households.searchPlaceholder')}
              aria-label={t('households.searchPlaceholder')}
              leftSection={<IconSearch size={16} />}
              value={search}
              onChange={(e) => {
                setSearch(e.currentTarget.value);
                pushSearch(e.currentTarget.value);
              }}
            />
            {isPhone && (
              <Button
                variant={nFilters ? 'light' : 'default'}
                leftSection={<IconFilter size={16} />}
                onClick={() => setFiltersOpen((o) => !o)}
              >
                {t('households.filters')}
                {nFilters ? ` (${nFilters})` : ''}
              </Button>
            )}
          </Group>
          <Collapse expanded={!isPhone || filtersOpen}>
            <FilterPanel
              filters={filters}
              onChange={update}
              onReset={() => {
                setSearch('');
                setParams('', { replace: true });
              }}
            />
          </Collapse>
        </Stack>
      </Paper>

      <ErrorAlert error={list.error} onRetry={list.reload} />

      {isPhone ? (
        <Stack gap="xs" data-testid="household-cards">
          <Select
            label={t('households.sort')}
            data={SORT_KEYS.flatMap((k) =>
              (['asc', 'desc'] as const).map((o) => ({
                value: `${k}:${o}`,
                label: `${t(SORT_LABEL[k])} (${t(o === 'asc' ? 'households.sortAsc' : 'households.sortDesc')})`,
              })),
            )}
            value={`${filters.sort}:${filters.order}`}
            onChange={(v) => {
              const [sort, order] = (v ?? 'desa:asc').split(':') as [SortKey, 'asc' | 'desc'];
              update({ sort, order });
            }}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          {items.map((h) => (
            <Card key={h.id} withBorder padding="sm" component={Link} to={`/households/${h.id}`} state={{ from }}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Text fw={600} truncate>
                    {h.headName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {h.desaName}, {h.kecamatanName}
                  </Text>
                  <Text size="xs" className="num">
                    NIK {h.headNik ?? '—'}
                  </Text>
                </div>
                <StatusBadge status={h.targetStatus} />
              </Group>
              <Group gap="xs" mt={6}>
                <Text size="xs">
                  {t('households.desil')} {h.desil ?? '—'} · {formatNumber(h.memberCount)} {t('households.members').toLowerCase()}
                </Text>
                <AidBadges aid={h.aid} />
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={960}>
          <Table striped highlightOnHover verticalSpacing="xs" fz="sm" data-testid="households-table">
            <Table.Thead>
              <Table.Tr>
                {sortHeader('headName', t('households.headName'))}
                <Table.Th>
                  {t('households.nik')} / {t('households.kk')}
                </Table.Th>
                {sortHeader('desa', t('households.desa'))}
                {sortHeader('desil', t('households.desil'))}
                <Table.Th>
                  {t('households.status')} / {t('households.source')}
                </Table.Th>
                <Table.Th>{t('households.members')}</Table.Th>
                <Table.Th>{t('households.aid')}</Table.Th>
                {sortHeader('updatedAt', t('households.updatedAt'))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((h) => (
                <Table.Tr key={h.id}>
                  <Table.Td miw={190}>
                    <Anchor component={Link} to={`/households/${h.id}`} state={{ from }} fw={500} size="sm">
                      {h.headName}
                    </Anchor>
                    {h.address && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {h.address}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td className="num nowrap">
                    {h.headNik ?? '—'}
                    <Text size="xs" c="dimmed" className="num">
                      {h.kkNumber ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {h.desaName}
                    <Text size="xs" c="dimmed">
                      {h.kecamatanName}
                    </Text>
                  </Table.Td>
                  <Table.Td>{h.desil ?? '—'}</Table.Td>
                  <Table.Td className="nowrap">
                    <StatusBadge status={h.targetStatus} />
                    <Text size="xs" c="dimmed">
                      {h.source}
                    </Text>
                  </Table.Td>
                  <Table.Td className="num">{formatNumber(h.memberCount)}</Table.Td>
                  <Table.Td>
                    <AidBadges aid={h.aid} />
                  </Table.Td>
                  <Table.Td className="nowrap">{formatDate(h.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.data && items.length === 0 && <Text c="dimmed">{t('households.empty')}</Text>}
      {list.data && (
        <Pager
          total={list.data.total}
          page={filters.page}
          pageSize={PAGE_SIZE}
          onPage={(page) => update({ page })}
          countKey={list.data.totalApproximate ? 'households.foundApprox' : 'households.found'}
        />
      )}
    </Stack>
  );
}
