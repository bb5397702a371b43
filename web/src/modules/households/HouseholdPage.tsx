import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useGet } from '../../lib/api/client';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { AID_KEYS, type Household } from '../../lib/types';
import { AuditTable } from '../audit/AuditTable';
import { NS as MUSDES_NS } from '../musdes/i18n';
import { AidBadges, StatusBadge } from './bits';

const IDENTITY = [
  'headName',
  'headNik',
  'kkNumber',
  'headSex',
  'headBirthDate',
  'headOccupation',
  'headEducation',
  'address',
  'desaName',
  'kecamatanName',
  'desil',
  'memberCount',
  'padanDukcapil',
  'source',
  'sourceId',
  'edition',
  'dataYear',
  'updatedAt',
] as const;
const HOUSING = [
  'houseOwnership',
  'roofType',
  'wallType',
  'floorType',
  'lighting',
  'cookingFuel',
  'drinkingWater',
  'toilet',
  'hasSavings',
  'stuntingRisk',
] as const;
const MEMBER_COLUMNS = ['name', 'nik', 'sex', 'relationship', 'birthDate', 'age', 'maritalStatus', 'occupation', 'education'] as const;
const DATE_FIELDS = new Set(['headBirthDate', 'birthDate']);

function useShow() {
  const { t } = useTranslation();
  return (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? t('app.yes') : t('app.no');
    if (typeof v === 'number') return key === 'dataYear' ? String(v) : formatNumber(v);
    if (DATE_FIELDS.has(key)) return formatDate(String(v));
    if (key === 'updatedAt') return formatDateTime(String(v));
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  };
}

function Fields({ h, keys }: { h: Household; keys: readonly (keyof Household)[] }) {
  const { t } = useTranslation();
  const show = useShow();
  return (
    <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
      {keys
        .filter((k) => k in h)
        .map((k) => (
          <div key={k}>
            <Text size="xs" c="dimmed">
              {t(`household.field.${k}`)}
            </Text>
            <Text size="sm" className="num" data-field={k}>
              {show(k, h[k])}
            </Text>
          </div>
        ))}
    </SimpleGrid>
  );
}

/** `{field: {from, to}}`, `{field: [from, to]}` or `{field: value}` → "field: from → to". */
function changeLines(changes: Record<string, unknown>, label: (key: string) => string): string[] {
  return Object.entries(changes).map(([key, v]) => {
    const k = label(key);
    if (Array.isArray(v) && v.length === 2) return `${k}: ${String(v[0] ?? '—')} → ${String(v[1] ?? '—')}`;
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const from = o.from ?? o.before ?? o.old;
      const to = o.to ?? o.after ?? o.new;
      if (from !== undefined || to !== undefined) return `${k}: ${String(from ?? '—')} → ${String(to ?? '—')}`;
      return `${k}: ${JSON.stringify(v)}`;
    }
    return `${k}: ${String(v ?? '—')}`;
  });
}

export default function HouseholdPage() {
  const { t } = useTranslation();
  const { t: tm } = useTranslation(MUSDES_NS);
  const { id } = useParams();
  const location = useLocation();
  const show = useShow();
  const fieldLabel = (key: string) => {
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    return t(`household.field.${camel}`, { defaultValue: key });
  };
  const detail = useGet('/households/{id}', { params: { path: { id: Number(id) } } });
  const backTo = (location.state as { from?: string } | null)?.from ?? '/households';

  const back = (
    <Anchor component={Link} to={backTo} size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('household.back')}
      </Group>
    </Anchor>
  );
  if (detail.error) {
    return (
      <Stack>
        {back}
        <ErrorAlert error={detail.error} />
      </Stack>
    );
  }
  if (!detail.data) return back;
  const { household: h, members, history, audit } = detail.data;
  const indicators = (h.indicators && typeof h.indicators === 'object' ? h.indicators : {}) as Record<string, unknown>;
  const aid = h.aid;

  return (
    <Stack gap="md" maw={1200}>
      {back}
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {h.headName}
          </Title>
          <Text c="dimmed" size="sm">
            {h.desaName}, {h.kecamatanName}
          </Text>
        </div>
        <Group gap="xs">
          <StatusBadge status={h.targetStatus} />
          {typeof h.endedReason === 'string' && (
            <Badge color="dark" tt="none" data-testid="household-ended">
              {tm(`ended.${h.endedReason}`)}
            </Badge>
          )}
          {h.desil != null && (
            <Badge variant="outline" tt="none">
              {t('households.desil')} {h.desil}
            </Badge>
          )}
          <Badge variant="outline" color="gray" tt="none">
            {h.source}
          </Badge>
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('household.identity')}
          </Title>
          <Fields h={h} keys={IDENTITY} />
        </Card>
        <Stack gap="md">
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              {t('household.aidFlags')}
            </Title>
            {AID_KEYS.some((k) => aid[k]) ? <AidBadges aid={aid} /> : <Text size="sm">{t('households.noAid')}</Text>}
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              {t('household.housing')}
            </Title>
            <Fields h={h} keys={HOUSING} />
          </Card>
          {Object.keys(indicators).length > 0 && (
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                {t('household.indicators')}
              </Title>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" verticalSpacing={6}>
                {Object.entries(indicators).map(([k, v]) => (
                  <div key={k}>
                    <Text size="xs" c="dimmed">
                      {k.replaceAll('_', ' ')}
                    </Text>
                    <Text size="sm">{show(k, v)}</Text>
                  </div>
                ))}
              </SimpleGrid>
            </Card>
          )}
        </Stack>
      </SimpleGrid>

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('household.membersTitle')} ({formatNumber(members.length)})
        </Title>
        {members.length === 0 ? (
          <Text c="dimmed">{t('household.noMembers')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={800}>
            <Table striped fz="sm" data-testid="members-table">
              <Table.Thead>
                <Table.Tr>
                  {MEMBER_COLUMNS.map((c) => (
                    <Table.Th key={c}>{t(`household.member.${c}`)}</Table.Th>
                  ))}
                  <Table.Th>{t('households.aid')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.map((m) => (
                  <Table.Tr key={m.id}>
                    {MEMBER_COLUMNS.map((c) => (
                      <Table.Td key={c} className={c === 'nik' ? 'num nowrap' : undefined}>
                        {show(c, m[c])}
                      </Table.Td>
                    ))}
                    <Table.Td>
                      <AidBadges aid={m.aid} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('household.history')}
        </Title>
        {history.length === 0 ? (
          <Text c="dimmed">{t('household.noHistory')}</Text>
        ) : (
          <Timeline bulletSize={14} lineWidth={2} data-testid="history">
            {history.map((e) => (
              <Timeline.Item
                key={e.id}
                title={
                  <Text size="sm" fw={600}>
                    {formatDateTime(e.changedAt)}
                    {e.importId != null ? ` · ${t('household.fromImport', { id: e.importId })}` : ''}
                    {e.changedByName ? ` · ${t('household.changedBy', { name: e.changedByName })}` : ''}
                  </Text>
                }
              >
                {changeLines(e.changes ?? {}, fieldLabel).map((line) => (
                  <Text key={line} size="xs" style={{ wordBreak: 'break-word' }}>
                    {line}
                  </Text>
                ))}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('household.audit')}
        </Title>
        {audit.length === 0 ? <Text c="dimmed">{t('household.noAudit')}</Text> : <AuditTable items={audit} />}
      </Card>
    </Stack>
  );
}
