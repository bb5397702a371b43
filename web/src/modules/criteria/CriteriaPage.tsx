import { Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, errorText } from '../../lib/api';
import { apiGet, useGet } from '../../lib/api/client';
import { useSession } from '../auth/session';
import { CriteriaForm, Unparsable } from './CriteriaForm';
import { CriteriaReadable } from './CriteriaReadable';
import { EditorPanel } from './EditorPanel';
import { FNS } from './form-i18n';
import { NS } from './i18n';
import { emptyDoc, parseDoc, type RuleSetDoc } from './model';
import type { CriteriaSummary, CriteriaView } from './types';
import { VersionsTable } from './VersionsTable';
import { WhatIfPanel } from './WhatIfPanel';

/**
 * Kriteria: the versions of the criteria sets, their contents in words for every role, the
 * admin's form (with a live what-if) and JSON editor (check, save as a new version, adopt),
 * and the what-if every role can run over its own regions.
 */
export default function CriteriaPage() {
  const { t } = useTranslation(NS);
  const { t: tf } = useTranslation(FNS);
  const session = useSession();
  const isAdmin = session.can('criteria.manage');
  const list = useGet('/criteria');
  const fields = useGet('/criteria/fields');
  const [text, setText] = useState(() => JSON.stringify(emptyDoc(), null, 2));
  const [draftId, setDraftId] = useState<string | null>(null);
  const [viewed, setViewed] = useState<CriteriaView | null>(null);
  const [tab, setTab] = useState<string | null>('form');
  const items = list.data?.items ?? [];
  const doc = parseDoc(text);

  async function fetchVersion(c: CriteriaSummary): Promise<CriteriaView | null> {
    try {
      return await apiGet('/criteria/{id}', { params: { path: { id: c.id } } });
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
      return null;
    }
  }

  async function open(c: CriteriaSummary) {
    const full = await fetchVersion(c);
    if (full) setText(JSON.stringify(full.definition, null, 2));
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

  const onSaved = (c: CriteriaView) => {
    list.reload();
    setDraftId(String(c.id));
  };
  const viewedDoc = viewed ? parseDoc(JSON.stringify(viewed.definition)) : null;

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
        <Text c="dimmed">{isAdmin ? t('empty') : tf('emptyReadOnly')}</Text>
      ) : (
        <VersionsTable
          items={items}
          isAdmin={isAdmin}
          onOpen={open}
          onView={async (c) => setViewed(await fetchVersion(c))}
          onAdopt={adopt}
          onCompare={(c) => setDraftId(String(c.id))}
        />
      )}
      {viewed && viewedDoc && (
        <Stack gap={4}>
          <CriteriaReadable
            doc={viewedDoc}
            fields={fields.data?.fields ?? []}
            heading={tf('readableTitle', { code: viewed.code, version: viewed.version })}
          />
          <Group>
            <Button variant="subtle" size="xs" onClick={() => setViewed(null)}>
              {tf('close')}
            </Button>
          </Group>
        </Stack>
      )}
      {items.length > 0 && <WhatIfPanel versions={items} draftId={draftId} onDraftId={setDraftId} />}
      {isAdmin && (
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="form">{tf('tabForm')}</Tabs.Tab>
            <Tabs.Tab value="json">{tf('tabJson')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="form" pt="sm">
            <Stack gap="sm">
              {doc && fields.data ? (
                <CriteriaForm doc={doc} fields={fields.data.fields} onDoc={(d: RuleSetDoc) => setText(JSON.stringify(d, null, 2))} />
              ) : (
                fields.data && <Unparsable />
              )}
              <EditorPanel text={text} onText={setText} onSaved={onSaved} showText={false} />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="json" pt="sm">
            <EditorPanel text={text} onText={setText} onSaved={onSaved} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
