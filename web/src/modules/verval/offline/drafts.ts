import { type Draft, fieldChanged, fieldDb, hhKey } from './db';

/** Drafts: the household form as typed, kept on the phone at every change until it is queued. */

export async function loadDraft(periodId: number, householdId: number): Promise<Draft | undefined> {
  return (await fieldDb()).get('drafts', hhKey(periodId, householdId));
}

export async function saveDraft(d: Omit<Draft, 'key' | 'updatedAt'>): Promise<void> {
  await (await fieldDb()).put('drafts', { ...d, key: hhKey(d.periodId, d.householdId), updatedAt: new Date().toISOString() });
  fieldChanged();
}

export async function dropDraft(periodId: number, householdId: number): Promise<void> {
  await (await fieldDb()).delete('drafts', hhKey(periodId, householdId));
  fieldChanged();
}

/** Work not yet on the server: queued writes and drafts of this user. */
export async function unsentCount(userId: number): Promise<{ outbox: number; drafts: number }> {
  const db = await fieldDb();
  const [outbox, drafts] = await Promise.all([db.getAll('outbox'), db.getAll('drafts')]);
  return { outbox: outbox.filter((i) => i.userId === userId).length, drafts: drafts.filter((d) => d.userId === userId).length };
}
