import type { TFunction } from 'i18next';

export const STATUSES = ['BARU', 'DIPROSES', 'SELESAI', 'DITOLAK'] as const;
export const CATEGORIES = ['INPUT', 'DATA', 'APLIKASI'] as const;

export interface Kendala {
  id: number;
  category: (typeof CATEGORIES)[number];
  title: string;
  description: string;
  status: (typeof STATUSES)[number];
  rejectionReason: string | null;
  kecamatanName: string | null;
  desaCode: string;
  desaName: string | null;
  reporter: { id: number; name: string };
  screenshot: { mime: string } | null;
  createdAt: string;
  responseSeconds: number | null;
  resolutionSeconds: number | null;
  commentCount: number;
}

export interface KendalaDetail extends Kendala {
  comments: { id: number; body: string; createdAt: string; author: { id: number; name: string } }[];
  /** The server's answer: pimpinan (read only) may not comment. */
  canComment: boolean;
}

export const STATUS_COLOR: Record<Kendala['status'], string> = { BARU: 'blue', DIPROSES: 'yellow', SELESAI: 'teal', DITOLAK: 'gray' };

/** A response/resolution time in minutes or hours. */
export function duration(t: TFunction<'kendala'>, seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3600) return t('minutes', { n: Math.round(seconds / 60) });
  return t('hours', { n: (seconds / 3600).toLocaleString('id-ID', { maximumFractionDigits: 1 }) });
}
