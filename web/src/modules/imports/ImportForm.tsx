import { Alert, Button, FileInput, Group, NativeSelect, Paper, SegmentedControl, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { IconTable, IconUpload } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { apiDelete, apiPost, type Schemas, useGet } from '../../lib/api/client';
import { NS } from './i18n';
import { MappingPanel, type Preview, type TemplateColumns } from './MappingPanel';

export type StartedImport = Schemas['ImportStarted'];

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Upload a P3KE pair (keluarga + anggota) or a DTKS export; answers with the started job. Files
 * with other column names go through a column mapping: a saved template, or one made in the
 * preview (MappingPanel) and saved under a name.
 */
export function ImportForm({ disabled, onStarted }: { disabled: boolean; onStarted(s: StartedImport): void }) {
  const { t } = useTranslation();
  const { t: tm } = useTranslation(NS);
  const [kind, setKind] = useState<'P3KE' | 'DTKS'>('P3KE');
  const templates = useGet('/imports/mapping-templates');
  const [templateKey, setTemplateKey] = useState('');
  /** The mapping the import reads the files through; null for the layout's own column names. */
  const [columns, setColumns] = useState<TemplateColumns | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [templateName, setTemplateName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [keluarga, setKeluarga] = useState<File | null>(null);
  const [anggota, setAnggota] = useState<File | null>(null);
  const [dtks, setDtks] = useState<File | null>(null);
  const [edition, setEdition] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ready = kind === 'P3KE' ? keluarga !== null && anggota !== null : dtks !== null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    const form = new FormData();
    // Fields before files: the server reads the multipart stream in order.
    form.append('kind', kind);
    if (edition.trim()) form.append('edition', edition.trim());
    if (columns) form.append('columns', JSON.stringify(columns));
    appendFiles(form);
    try {
      const started = await api.post<Schemas['ImportStarted']>('/imports', form);
      setKeluarga(null);
      setAnggota(null);
      setDtks(null);
      setPreview(null);
      onStarted(started);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function appendFiles(form: FormData) {
    if (kind === 'P3KE' && keluarga && anggota) {
      form.append('keluarga', keluarga, keluarga.name);
      form.append('anggota', anggota, anggota.name);
    } else if (kind === 'DTKS' && dtks) form.append('dtks', dtks, dtks.name);
  }

  /** The first rows and the importer's findings under the mapping chosen (the suggestion when none). */
  async function runPreview(using: TemplateColumns | null) {
    if (!ready) return;
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append('kind', kind);
    if (using) form.append('columns', JSON.stringify(using));
    appendFiles(form);
    try {
      const p = await api.post<Preview>('/imports/preview', form);
      setPreview(p);
      const used: TemplateColumns = {};
      for (const f of p.files) used[f.role] = f.columns;
      setColumns(used);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function saveTemplate() {
    if (!columns || !templateName.trim()) return;
    setError(null);
    try {
      const tpl = await apiPost('/imports/mapping-templates', { body: { name: templateName.trim(), kind, columns } });
      setSaved(tpl.name);
      setTemplateKey(String(tpl.id));
      templates.reload();
    } catch (err) {
      setError(err);
    }
  }

  async function deleteTemplate(id: number) {
    setError(null);
    try {
      await apiDelete('/imports/mapping-templates/{id}', { params: { path: { id } } });
      chooseTemplate('');
      templates.reload();
    } catch (err) {
      setError(err);
    }
  }

  const ofKind = (templates.data?.items ?? []).filter((x) => x.kind === kind);
  const chosen = ofKind.find((x) => String(x.id) === templateKey) ?? null;
  function chooseTemplate(key: string) {
    setTemplateKey(key);
    setSaved(null);
    setPreview(null);
    const tpl = ofKind.find((x) => String(x.id) === key);
    setColumns(tpl && !tpl.builtIn ? tpl.columns : null);
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('imports.newImport')}
          </Title>
          <ErrorAlert error={error} />
          <SegmentedControl
            aria-label={t('imports.kind')}
            value={kind}
            onChange={(v) => {
              setKind(v === 'DTKS' ? 'DTKS' : 'P3KE');
              setTemplateKey('');
              setColumns(null);
              setPreview(null);
            }}
            data={[
              { value: 'P3KE', label: 'P3KE' },
              { value: 'DTKS', label: 'DTKS' },
            ]}
            w="fit-content"
          />
          {kind === 'P3KE' ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <FileInput
                label={t('imports.keluargaFile')}
                placeholder={t('imports.filePlaceholder')}
                accept={ACCEPT}
                value={keluarga}
                onChange={setKeluarga}
                clearable
                required
                name="keluarga"
              />
              <FileInput
                label={t('imports.anggotaFile')}
                placeholder={t('imports.filePlaceholder')}
                accept={ACCEPT}
                value={anggota}
                onChange={setAnggota}
                clearable
                required
                name="anggota"
              />
            </SimpleGrid>
          ) : (
            <FileInput
              label={t('imports.dtksFile')}
              placeholder={t('imports.filePlaceholder')}
              accept={ACCEPT}
              value={dtks}
              onChange={setDtks}
              clearable
              required
              name="dtks"
            />
          )}
          <Group align="end" gap="sm">
            <NativeSelect
              label={tm('template')}
              description={tm('templateHint')}
              value={templateKey}
              onChange={(e) => chooseTemplate(e.currentTarget.value)}
              data={ofKind.map((x) => ({
                value: x.builtIn ? '' : String(x.id),
                label: x.builtIn ? `${x.name} (${tm('builtIn')})` : x.name,
              }))}
              maw={420}
              data-testid="mapping-template"
            />
            {chosen && !chosen.builtIn && chosen.id !== null && (
              <Button variant="subtle" color="red" size="xs" onClick={() => chosen.id !== null && deleteTemplate(chosen.id)}>
                {tm('deleteTemplate')}
              </Button>
            )}
            <Button
              variant="light"
              leftSection={<IconTable size={16} />}
              onClick={() => runPreview(columns)}
              disabled={!ready}
              loading={busy}
            >
              {tm('preview')}
            </Button>
          </Group>
          {preview && columns && (
            <>
              <MappingPanel preview={preview} columns={columns} onChange={setColumns} onRecheck={() => runPreview(columns)} busy={busy} />
              <Group align="end" gap="sm">
                <TextInput
                  label={tm('templateName')}
                  value={templateName}
                  onChange={(e) => setTemplateName(e.currentTarget.value)}
                  maw={320}
                />
                <Button variant="default" onClick={saveTemplate} disabled={!templateName.trim()}>
                  {tm('saveTemplate')}
                </Button>
              </Group>
              {saved && (
                <Alert color="green" py="xs">
                  {tm('templateSaved', { name: saved })}
                </Alert>
              )}
            </>
          )}
          {columns && !preview && <Alert py="xs">{tm('usingMapping')}</Alert>}
          <TextInput
            label={t('imports.edition')}
            placeholder={t('imports.editionPlaceholder')}
            value={edition}
            onChange={(e) => setEdition(e.currentTarget.value)}
            maw={320}
          />
          <Button
            type="submit"
            leftSection={<IconUpload size={16} />}
            loading={busy}
            disabled={disabled || !ready}
            w="fit-content"
            title={ready ? undefined : t('imports.chooseFiles')}
          >
            {t('imports.start')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
