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

/**
 * A calendar date such as a birth date, written out the Indonesian way: "1990-07-26" →
 * "26 Juli 1990" ("26 July 1990" in English). Read in UTC so no time zone shifts the day.
 */
export function formatDay(value: string | null | undefined): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleDateString(locale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleString(locale(), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
