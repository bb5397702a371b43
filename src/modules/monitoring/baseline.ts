import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * The extreme-poverty baseline: how many households, and how many of them MISKIN_EKSTREM,
 * each desa had when the first registry import (the initial P3KE data) finished. Reductions
 * ("penurunan") are measured against it.
 *
 * The baseline is reconstructed from the registry and its history, so it is the same whenever
 * it is captured: a household belongs to it when it existed at the end of the first import,
 * with the status and desa it had then — the "before" value of its first recorded change of
 * `target_status` / `desa_code` after that moment, or its current value when it never changed.
 * Once captured (one row per desa of the kabupaten, zeros included) it is fixed.
 */

export interface BaselineInfo {
  importId: number;
  capturedAt: Date;
  importFinishedAt: Date;
}

async function firstImport(db: Kysely<DB>) {
  return db
    .selectFrom('import_batch')
    .select(['id', 'finished_at'])
    .where('status', '=', 'DONE')
    .where('finished_at', 'is not', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** The baseline of the kabupaten, captured now when it is missing; null before any import finished. */
export async function ensureBaseline(db: Kysely<DB>, kabupatenCode: string): Promise<BaselineInfo | null> {
  const existing = await db
    .selectFrom('monitoring_baseline as b')
    .innerJoin('import_batch as i', 'i.id', 'b.import_id')
    .select(['b.import_id', 'b.captured_at', 'i.finished_at'])
    .where('b.kabupaten_code', '=', kabupatenCode)
    .limit(1)
    .executeTakeFirst();
  if (existing?.finished_at) {
    return { importId: Number(existing.import_id), capturedAt: existing.captured_at, importFinishedAt: existing.finished_at };
  }
  const first = await firstImport(db);
  if (!first?.finished_at) return null;
  const at = first.finished_at;
  await sql`
    with first_change as (
      select distinct on (household_id, key) household_id, key, changes -> key ->> 0 as before
      from household_history, lateral (values ('target_status'), ('desa_code')) k(key)
      where changed_at > ${at} and changes ? key
      order by household_id, key, id
    ),
    at_baseline as (
      select coalesce(d.before, h.desa_code) as desa_code,
             coalesce(s.before, h.target_status) as target_status
      from household h
      left join first_change s on s.household_id = h.id and s.key = 'target_status'
      left join first_change d on d.household_id = h.id and d.key = 'desa_code'
      where h.created_at <= ${at}
    ),
    per_desa as (
      select desa_code, count(*)::int as households,
             (count(*) filter (where target_status = 'MISKIN_EKSTREM'))::int as extreme
      from at_baseline group by desa_code
    )
    insert into monitoring_baseline (desa_code, kabupaten_code, kecamatan_code, import_id, households, extreme_households)
    select r.code, ${kabupatenCode}, r.parent_code, ${first.id}, coalesce(p.households, 0), coalesce(p.extreme, 0)
    from region r left join per_desa p on p.desa_code = r.code
    where r.level = 4 and r.code like ${`${kabupatenCode}.%`}
    on conflict (desa_code) do nothing`.execute(db);
  const captured = await db
    .selectFrom('monitoring_baseline')
    .select(['import_id', 'captured_at'])
    .where('kabupaten_code', '=', kabupatenCode)
    .limit(1)
    .executeTakeFirst();
  if (!captured) return null;
  return { importId: Number(captured.import_id), capturedAt: captured.captured_at, importFinishedAt: at };
}
