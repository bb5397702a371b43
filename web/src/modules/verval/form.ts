import type { EditableField, MemberChange, Outcome, Verval } from './api';

/** The state of the household form, and how it becomes the PUT body (the whole record). */
export interface Form {
  found: boolean | null;
  outcome: Outcome | null;
  outcomeReason: string;
  destinationDesaCode: string;
  /** PINDAH outside the kabupaten: the place in words (absent in drafts kept before it existed). */
  destinationPlace?: string;
  duplicateOf: string;
  note: string;
  photos: string[];
  gps: { lat: number; lon: number } | null;
  /** Corrected household fields (only those that differ from the registry). */
  updates: Partial<Record<EditableField, unknown>>;
  /** Corrected indicators. */
  indicators: Record<string, unknown>;
  memberChanges: MemberChange[];
}

export type FormPatch = (p: Partial<Form>) => void;

export function fromVerval(v: Verval | null): Form {
  const updates: Partial<Record<EditableField, unknown>> = {};
  const indicators: Record<string, unknown> = {};
  for (const [field, c] of Object.entries(v?.changes ?? {})) {
    if (field.startsWith('indicators.')) indicators[field.slice('indicators.'.length)] = c.after;
    else updates[field as EditableField] = c.after;
  }
  return {
    found: v?.found ?? null,
    outcome: v?.outcome ?? null,
    outcomeReason: v?.outcomeReason ?? '',
    destinationDesaCode: v?.destinationDesaCode ?? '',
    destinationPlace: v?.destinationPlace ?? '',
    duplicateOf: v?.duplicateOfHouseholdId ? String(v.duplicateOfHouseholdId) : '',
    note: v?.note ?? '',
    photos: v?.photos ?? [],
    gps: v?.gps ?? null,
    updates,
    indicators,
    memberChanges: v?.memberChanges ?? [],
  };
}

export function toBody(form: Form, v: Verval | null) {
  return {
    baseVersion: v?.version ?? 0,
    found: form.found,
    outcome: form.outcome,
    outcomeReason: form.outcomeReason || null,
    destinationDesaCode: form.outcome === 'PINDAH' ? form.destinationDesaCode || null : null,
    destinationPlace: form.outcome === 'PINDAH' ? form.destinationPlace?.trim() || null : null,
    duplicateOfHouseholdId: form.outcome === 'GANDA' && form.duplicateOf ? Number(form.duplicateOf) : null,
    note: form.note || null,
    photos: form.photos,
    gps: form.gps,
    updates: form.updates,
    indicators: form.indicators,
    memberChanges: form.memberChanges.map((m) => (m.type === 'REMOVE' ? { type: 'REMOVE', memberId: m.memberId, reason: m.reason } : m)),
  };
}

/** A value as the form shows it: empty for null, Ya/Tidak for booleans. */
export function display(v: unknown, yes: string, no: string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? yes : no;
  return String(v);
}
