import { Alert, Button, FileInput, Group, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import type { Schemas } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import './i18n';

type Preview = Schemas['BoundaryPreview'];
type Saved = Schemas['BoundarySaveResult'];

/**
 * Boundary upload in two steps: "Check" sends the file for a preview (nothing saved), the
 * reviewer picks a region for each ambiguous or unmatched feature (or leaves it out), then
 * "Save" sends the same file with the choices.
 */
export default function BoundaryUploadPage() {
  const { t } = useTranslation('maps');
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [level, setLevel] = useState<'desa' | 'kecamatan'>('desa');
  const [property, setProperty] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const formOf = (extra: Record<string, string>) => {
    const form = new FormData();
    form.append('level', level);
    if (property) form.append('property', property);
    for (const [k, v] of Object.entries(extra)) form.append(k, v);
    if (file) form.append('file', file, file.name);
    return form;
  };

  async function check(prop: string | null = property) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('level', level);
      if (prop) form.append('property', prop);
      form.append('file', file, file.name);
      const p = await api.post<Preview>('/maps/boundaries/preview', form);
      setPreview(p);
      setProperty(p.property);
      setChoices({});
    } catch (err) {
      setPreview(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<Saved>('/maps/boundaries', formOf({ assignments: JSON.stringify(choices) }));
      notifications.show({ color: 'teal', message: t('saved', { ...r }) });
      navigate(`/maps?level=${level}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const review = preview?.rows.filter((r) => r.status !== 'matched') ?? [];
  const toSave = preview ? preview.rows.filter((r) => (choices[String(r.index)] ?? r.regionCode ?? '') !== '').length : 0;
  const options = (row: Preview['rows'][number]) => {
    const seen = new Set(row.candidates.map((c) => c.code));
    const label = (c: { code: string; name: string; parentName: string }) =>
      `${c.name}${level === 'desa' ? ` (${c.parentName})` : ''} · ${c.code}`;
    return [
      { value: '', label: t('skip') },
      ...row.candidates.map((c) => ({ value: c.code, label: `★ ${label(c)}` })),
      ...(preview?.regions ?? []).filter((c) => !seen.has(c.code)).map((c) => ({ value: c.code, label: label(c) })),
    ];
  };

  return (
    <Stack gap="md" maw={960}>
      <Title order={1} size="h2">
        {t('upTitle')}
      </Title>
      <Text size="sm">{t('upIntro')}</Text>
      <Group align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label={t('level')}
          value={level}
          onChange={(v) => {
            setLevel(v as 'desa' | 'kecamatan');
            setPreview(null);
          }}
          data={[
            { value: 'desa', label: t('desa') },
            { value: 'kecamatan', label: t('kecamatan') },
          ]}
        />
        <FileInput
          label={t('file')}
          accept=".json,.geojson,.topojson,.zip,application/json,application/zip"
          value={file}
          onChange={(f) => {
            setFile(f);
            setPreview(null);
            setProperty(null);
          }}
          clearable
          w={360}
        />
        <Button variant="light" leftSection={<IconUpload size={16} />} onClick={() => check()} loading={busy} disabled={!file}>
          {t('preview')}
        </Button>
      </Group>
      <ErrorAlert error={error} />
      {preview && (
        <Stack gap="sm" data-testid="boundary-preview">
          <Alert color={preview.counts.ambiguous + preview.counts.unmatched > 0 ? 'yellow' : 'teal'}>
            <Text size="sm">
              {t('summary', {
                features: formatNumber(preview.features),
                format: preview.format,
                matched: preview.counts.matched,
                ambiguous: preview.counts.ambiguous,
                unmatched: preview.counts.unmatched,
                missing: preview.counts.regionsWithoutBoundary,
                regions: preview.counts.regions,
              })}
            </Text>
            <Text size="sm">
              {preview.stats.simplified
                ? t('simplified', {
                    before: formatNumber(preview.stats.pointsBefore),
                    after: formatNumber(preview.stats.pointsAfter),
                    ms: preview.stats.totalMs,
                  })
                : t('notSimplified', { after: formatNumber(preview.stats.pointsAfter), ms: preview.stats.totalMs })}
            </Text>
          </Alert>
          <Select
            label={t('property')}
            value={property}
            data={preview.properties}
            allowDeselect={false}
            onChange={(v) => {
              setProperty(v);
              void check(v);
            }}
            w={280}
          />
          <Title order={2} size="h4">
            {t('review')}
          </Title>
          {review.length === 0 ? (
            <Text size="sm">{t('allMatched')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table data-testid="boundary-review">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('feature')}</Table.Th>
                    <Table.Th>{t('value')}</Table.Th>
                    <Table.Th>{t('status')}</Table.Th>
                    <Table.Th>{t('choose')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {review.map((r) => (
                    <Table.Tr key={r.index}>
                      <Table.Td>{r.index + 1}</Table.Td>
                      <Table.Td>{r.value || '—'}</Table.Td>
                      <Table.Td>{r.status === 'ambiguous' ? t('statusAmbiguous') : t('statusUnmatched')}</Table.Td>
                      <Table.Td>
                        <Select
                          aria-label={`${t('choose')} ${r.value}`}
                          searchable
                          value={choices[String(r.index)] ?? ''}
                          data={options(r)}
                          onChange={(v) => setChoices((c) => ({ ...c, [String(r.index)]: v ?? '' }))}
                          w={320}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Group>
            <Button onClick={save} loading={busy} disabled={toSave === 0}>
              {t('save', { n: toSave })}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
