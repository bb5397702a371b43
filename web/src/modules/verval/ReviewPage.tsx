import { Alert, Anchor, Badge, Button, Group, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NetworkError, query } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { type HouseholdVerval, newKey, type ReviewQueue, sendWithRetry, type Verval } from './api';
import { NS } from './i18n';
import { RecordView } from './RecordView';
import './i18n-review';

/** The outcome contradicts the criteria class (same rule as the server: TETAP claims poor, MAMPU not poor). */
function differsFromSuggestion(v: Verval): boolean {
  if (!v.suggestedClass || (v.outcome !== 'TETAP' && v.outcome !== 'MAMPU')) return false;
  const poor = v.suggestedClass === 'MISKIN' || v.suggestedClass === 'MISKIN_EKSTREM';
  return (v.outcome === 'TETAP') !== poor;
}

/** Approving or returning needs the server (the decision is the kecamatan's, not queued on a phone). */
class ReviewNeedsNetwork extends Error {}

/**
 * A submitted verval for the reviewer: the criteria suggestion and whether the outcome differs,
 * then the record as the operator sees it read-only (RecordView: changes before → after, members,
 * photos, GPS, note); approve or return with a comment.
 */
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
  const act = async (action: 'approve' | 'return') => {
    if (!v) return;
    setError(null);
    // Reviewing is online-only: say so at once rather than retrying into the void.
    if (!navigator.onLine) {
      setError(new ReviewNeedsNetwork());
      return;
    }
    setBusy(true);
    try {
      const body = action === 'return' ? { baseVersion: v.version, comment: comment.trim() } : { baseVersion: v.version };
      await sendWithRetry<Verval>('POST', `/verval/${v.id}/${action}`, body, newKey(), () => undefined);
      setMessage(action === 'approve' ? t('review.approved') : t('review.returned'));
      setComment('');
      data.reload();
    } catch (err) {
      setError(err instanceof NetworkError ? new ReviewNeedsNetwork() : err);
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
          <RecordView h={h} v={v} />
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
          {error instanceof ReviewNeedsNetwork ? (
            <Alert color="orange" role="alert" data-testid="verval-review-offline">
              {t('review.needsNetwork')}
            </Alert>
          ) : (
            <ErrorAlert error={error} />
          )}
        </>
      )}
    </Stack>
  );
}
