import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * The admin's first-run checklist (issue 25): what a kabupaten does before its first verval,
 * each step ticked from the real tables (nothing is ticked by hand), with the page to do it on.
 */

export const CHECKLIST_STEPS = ['regions', 'data', 'criteria', 'penugasan', 'accounts', 'schedule'] as const;
export type ChecklistStep = (typeof CHECKLIST_STEPS)[number];

export interface ChecklistItem {
  step: ChecklistStep;
  done: boolean;
  /** How far along, e.g. 312 of 330 desa with an operator account. */
  count: number;
  total: number | null;
  /** The web app's page where the step is done. */
  link: string;
}

const LINKS: Record<ChecklistStep, string> = {
  regions: '/households',
  data: '/imports',
  criteria: '/criteria',
  penugasan: '/organisation',
  accounts: '/users/bulk',
  schedule: '/organisation',
};

const n = (v: unknown) => Number(v ?? 0);

export async function checklist(db: Kysely<DB>, kabupatenCode: string): Promise<{ items: ChecklistItem[]; done: number; total: number }> {
  const like = `${kabupatenCode}.%`;
  const row = await sql<Record<string, string | number>>`
    select
      (select count(*) from region where level = 4 and code like ${like}) as desa,
      (select count(*) from household where kabupaten_code = ${kabupatenCode}) as households,
      (select count(*) from criteria_set where status = 'ADOPTED') as criteria,
      (select count(*) from program_period where kabupaten_code = ${kabupatenCode}) as periods,
      (select count(*) from official_assignment where kabupaten_code = ${kabupatenCode} and ended_at is null) as assignments,
      (select count(distinct ur.region_code) from user_role ur join app_user u on u.id = ur.user_id
        where u.active and ur.role = 'operator_desa' and ur.region_code like ${like}) as desa_with_operator,
      (select count(*) from stage where kabupaten_code = ${kabupatenCode}) as stages`.execute(db);
  const r = row.rows[0] ?? {};
  const desa = n(r.desa);
  const items: ChecklistItem[] = [
    { step: 'regions', done: desa > 0, count: desa, total: null, link: LINKS.regions },
    { step: 'data', done: n(r.households) > 0, count: n(r.households), total: null, link: LINKS.data },
    { step: 'criteria', done: n(r.criteria) > 0, count: n(r.criteria), total: null, link: LINKS.criteria },
    { step: 'penugasan', done: n(r.periods) > 0 && n(r.assignments) > 0, count: n(r.assignments), total: null, link: LINKS.penugasan },
    {
      step: 'accounts',
      done: desa > 0 && n(r.desa_with_operator) >= desa,
      count: n(r.desa_with_operator),
      total: desa,
      link: LINKS.accounts,
    },
    { step: 'schedule', done: n(r.stages) > 0, count: n(r.stages), total: null, link: LINKS.schedule },
  ];
  return { items, done: items.filter((i) => i.done).length, total: items.length };
}
