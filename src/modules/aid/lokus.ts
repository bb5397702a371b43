import { sql } from 'kysely';
import { badRequest, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, assertDesaOf, assertRegionInScope, scopeColumns, scopeWhere } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { isTarget, regionFilter } from './common.js';

/**
 * Lokus: priority desa. Desa are ranked by score = (target households without aid) × (their
 * share of the desa's target households), so both many and a large share count; ties by count.
 * The first `top` desa are lokus, and an admin pins a desa in (always lokus) or out (never) with
 * a reason.
 */

export interface LokusQuery {
  kecamatan?: string | undefined;
  top: number;
}

export async function listLokus({ db, kabupatenCode }: ServiceContext, actor: Actor, q: LokusQuery) {
  const rows = await sql<{
    desa_code: string;
    desa_name: string | null;
    kecamatan_code: string;
    kecamatan_name: string | null;
    target: number;
    without_aid: number;
    pinned: boolean | null;
    reason: string | null;
  }>`
    with d as (
      select h.desa_code, h.kecamatan_code, count(*)::int as target,
        count(*) filter (where not exists (select 1 from aid_receipt r where r.household_id = h.id))::int as without_aid
      from household h
      where ${scopeWhere(actor, 'h')} and h.kabupaten_code = ${kabupatenCode} and ${regionFilter(actor, 'h', kabupatenCode, q)} and ${isTarget('h')}
      group by h.desa_code, h.kecamatan_code
    )
    select d.*, rd.name as desa_name, rk.name as kecamatan_name, o.pinned, o.reason
    from d left join region rd on rd.code = d.desa_code left join region rk on rk.code = d.kecamatan_code
    left join aid_lokus_override o on o.desa_code = d.desa_code
    order by (d.without_aid::float8 * d.without_aid / d.target) desc, d.without_aid desc, d.desa_code`.execute(db);
  let rank = 0;
  return rows.rows.map((r) => {
    rank++;
    const share = r.target === 0 ? 0 : Number(r.without_aid) / Number(r.target);
    const computed = rank <= q.top && Number(r.without_aid) > 0;
    return {
      rank,
      desaCode: r.desa_code,
      desaName: r.desa_name,
      kecamatanCode: r.kecamatan_code,
      kecamatanName: r.kecamatan_name,
      target: Number(r.target),
      withoutAid: Number(r.without_aid),
      sharePct: Math.round(share * 10000) / 100,
      score: Math.round(Number(r.without_aid) * share * 100) / 100,
      computedLokus: computed,
      override: r.pinned === null ? null : { pinned: r.pinned, reason: r.reason },
      lokus: r.pinned ?? computed,
    };
  });
}

/** Pin a desa in (pinned = true) or out (false) of the lokus, or clear the override (null). */
export async function setLokusOverride(
  { db, kabupatenCode }: ServiceContext,
  actor: Actor,
  desaCode: string,
  input: { pinned: boolean | null; reason?: string | undefined },
) {
  assertDesaOf(desaCode, kabupatenCode);
  assertRegionInScope(actor, desaCode);
  const exists = await db.selectFrom('region').select('code').where('code', '=', desaCode).executeTakeFirst();
  if (!exists) throw notFound('Wilayah');
  const reason = input.reason?.trim() ?? '';
  if (input.pinned !== null && !reason) {
    throw badRequest('REASON_REQUIRED', 'Alasan penetapan lokus wajib diisi', 'A reason is required');
  }
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('aid_lokus_override').selectAll().where('desa_code', '=', desaCode).executeTakeFirst();
    if (input.pinned === null) {
      await trx.deleteFrom('aid_lokus_override').where('desa_code', '=', desaCode).execute();
    } else {
      const { kabupaten_code, kecamatan_code } = scopeColumns(desaCode);
      await trx
        .insertInto('aid_lokus_override')
        .values({ desa_code: desaCode, kabupaten_code, kecamatan_code, pinned: input.pinned, reason, set_by: actor.userId })
        .onConflict((oc) =>
          oc.column('desa_code').doUpdateSet({ pinned: input.pinned as boolean, reason, set_by: actor.userId, set_at: sql`now()` }),
        )
        .execute();
    }
    await recordAudit(trx, actor, {
      action: 'aid.lokus.override',
      entity: 'aid_lokus_override',
      entityId: desaCode,
      regionCode: desaCode,
      before: before ? { pinned: before.pinned, reason: before.reason } : null,
      after: input.pinned === null ? null : { pinned: input.pinned, reason },
    });
  });
}
