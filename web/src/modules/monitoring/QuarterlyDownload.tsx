import { Button, Card, Group, Select, Title } from '@mantine/core';
import { IconFileSpreadsheet, IconFileTypePdf } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, query } from '../../lib/api';

const QUARTERS = ['I', 'II', 'III', 'IV'];

/** Today's year and quarter in WIB. */
function currentQuarter(): { year: number; quarter: number } {
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString();
  return { year: Number(today.slice(0, 4)), quarter: Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1 };
}

/** Laporan triwulan to the province (kabupaten-wide readers): pick a quarter, download XLSX or PDF. */
export function QuarterlyDownload() {
  const { t } = useTranslation('monitoring');
  const now = currentQuarter();
  const [year, setYear] = useState(String(now.year));
  const [quarter, setQuarter] = useState(String(now.quarter));
  const years = Array.from({ length: 6 }, (_, i) => String(now.year - i));
  const quarters = QUARTERS.map((q, i) => ({ value: String(i + 1), label: `${t('quarter')} ${q}` })).filter(
    (q) => Number(year) < now.year || Number(q.value) <= now.quarter,
  );
  const q = query({ year, quarter });
  return (
    <Card withBorder data-testid="quarterly">
      <Title order={2} size="h4" mb="sm">
        {t('quarterly')}
      </Title>
      <Group align="flex-end" gap="xs">
        <Select
          label={t('year')}
          data={years}
          value={year}
          onChange={(v) => {
            setYear(v ?? year);
            if (Number(v) === now.year && Number(quarter) > now.quarter) setQuarter(String(now.quarter));
          }}
          allowDeselect={false}
          w={110}
        />
        <Select
          label={t('quarter')}
          data={quarters}
          value={quarter}
          onChange={(v) => setQuarter(v ?? quarter)}
          allowDeselect={false}
          w={150}
        />
        <Button
          component="a"
          download
          variant="default"
          href={`${API}/monitoring/quarterly.xlsx${q}`}
          leftSection={<IconFileSpreadsheet size={16} />}
        >
          XLSX
        </Button>
        <Button
          component="a"
          download
          variant="default"
          href={`${API}/monitoring/quarterly.pdf${q}`}
          leftSection={<IconFileTypePdf size={16} />}
        >
          PDF
        </Button>
      </Group>
    </Card>
  );
}
