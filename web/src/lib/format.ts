import { currentLanguage } from '../i18n';

const numberFormat = new Intl.NumberFormat('id-ID');

/** Numbers the Indonesian way (1.234.567), in both languages. */
export function formatNumber(n: number | null | undefined): string {
  return n == null ? '—' : numberFormat.format(n);
}

function locale(): string {
  return currentLanguage() === 'en' ? 'en-GB' : 'id-ID';
}

/** A calendar date ("1970-05-01", shown as is) or a moment (shown in local time). */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const dateOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleDateString(locale(), { day: 'numeric', month: 'short', year: 'numeric', ...(dateOnly ? { timeZone: 'UTC' } : {}) });
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleString(locale(), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
