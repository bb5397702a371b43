import { Alert, Anchor, Button, Card, Checkbox, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconFileSpreadsheet, IconFileTypePdf } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { API, query } from '../../lib/api';
import { useGet } from '../../lib/api/client';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { DiffSection } from './DiffSection';
import { NS } from './i18n';
import { TotalsTable } from './TotalsTable';
import type { DecreeDetail } from './types';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

/**
 * Where a PDF can be printed (streamed, any size): the whole kabupaten, a kecamatan, or one of
 * its desa (handy for printing one village). Values: '' | 'k:<code>' | 'd:<code>'.
 */
function pdfOptions(d: DecreeDetail, whole: string, wholeKecamatan: (name: string) => string) {
  const label = (name: string, n: number) => `${name} (${formatNumber(n)})`;
  return [
    { value: '', label: label(whole, d.totals.households) },
    ...d.totals.kecamatan.map((k) => ({
      group: k.name,
      items: [
        { value: `k:${k.code}`, label: label(wholeKecamatan(k.name), k.households) },
        ...k.desa.map((x) => ({ value: `d:${x.code}`, label: label(x.name, x.households) })),
      ],
    })),
  ];
}

function regionParam(value: string): { kecamatan?: string; desa?: string } {
  if (value.startsWith('k:')) return { kecamatan: value.slice(2) };
  if (value.startsWith('d:')) return { desa: value.slice(2) };
  return {};
}

export default function DecreeDetailPage() {
  const { t } = useTranslation(NS);
  const { id } = useParams();
  const { data: d, error, reload } = useGet('/decrees/{id}', { params: { path: { id: Number(id) } } });
  const [publicCopy, setPublicCopy] = useState(false);
  const [region, setRegion] = useState<string>('');
  const copy = publicCopy ? 'public' : undefined;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/decree" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('back')}
        </Group>
      </Anchor>
      <ErrorAlert error={error} onRetry={reload} />
      {d && (
        <>
          <Title order={1} size="h3" data-testid="decree-title">
            SK {d.number}
          </Title>
          <Text>{d.title}</Text>
          <Card withBorder>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
              <Fact label={t('date')}>{formatDate(d.decreeDate)}</Fact>
              <Fact label={t('signatory')}>
                {d.signatoryName}, {d.signatoryPosition}
              </Fact>
              <Fact label={t('finalised')}>
                {formatDateTime(d.finalisedAt)} {t('by')} {d.finalisedBy.name}
              </Fact>
              <Fact label={t('households')}>
                {formatNumber(d.householdCount)} ({formatNumber(d.memberCount)} {t('members').toLowerCase()})
              </Fact>
              <Fact label={t('previous')}>
                {d.previous ? (
                  <Anchor component={Link} to={`/decree/${d.previous.id}`}>
                    {d.previous.number}
                  </Anchor>
                ) : (
                  t('none')
                )}
              </Fact>
            </SimpleGrid>
            {d.override && (
              <Alert color="orange" mt="sm" title={t('overridden')}>
                {d.override.reason}
              </Alert>
            )}
          </Card>

          <Title order={2} size="h4">
            {t('downloads')}
          </Title>
          <Card withBorder>
            <Stack gap="sm">
              <Checkbox label={t('publicCopy')} checked={publicCopy} onChange={(e) => setPublicCopy(e.currentTarget.checked)} />
              <Group align="flex-end" wrap="wrap">
                <Button
                  component="a"
                  href={`${API}/decrees/${d.id}/lampiran.xlsx${query({ copy })}`}
                  download
                  variant="default"
                  leftSection={<IconFileSpreadsheet size={16} />}
                >
                  XLSX
                </Button>
                <Select
                  label={t('pdfRegion')}
                  data={pdfOptions(d, t('wholeKabupaten'), (name) => t('wholeKecamatan', { name }))}
                  value={region}
                  onChange={(v) => setRegion(v ?? '')}
                  allowDeselect={false}
                  w={320}
                  maw="100%"
                  searchable
                />
                <Button
                  component="a"
                  href={`${API}/decrees/${d.id}/lampiran.pdf${query({ copy, ...regionParam(region) })}`}
                  download
                  variant="default"
                  leftSection={<IconFileTypePdf size={16} />}
                >
                  PDF
                </Button>
              </Group>
            </Stack>
          </Card>

          <DiffSection decree={d} />

          <Title order={2} size="h4">
            {t('total')}
          </Title>
          <TotalsTable totals={d.totals} testId="decree-totals" />
        </>
      )}
    </Stack>
  );
}
