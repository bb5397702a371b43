import type { TFunction } from 'i18next';
import type { Schemas } from '../../lib/api/client';

export const STATUSES = ['BARU', 'DIPROSES', 'SELESAI', 'DITOLAK'] as const;
export const CATEGORIES = ['INPUT', 'DATA', 'APLIKASI'] as const;

export type Kendala = Schemas['Kendala'];

export const STATUS_COLOR: Record<Kendala['status'], string> = { BARU: 'blue', DIPROSES: 'yellow', SELESAI: 'teal', DITOLAK: 'gray' };

/** A response/resolution time in minutes or hours. */
export function duration(t: TFunction<'kendala'>, seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3600) return t('minutes', { n: Math.round(seconds / 60) });
  return t('hours', { n: (seconds / 3600).toLocaleString('id-ID', { maximumFractionDigits: 1 }) });
}
