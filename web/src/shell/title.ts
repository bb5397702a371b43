import { useEffect } from 'react';
import { NAV } from '../nav';
import './i18n';

/**
 * The browser tab's title of every page: "<page> — Sasmita". Detail pages have their own name
 * (first match wins); every other page takes its menu entry's label.
 */
const DETAIL: ReadonlyArray<[RegExp, string]> = [
  [/^\/households\/[^/]+$/, 'shell:household'],
  [/^\/verval\/review\/[^/]+\/[^/]+$/, 'shell:vervalReviewOne'],
  [/^\/verval\/review$/, 'shell:vervalReview'],
  [/^\/verval\/outbox$/, 'shell:outbox'],
  [/^\/verval\/[^/]+\/new$/, 'shell:vervalNew'],
  [/^\/verval\/[^/]+\/[^/]+$/, 'shell:vervalHousehold'],
  [/^\/musdes\/[^/]+$/, 'shell:meeting'],
  [/^\/matching\/candidates\/[^/]+$/, 'shell:candidate'],
  [/^\/matching\/lists\/[^/]+$/, 'shell:listRun'],
  [/^\/decree\/[^/]+$/, 'shell:decreeDetail'],
  [/^\/tickets\/[^/]+$/, 'shell:ticket'],
  [/^\/monitoring\/summary$/, 'shell:summary'],
  [/^\/login$/, 'shell:login'],
  [/^\/publik$/, 'shell:public'],
];

/** The i18n key of a path's title. */
export function titleKeyFor(pathname: string): string {
  for (const [re, key] of DETAIL) if (re.test(pathname)) return key;
  const entry = NAV.find((e) => (e.path === '/' ? pathname === '/' : pathname === e.path || pathname.startsWith(`${e.path}/`)));
  return entry?.labelKey ?? 'shell:notFound';
}

export function pageTitle(label: string): string {
  return `${label} — Sasmita`;
}

/** Sets document.title to "<label> — Sasmita" while the page is shown. */
export function useDocumentTitle(label: string | null): void {
  useEffect(() => {
    if (label) document.title = pageTitle(label);
  }, [label]);
}
