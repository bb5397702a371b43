import { hash } from 'node:crypto';

/** A text value for COPY … (format csv): always quoted, so an empty string differs from NULL (unquoted empty). */
export function csvText(s: string | null): string {
  if (s === null) return '';
  return s.includes('"') ? `"${s.replace(/"/g, '""')}"` : `"${s}"`;
}

export function csvBool(b: boolean | null): string {
  return b === null ? '' : b ? 't' : 'f';
}

export function csvNum(n: number | null): string {
  return n === null ? '' : String(n);
}

/** The fingerprint of a normalised record: equal fingerprints mean nothing to change. */
export function rowHash(line: string): string {
  return hash('md5', line, 'base64').slice(0, 22);
}
