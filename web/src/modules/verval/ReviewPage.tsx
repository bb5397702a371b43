import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { query } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import { type HouseholdVerval, mapUrl, newKey, type ReviewQueue, sendWithRetry, type Verval, vervalPhotoUrl } from './api';
import { display } from './form';
import { NS } from './i18n';
import { PhotoGrid } from './PhotoGrid';
import './i18n-review';

/** The outcome contradicts the criteria class (same rule as the server: TETAP claims poor, MAMPU not poor). */
function differsFromSuggestion(v: Verval): boolean {
  if (!v.suggestedClass || (v.outcome !== 'TETAP' && v.outcome !== 'MAMPU')) return false;
  const poor = v.suggestedClass === 'MISKIN' || v.suggestedClass === 'MISKIN_EKSTREM';
  return (v.outcome === 'TETAP') !== poor;
}

/** Label of a changed field: a household field or an indicator ("indicators.x"). */
const fieldLabel = (t: (k: string) => string, field: string) =>
  field.startsWith('indicators.') ? `${t('indicatorsTitle')}: ${field.slice('indicators.'.length)}` : t(`field.${field}`);

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Title order={3}>{title}</Title>
        {children}
      </Stack>
    </Card>
  );
}

/** A submitted verval for the reviewer: every change before → after, members, photos, GPS, note; approve or return with a comment. */
export default function ReviewPage() {
  const { t } = useTranslation(NS);
  const { periodId, householdId } = useParams();
  const data = useApi<HouseholdVerval>(`/verval/periods/${periodId}/households/${householdId}`);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // "Next" opens another record on this same page: start it clean.
  useEffect(() => {
    setComment('');
    setMessage(null);
    setError(null);
  }, [householdId]);
  const h = data.data;
  const v = h?.verval ?? null;
  // The queue's filters, kept from the queue page: "next" is the next record of that same queue.
  const [params] = useSearchParams();
  const filters = query({ kecamatan: params.get('kecamatan'), desa: params.get('desa'), outcome: params.get('outcome') });
  const region = params.get('desa') ?? params.get('kecamatan');
  const next = useApi<ReviewQueue>(
    v?.submittedAt
      ? `/verval/periods/${periodId}/review${query({ region, outcome: params.get('outcome'), afterId: v.id, pageSize: 1 })}`
      : null,
  );
  const nextItem = next.data?.items[0];
  const yes = t('yes');
  const no = t('no');

  const act = async (action: 'approve' | 'return') => {
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const body = action === 'return' ? { baseVersion: v.version, comment: comment.trim() } : { baseVersion: v.version };
      await sendWithRetry<Verval>('POST', `/verval/${v.id}/${action}`, body, newKey(), () => undefined);
      setMessage(action === 'approve' ? t('review.approved') : t('review.returned'));
      setComment('');
      data.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md" maw={720}>
      <Group justify="space-between" gap="sm">
        <Anchor
          component={Link}
          to={`/verval/review${query({ period: periodId, kecamatan: params.get('kecamatan'), desa: params.get('desa'), outcome: params.get('outcome') })}`}
        >
          {t('review.back')}
        </Anchor>
        {nextItem ? (
          <Button
            component={Link}
            to={`/verval/review/${periodId}/${nextItem.householdId}${filters}`}
            variant="light"
            size="md"
            rightSection={<IconChevronRight size={18} />}
            data-testid="verval-review-next"
          >
            {t('review.next')}
          </Button>
        ) : (
          next.data && (
            <Text size="sm" c="dimmed">
              {t('review.noNext')}
            </Text>
          )
        )}
      </Group>
      <ErrorAlert error={data.error} />
      {message && (
        <Alert color="green" role="status">
          {message}
        </Alert>
      )}
      {h && v && (
        <>
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {h.headName}
          </Title>
          <Text>{h.desaName ?? h.desaCode}</Text>
          <Group gap="xs">
            <Badge size="lg">{t(`status.${v.status}`)}</Badge>
            {v.outcome && (
              <Badge size="lg" variant="light">
                {t(`outcome.${v.outcome}`)}
              </Badge>
            )}
          </Group>
          {v.submittedAt && (
            <Text size="sm" c="dimmed">
              {t('review.submittedBy', { who: v.submittedBy?.fullName ?? '?', when: formatDateTime(v.submittedAt) })}
            </Text>
          )}
          <Group gap="xs">
            <Text fw={600} c={v.suggestedClass ? undefined : 'dimmed'}>
              {v.suggestedClass ? t('suggestion', { label: t(`classLabel.${v.suggestedClass}`) }) : t('noSuggestion')}
            </Text>
            {differsFromSuggestion(v) && (
              <Badge size="lg" color="orange" variant="light" data-testid="verval-review-differs">
                {t('review.differs')}
              </Badge>
            )}
          </Group>
          {v.outcomeReason && (
            <Alert color={differsFromSuggestion(v) ? 'orange' : 'gray'} title={t('review.reason')} data-testid="verval-review-reason">
              {v.outcomeReason}
            </Alert>
          )}
          {v.destinationDesaCode && <Text>{t('review.destination', { code: v.destinationDesaCode })}</Text>}
          {v.duplicateOfHouseholdId && <Text>{t('review.duplicateOf', { id: v.duplicateOfHouseholdId })}</Text>}
          <Section title={t('review.changes')}>
            {Object.keys(v.changes).length === 0 ? (
              <Text c="dimmed">{t('review.noChanges')}</Text>
            ) : (
              <Table fz="sm" layout="fixed" data-testid="verval-review-changes">
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
          <Section title={t('review.memberChanges')}>
            {v.memberChanges.length === 0 && <Text c="dimmed">{t('review.noChanges')}</Text>}
            {v.memberChanges.map((m, i) => (
              <Text key={`${m.type}-${i}`} c={m.type === 'REMOVE' ? 'red.8' : 'green.8'} style={{ overflowWrap: 'anywhere' }}>
                {m.type === 'REMOVE'
                  ? `− ${m.name ?? m.memberId}: ${t(`reasonOf.${m.reason}`)}`
                  : `+ ${m.name} (${t(`addType.${m.type}`)})${[m.sex && t(`sex.${m.sex}`), m.birthDate, m.relationship]
                      .filter(Boolean)
                      .map((x) => ` · ${x}`)
                      .join('')}`}
              </Text>
            ))}
          </Section>
          <Section title={t('review.photos')}>
            {v.photos.length === 0 && <Text c="dimmed">{t('review.noPhotos')}</Text>}
            <PhotoGrid photos={v.photos} url={(sha, size) => vervalPhotoUrl(v.id, sha, size)} />
          </Section>
          <Section title={t('review.gps')}>
            {v.gps ? (
              <Group gap="sm">
                <Text>{t('gpsValue', v.gps)}</Text>
                <Anchor href={mapUrl(v.gps)} target="_blank" rel="noopener noreferrer" data-testid="verval-map-link">
                  {t('openMap')}
                </Anchor>
              </Group>
            ) : (
              <Text c="dimmed">{t('review.noGps')}</Text>
            )}
          </Section>
          {v.note && (
            <Section title={t('review.note')}>
              <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{v.note}</Text>
            </Section>
          )}
          {v.status === 'SUBMITTED' ? (
            <Stack gap="sm">
              <Textarea
                size="md"
                label={t('review.comment')}
                autosize
                minRows={2}
                value={comment}
                onChange={(e) => setComment(e.currentTarget.value)}
              />
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <Button size="lg" color="orange" variant="light" disabled={busy || !comment.trim()} onClick={() => act('return')}>
                  {t('review.return')}
                </Button>
                <Button size="lg" color="green" disabled={busy} onClick={() => act('approve')}>
                  {t('review.approve')}
                </Button>
              </SimpleGrid>
            </Stack>
          ) : (
            <Alert>{t('review.notSubmitted', { status: t(`status.${v.status}`) })}</Alert>
          )}
          <ErrorAlert error={error} />
        </>
      )}
    </Stack>
  );
}
