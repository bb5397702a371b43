import type { Readable } from 'node:stream';
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, conflict, forbidden, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { can } from '../access/policy.js';
import {
  type Actor,
  assertDesaOf,
  assertRegionFilter,
  assertRegionInScope,
  regionLevel,
  scopeColumns,
  scopeWhere,
} from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { type OpenedBlob, openBlob, saveBlob } from '../blobs/service.js';
import type { KendalaCategory, KendalaStatus } from './tables.js';

/**
 * Kendala (help desk): a user reports a problem from a desa, Dinsos / admin kabupaten answer in
 * a comment thread and move it BARU → DIPROSES → SELESAI (or DITOLAK with a reason). The first
 * answer (comment or status change by a handler) fixes the response time; closing fixes the
 * resolution time. Readers see the tickets of their area and the ones they reported.
 */

export const SCREENSHOT_MAX_BYTES = 5 * 1024 * 1024;

/** Whether the actor may report a ticket at all (access/policy.ts kendala.report, on some region). */
export const canReport = (actor: Actor): boolean => can(actor, 'kendala.report');

/** Whether the actor may comment on a ticket: on its desa, or as its reporter who still may comment somewhere. */
export const canComment = (actor: Actor, k: { desaCode: string; reporter: { id: number } }): boolean =>
  can(actor, 'kendala.comment', k.desaCode) || (k.reporter.id === actor.userId && can(actor, 'kendala.comment'));

const NEXT: Record<KendalaStatus, KendalaStatus[]> = {
  BARU: ['DIPROSES', 'SELESAI', 'DITOLAK'],
  DIPROSES: ['SELESAI', 'DITOLAK'],
  SELESAI: [],
  DITOLAK: [],
};

