import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useGet } from '../../lib/api/client';
import { formatDateTime, formatDay } from '../../lib/format';
import { type HouseholdVerval, mapUrl, type Verval, vervalPhotoUrl } from './api';
import { display } from './form';
import { NS } from './i18n';
import { PhotoGrid } from './PhotoGrid';
import { desaLabel, usePickLists } from './pickLists';
import './i18n-review';
import './i18n-fields';

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Stack gap="xs">
        <Title order={2} size="h3">
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

const fieldLabel = (t: (k: string) => string, field: string) =>
  field.startsWith('indicators.') ? `${t('indicatorsTitle')}: ${field.slice('indicators.'.length)}` : t(`field.${field}`);

/** The other household of a GANDA record, by name when the registry shows it to this user. */
function DuplicateName({ id }: { id: number }) {
  const { t } = useTranslation(NS);
  const other = useGet('/households/{id}', { params: { path: { id } } });
  const h = other.data?.household;
  return <Text>{h ? [h.headName, h.desaName].filter(Boolean).join(', ') : t('view.household', { id })}</Text>;
}

/**
 * A recorded verval, every part readable at once (no collapsed or disabled sections): who
 * submitted and reviewed it and when, the outcome and its details, corrections before → after,
 * members and their changes, photos, GPS and note. Shown once the record is submitted.
 */
export function RecordView({ h, v }: { h: HouseholdVerval; v: Verval }) {
  const { t } = useTranslation(NS);
  const lists = usePickLists();
  const yes = t('yes');
  const no = t('no');
  const words = { desa: t('pick.desaWord'), kelurahan: t('pick.kelurahanWord'), kec: t('pick.kecWord') };
  const dest = v.destinationDesaCode ? lists.data?.desa.find((d) => d.code === v.destinationDesaCode) : undefined;
  const who = (u: { fullName: string } | null) => u?.fullName ?? '—';
  return (
    <Stack gap="md" data-testid="verval-record-view">
      <Stack gap={2}>
        {v.submittedAt && <Text size="sm">{t('view.submittedBy', { who: who(v.submittedBy), when: formatDateTime(v.submittedAt) })}</Text>}
        {v.reviewedAt && v.reviewedBy && (
          <Text size="sm">{t('view.reviewedBy', { who: who(v.reviewedBy), when: formatDateTime(v.reviewedAt) })}</Text>
        )}
        <Text size="sm" c="dimmed">
          {t('view.updatedBy', { who: who(v.updatedBy), when: formatDateTime(v.updatedAt) })}
        </Text>
      </Stack>
      <Section title={t('sections.outcome')} testId="verval-view-outcome">
        <Group gap="xs">
          <Text fw={600}>{t('view.found')}:</Text>
          <Text>{display(v.found, yes, no)}</Text>
        </Group>
        <Group gap="xs">
          <Text fw={600}>{t('view.outcome')}:</Text>
          {v.outcome ? (
            <Badge size="lg" variant="light">
              {t(`outcome.${v.outcome}`)}
            </Badge>
          ) : (
            <Text>—</Text>
          )}
        </Group>
        {v.destinationDesaCode && (
          <Text>
            <b>{t('view.destination')}:</b> {dest ? desaLabel(dest, words) : v.destinationDesaCode}
          </Text>
        )}
        {v.destinationPlace && (
          <Text style={{ overflowWrap: 'anywhere' }} data-testid="verval-view-place">
            <b>{t('view.destination')}:</b> {t('pick.outside')} — {v.destinationPlace}
          </Text>
        )}
        {v.duplicateOfHouseholdId && (
          <Group gap="xs" align="flex-start">
            <Text fw={600}>{t('view.duplicateOf')}:</Text>
            <DuplicateName id={v.duplicateOfHouseholdId} />
          </Group>
        )}
        {v.outcomeReason && (
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            <b>{t('view.reason')}:</b> {v.outcomeReason}
          </Text>
        )}
      </Section>
      <Section title={t('sections.corrections')} testId="verval-view-changes">
        {Object.keys(v.changes).length === 0 ? (
          <Text c="dimmed">{t('review.noChanges')}</Text>
        ) : (
          <Table fz="sm" layout="fixed">
            <Table.Tbody>
              {Object.entries(v.changes).map(([field, c]) => (
                <Table.Tr key={field}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{fieldLabel(t, field)}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Text span c="dimmed" td="line-through">
                      {display(c.before, yes, no)}
                    </Text>{' '}
                    → <b>{display(c.after, yes, no)}</b>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Section title={t('sections.members')} testId="verval-view-members">
        {h.members.length === 0 && <Text c="dimmed">{t('noMembers')}</Text>}
        {h.members.map((m) => (
          <Text key={m.id} style={{ overflowWrap: 'anywhere' }}>
            {m.name}
            <Text span size="sm" c="dimmed">
              {[m.relationship, m.sex ? t(`sex.${m.sex}`) : null, m.birthDate && formatDay(m.birthDate)]
                .filter(Boolean)
                .map((x) => ` · ${x}`)
                .join('')}
            </Text>
          </Text>
        ))}
        {v.memberChanges.map((m, i) => (
          <Text key={`${m.type}-${i}`} c={m.type === 'REMOVE' ? 'red.8' : 'green.8'} style={{ overflowWrap: 'anywhere' }}>
            {m.type === 'REMOVE'
              ? `− ${m.name ?? h.members.find((x) => x.id === m.memberId)?.name ?? m.memberId}: ${t(`reasonOf.${m.reason}`)}`
              : `+ ${m.name} (${t(`addType.${m.type}`)})${[
                  m.sex && t(`sex.${m.sex}`),
                  m.birthDate && formatDay(m.birthDate),
                  m.relationship,
                ]
                  .filter(Boolean)
                  .map((x) => ` · ${x}`)
                  .join('')}`}
          </Text>
        ))}
      </Section>
      <Section title={t('sections.evidence')} testId="verval-view-evidence">
        {v.photos.length === 0 && <Text c="dimmed">{t('review.noPhotos')}</Text>}
        <PhotoGrid photos={v.photos} url={(sha, size) => vervalPhotoUrl(v.id, sha, size)} />
        {v.gps ? (
          <Text>
            {t('gpsValue', v.gps)}{' '}
            <Anchor href={mapUrl(v.gps)} target="_blank" rel="noopener noreferrer" data-testid="verval-map-link">
              {t('openMap')}
            </Anchor>
          </Text>
        ) : (
          <Text c="dimmed">{t('review.noGps')}</Text>
        )}
        {v.note && (
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            <b>{t('note')}:</b> {v.note}
          </Text>
        )}
      </Section>
    </Stack>
  );
}
