import { Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, errorText } from '../../lib/api';
import { apiGet, useGet } from '../../lib/api/client';
import { useSession } from '../auth/session';
import { EditorPanel } from './EditorPanel';
import { NS } from './i18n';
import type { CriteriaSummary, CriteriaView } from './types';
import { VersionsTable } from './VersionsTable';
import { WhatIfPanel } from './WhatIfPanel';

/**
 * Kriteria: the versions of the criteria sets, the admin's JSON editor (check, save as a new
 * version, adopt), and the what-if every role can run over its own regions.
 */
export default function CriteriaPage() {
  const { t } = useTranslation(NS);
  const session = useSession();
  const isAdmin = session.can('criteria.manage');
  const list = useGet('/criteria');
  const [text, setText] = useState('');
  const [draftId, setDraftId] = useState<string | null>(null);
  const items = list.data?.items ?? [];

  async function open(c: CriteriaSummary) {
    try {
      const full = await apiGet('/criteria/{id}', { params: { path: { id: c.id } } });
      setText(JSON.stringify(full.definition, null, 2));
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    }
  }

  async function adopt(c: CriteriaSummary) {
    try {
      const r = await api.post<CriteriaView>(`/criteria/${c.id}/adopt`);
      notifications.show({ color: 'teal', message: t('adoptDone', { code: r.code, version: r.version }) });
      list.reload();
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    }
  }

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('intro')}
      </Text>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Title order={2} size="h4">
        {t('versions')}
      </Title>
      {list.data && items.length === 0 ? (
        <Text c="dimmed">{t('empty')}</Text>
      ) : (
        <VersionsTable items={items} isAdmin={isAdmin} onOpen={open} onAdopt={adopt} onCompare={(c) => setDraftId(String(c.id))} />
      )}
      {items.length > 0 && <WhatIfPanel versions={items} draftId={draftId} onDraftId={setDraftId} />}
      {isAdmin && (
        <EditorPanel
          text={text}
          onText={setText}
          onSaved={(c) => {
            list.reload();
            setDraftId(String(c.id));
          }}
        />
      )}
    </Stack>
  );
}