function visible(actor: Actor) {
  return sql<SqlBool>`(${scopeWhere(actor, 'k')} or k.reported_by = ${actor.userId})`;
}

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('kendala as k')
    .innerJoin('app_user as u', 'u.id', 'k.reported_by')
    .leftJoin('region as d', 'd.code', 'k.desa_code')
    .leftJoin('region as c', 'c.code', 'k.kecamatan_code')
    .select([
      'k.id',
      'k.category',
      'k.title',
      'k.description',
      'k.status',
      'k.rejection_reason',
      'k.kabupaten_code',
      'k.kecamatan_code',
      'k.desa_code',
      'd.name as desa_name',
      'c.name as kecamatan_name',
      'k.reported_by',
      'u.full_name as reporter_name',
      'k.screenshot_mime',
      'k.created_at',
      'k.first_response_at',
      'k.resolved_at',
      'k.updated_at',
      'k.version',
      sql<number | null>`extract(epoch from k.first_response_at - k.created_at)::int`.as('response_seconds'),
      sql<number | null>`extract(epoch from k.resolved_at - k.created_at)::int`.as('resolution_seconds'),
      sql<number>`(select count(*) from kendala_comment kc where kc.kendala_id = k.id)::int`.as('comment_count'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function view(r: Row) {
  return {
    id: Number(r.id),
    category: r.category,
    title: r.title,
    description: r.description,
    status: r.status,
    rejectionReason: r.rejection_reason,
    kecamatanCode: r.kecamatan_code,
    kecamatanName: r.kecamatan_name,
    desaCode: r.desa_code,
    desaName: r.desa_name,
    reporter: { id: Number(r.reported_by), name: r.reporter_name },
    screenshot: r.screenshot_mime ? { mime: r.screenshot_mime } : null,
    createdAt: r.created_at,
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
    responseSeconds: r.response_seconds === null ? null : Number(r.response_seconds),
    resolutionSeconds: r.resolution_seconds === null ? null : Number(r.resolution_seconds),
    commentCount: Number(r.comment_count),
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export type KendalaView = ReturnType<typeof view>;

async function findVisible(db: Kysely<DB>, actor: Actor, id: number): Promise<Row> {
  const row = await baseQuery(db).where('k.id', '=', id).where(visible(actor)).executeTakeFirst();
  if (!row) throw notFound('Kendala');
  return row;
}

/** The desa a report is about: the given one, or the reporter's only desa; in scope and in the kabupaten. */
async function reportDesa(deps: ServiceContext, actor: Actor, desaCode: string | undefined): Promise<string> {
  let code = desaCode;
  if (!code) {
    const desa = [...new Set(actor.grants.map((g) => g.regionCode).filter((c) => regionLevel(c) === 4))];
    if (desa.length !== 1) {
      throw badRequest('DESA_REQUIRED', 'Pilih desa yang dilaporkan', 'Choose the desa the problem is about');
    }
    code = desa[0] as string;
  }
  assertDesaOf(code, deps.kabupatenCode);
  assertRegionInScope(actor, code);
  if (!can(actor, 'kendala.report', code)) throw forbidden();
  const exists = await deps.db.selectFrom('region').select('code').where('code', '=', code).executeTakeFirst();
  if (!exists) throw notFound('Wilayah');
  return code;
}

export interface NewKendala {
  category: KendalaCategory;
  title: string;
  description: string;
  desaCode?: string | undefined;
}

export async function createKendala(deps: ServiceContext, actor: Actor, input: NewKendala): Promise<KendalaView> {
  if (!canReport(actor)) throw forbidden();
  const desa = await reportDesa(deps, actor, input.desaCode);
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('kendala')
      .values({
        ...scopeColumns(desa),
        category: input.category,
        title: input.title.trim(),
        description: input.description.trim(),
        reported_by: actor.userId,
        screenshot_sha256: null,
        screenshot_mime: null,
        rejection_reason: null,
        first_response_at: null,
        resolved_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'kendala.create',
      entity: 'kendala',
      entityId: Number(row.id),
      regionCode: desa,
      after: { category: input.category, title: input.title.trim() },
    });
    return Number(row.id);
  });
  return getKendala(deps.db, actor, id);
}

export async function getKendala(db: Kysely<DB>, actor: Actor, id: number): Promise<KendalaView> {
  return view(await findVisible(db, actor, id));
}

export async function listComments(db: Kysely<DB>, actor: Actor, id: number) {
  await findVisible(db, actor, id);
  const rows = await db
    .selectFrom('kendala_comment as kc')
    .innerJoin('app_user as u', 'u.id', 'kc.author_id')
    .select(['kc.id', 'kc.body', 'kc.created_at', 'kc.author_id', 'u.full_name'])
    .where('kc.kendala_id', '=', id)
    .orderBy('kc.id')
    .execute();
  return rows.map((c) => ({
    id: Number(c.id),
    body: c.body,
    createdAt: c.created_at,
    author: { id: Number(c.author_id), name: c.full_name },
  }));
}

export interface KendalaFilter {
  status?: KendalaStatus[] | undefined;
  kecamatan?: string | undefined;
  desa?: string | undefined;
  mine?: boolean | undefined;
  page: number;
  pageSize: number;
}

export async function listKendala(db: Kysely<DB>, actor: Actor, f: KendalaFilter) {
  assertRegionFilter(actor, f.kecamatan);
  assertRegionFilter(actor, f.desa);
  let q = baseQuery(db).where(visible(actor));
  if (f.status?.length) q = q.where('k.status', 'in', f.status);
  if (f.kecamatan) q = q.where('k.kecamatan_code', '=', f.kecamatan);
  if (f.desa) q = q.where('k.desa_code', '=', f.desa);
  if (f.mine) q = q.where('k.reported_by', '=', actor.userId);
  const [rows, total] = await Promise.all([
    q
      .orderBy('k.created_at', 'desc')
      .orderBy('k.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(view), total: Number(total.n), page: f.page, pageSize: f.pageSize };
}

const isHandlerFor = (actor: Actor, row: Row) => can(actor, 'kendala.handle', row.desa_code);

export async function addComment(db: Kysely<DB>, actor: Actor, id: number, body: string) {
  const row = await findVisible(db, actor, id);
  if (!canComment(actor, view(row))) throw forbidden();
  const handler = isHandlerFor(actor, row);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('kendala_comment').values({ kendala_id: id, author_id: actor.userId, body: body.trim() }).execute();
    const answer = handler && row.first_response_at === null;
    await trx
      .updateTable('kendala')
      .set({
        updated_at: sql`now()`,
        ...(answer ? { first_response_at: sql`now()` } : {}),
        ...(answer && row.status === 'BARU' ? { status: 'DIPROSES' as const, version: sql`version + 1` } : {}),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'kendala.comment',
      entity: 'kendala',
      entityId: id,
      regionCode: row.desa_code,
      after: { body: body.trim(), ...(answer && row.status === 'BARU' ? { status: 'DIPROSES' } : {}) },
    });
  });
  return getKendala(db, actor, id);
}

export async function setStatus(db: Kysely<DB>, actor: Actor, id: number, status: KendalaStatus, reason: string | undefined) {
  const row = await findVisible(db, actor, id);
  if (!isHandlerFor(actor, row)) throw forbidden();
  if (!NEXT[row.status].includes(status)) {
    throw conflict(
      'INVALID_TRANSITION',
      `Status ${row.status} tidak dapat diubah menjadi ${status}`,
      `Status ${row.status} cannot become ${status}`,
      {
        from: row.status,
        to: status,
      },
    );
  }
  const why = reason?.trim() ?? '';
  if (status === 'DITOLAK' && !why) throw badRequest('REASON_REQUIRED', 'Alasan penolakan wajib diisi', 'A reason is required to reject');
  const closing = status === 'SELESAI' || status === 'DITOLAK';
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('kendala')
      .set({
        status,
        rejection_reason: status === 'DITOLAK' ? why : null,
        first_response_at: sql`coalesce(first_response_at, now())`,
        resolved_at: closing ? sql`now()` : null,
        updated_at: sql`now()`,
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) {
      throw conflict('STALE', 'Kendala baru saja diubah orang lain; muat ulang', 'The ticket was just changed by someone else; reload');
    }
    await recordAudit(trx, actor, {
      action: 'kendala.status',
      entity: 'kendala',
      entityId: id,
      regionCode: row.desa_code,
      before: { status: row.status },
      after: { status, ...(status === 'DITOLAK' ? { reason: why } : {}) },
    });
  });
  return getKendala(db, actor, id);
}

/**
 * Attach (or replace) the screenshot of an open ticket: the reporter only; PNG/JPEG, sniffed,
 * ≤ 5 MB; normalised like verval photos (JPEG, at most 1600 px, all metadata such as the
 * phone's EXIF GPS removed).
 */
export async function attachScreenshot(deps: ServiceContext, actor: Actor, id: number, input: Readable | Buffer) {
  const row = await findVisible(deps.db, actor, id);
  if (Number(row.reported_by) !== actor.userId) throw forbidden();
  if (row.status === 'SELESAI' || row.status === 'DITOLAK') {
    throw conflict('KENDALA_CLOSED', 'Kendala sudah ditutup', 'The ticket is closed');
  }
  const blob = await saveBlob(deps, input, { maxBytes: SCREENSHOT_MAX_BYTES, allowed: ['png', 'jpeg'], normalizePhoto: true });
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('kendala')
      .set({ screenshot_sha256: blob.sha256, screenshot_mime: blob.mime, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'kendala.screenshot',
      entity: 'kendala',
      entityId: id,
      regionCode: row.desa_code,
      after: { sha256: blob.sha256, size: blob.size, mime: blob.mime },
    });
  });
  return getKendala(deps.db, actor, id);
}

export async function openScreenshot(deps: ServiceContext, actor: Actor, id: number): Promise<OpenedBlob> {
  await findVisible(deps.db, actor, id);
  const row = await deps.db.selectFrom('kendala').select('screenshot_sha256').where('id', '=', id).executeTakeFirstOrThrow();
  if (!row.screenshot_sha256) throw notFound('Tangkapan layar');
  return openBlob(deps, row.screenshot_sha256);
}
