import { Alert, Paper, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiGet } from '../../lib/api/client';
import { formatNumber } from '../../lib/format';
import type { Job } from '../../lib/types';

function jobError(error: unknown): string | null {
  if (!error) return null;
  if (typeof error === 'string') return error;
  const e = error as { message?: string; messageEn?: string };
  return e.message ?? JSON.stringify(error);
}

/** Polls GET /jobs/:id every second and shows a live progress bar until the job ends. */
export function JobProgress({ jobId, onFinished }: { jobId: string | number; onFinished(job: Job): void }) {
  const { t } = useTranslation();
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const j = await apiGet('/jobs/{id}', { params: { path: { id: Number(jobId) } } });
        if (stopped) return;
        setJob(j);
        setError(null);
        if (j.status === 'DONE' || j.status === 'FAILED') {
          onFinished(j);
          return;
        }
      } catch (e) {
        if (stopped) return;
        setError(e);
      }
      timer = setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [jobId]);

  const pct = job?.total ? Math.min(100, (job.done / job.total) * 100) : null;
  const running = !job || job.status === 'RUNNING' || job.status === 'PENDING';
  return (
    <Paper withBorder p="md" data-testid="import-progress">
      <Stack gap="xs">
        <Text fw={600}>{running ? t('imports.running') : job?.status === 'FAILED' ? t('imports.failed') : t('imports.done')}</Text>
        <Progress
          value={pct ?? 100}
          animated={running}
          striped={running && pct === null}
          color={job?.status === 'FAILED' ? 'red' : 'teal'}
          size="lg"
          aria-label={t('imports.running')}
        />
        {job?.phase && <Text size="sm">{t('imports.phase', { phase: job.phase })}</Text>}
        {job && (
          <Text size="sm" c="dimmed" className="num">
            {job.total
              ? t('imports.progress', { done: formatNumber(job.done), total: formatNumber(job.total), pct: Math.floor(pct ?? 0) })
              : formatNumber(job.done)}
            {job.message ? ` · ${job.message}` : ''}
          </Text>
        )}
        {job?.status === 'FAILED' && <Alert color="red">{jobError(job.error) ?? t('imports.failed')}</Alert>}
        <ErrorAlert error={error} />
      </Stack>
    </Paper>
  );
}
