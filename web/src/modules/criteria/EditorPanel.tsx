import { Alert, Button, Group, List, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChecks, IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { type Schemas, useGet } from '../../lib/api/client';
import { NS } from './i18n';
import type { CriteriaView, Problem } from './types';

type Outcome = { kind: 'valid' } | { kind: 'problems'; problems: Problem[]; refused?: boolean } | { kind: 'error'; error: unknown } | null;

/** Parse the editor text; a JSON syntax error becomes one problem at the document. */
function parse(text: string, notJson: (message: string) => string): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = notJson(e instanceof Error ? e.message : String(e));
    return { ok: false, problem: { path: '(dokumen)', message, messageEn: message } };
  }
}

/** The JSON editor of the admin: check a criteria set, save it as the next version of its code. */
export function EditorPanel({ text, onText, onSaved }: { text: string; onText: (t: string) => void; onSaved: (c: CriteriaView) => void }) {
  const { t } = useTranslation(NS);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'validate' | 'save' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const fields = useGet('/criteria/fields');
  const en = currentLanguage() === 'en';

  async function validate() {
    const p = parse(text, (message) => t('notJson', { message }));
    if (!p.ok) return setOutcome({ kind: 'problems', problems: [p.problem] });
    setBusy('validate');
    try {
      const r = await api.post<Schemas['CriteriaValidation']>('/criteria/validate', { definition: p.value });
      setOutcome(r.valid ? { kind: 'valid' } : { kind: 'problems', problems: r.problems });
    } catch (e) {
      setOutcome({ kind: 'error', error: e });
    } finally {
      setBusy(null);
    }
  }

  async function save() {
    const p = parse(text, (message) => t('notJson', { message }));
    if (!p.ok) return setOutcome({ kind: 'problems', problems: [p.problem] });
    setBusy('save');
    try {
      const saved = await api.post<CriteriaView>('/criteria', { definition: p.value, ...(note.trim() ? { note: note.trim() } : {}) });
      setOutcome(null);
      setNote('');
      notifications.show({ color: 'teal', message: t('saved', { code: saved.code, version: saved.version }) });
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CRITERIA_INVALID' && Array.isArray(e.details)) {
        setOutcome({ kind: 'problems', problems: e.details as Problem[], refused: true });
      } else setOutcome({ kind: 'error', error: e });
    } finally {
      setBusy(null);
    }
  }

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('editor')}
        </Title>
        {fields.data && (
          <Text size="xs" c="dimmed">
            {t('editorHelp', { fields: fields.data.fields.map((f) => f.name).join(', ') })}
          </Text>
        )}
        <Textarea
          aria-label={t('editor')}
          value={text}
          onChange={(e) => {
            onText(e.currentTarget.value);
            setOutcome(null);
          }}
          autosize
          minRows={14}
          maxRows={30}
          spellCheck={false}
          styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
          data-testid="criteria-editor"
        />
        <TextInput label={t('versionNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={2000} />
        <Group>
          <Button variant="light" leftSection={<IconChecks size={16} />} loading={busy === 'validate'} onClick={validate}>
            {t('validate')}
          </Button>
          <Button leftSection={<IconDeviceFloppy size={16} />} loading={busy === 'save'} onClick={save} disabled={!text.trim()}>
            {t('save')}
          </Button>
        </Group>
        {outcome?.kind === 'valid' && (
          <Alert color="teal" role="status">
            {t('valid')}
          </Alert>
        )}
        {outcome?.kind === 'problems' && (
          <Alert
            color="red"
            role="alert"
            title={t(outcome.refused ? 'problemsRefused' : 'problems', { n: outcome.problems.length })}
            data-testid="criteria-problems"
          >
            <List size="sm">
              {outcome.problems.map((p) => (
                <List.Item key={`${p.path}|${p.messageEn}`}>
                  <Text span ff="monospace" size="sm">
                    {p.path}
                  </Text>
                  : {en ? p.messageEn : p.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {outcome?.kind === 'error' && <ErrorAlert error={outcome.error} />}
      </Stack>
    </Paper>
  );
}
