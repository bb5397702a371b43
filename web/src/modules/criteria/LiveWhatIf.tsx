import { Alert, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError } from '../../lib/api';
import { apiPost, type Schemas } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import { FNS } from './form-i18n';
import { NS } from './i18n';
import type { RuleSetDoc } from './model';
import { CLASS_LABELS } from './types';

type Live = Schemas['CriteriaDraftWhatIf'];

/** The what-if of the set being edited, counted again (debounced) whenever the form changes. */
export function LiveWhatIf({ doc }: { doc: RuleSetDoc }) {
  const { t } = useTranslation(FNS);
  const { t: tc } = useTranslation(NS);
  const [result, setResult] = useState<Live | null>(null);
  const [invalid, setInvalid] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(doc);

  useEffect(() => {
    let stale = false;
    const timer = setTimeout(async () => {
      setBusy(true);
      try {
        const r = await apiPost('/criteria/what-if', { body: { definition: JSON.parse(key) } });
        if (stale) return;
        setResult(r);
        setInvalid(null);
        setError(null);
      } catch (e) {
        if (stale) return;
        if (e instanceof ApiError && e.code === 'CRITERIA_INVALID' && Array.isArray(e.details)) setInvalid(e.details.length);
        else setError(e);
      } finally {
        if (!stale) setBusy(false);
      }
    }, 600);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [key]);

  return (
    <Paper withBorder p="md" data-testid="live-what-if">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {t('liveWhatIf')}
          </Title>
          {busy && (
            <Text size="xs" c="dimmed">
              {t('liveCounting')}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {t('liveWhatIfHelp')}
        </Text>
        <ErrorAlert error={error} />
        {invalid !== null && <Alert color="yellow">{t('liveInvalid', { n: invalid })}</Alert>}
        {result && invalid === null && (
          <>
            {!result.baseline && <Text size="sm">{t('liveNoBaseline')}</Text>}
            <Table fz="sm" withTableBorder maw={520}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  {result.before && <Table.Th>{tc('before')}</Table.Th>}
                  <Table.Th>{tc('after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {CLASS_LABELS.map((l) => (
                  <Table.Tr key={l} data-class={l}>
                    <Table.Td>{tc(`classLabel.${l}`)}</Table.Td>
                    {result.before && <Table.Td>{formatNumber(result.before[l])}</Table.Td>}
                    <Table.Td data-testid={`live-after-${l}`}>{formatNumber(result.after[l])}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="sm" data-testid="live-changed">
              {t('households', { n: formatNumber(result.households) })} · {t('changed', { n: formatNumber(result.changed) })}
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}
