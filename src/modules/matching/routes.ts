import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { type App, type AppContext, requireRole } from '../../http/context.js';
import { AppError, badRequest } from '../../http/errors.js';
import { idParam, pageQuery, regionCode } from '../../http/schemas.js';
import type { Role } from '../access/roles.js';
import { recordAudit } from '../audit/service.js';
import { streamCsv, streamXlsx } from '../exports/spreadsheet.js';
import { sniffFileType } from '../registry/import/reader.js';
import { getCandidate, listCandidates, resolveCandidate } from './candidates.js';
import { EXPORT_HEADERS, exportRows, listRows } from './list-rows.js';
import { getRun, listRuns, startExternalRun, startInternalRun } from './runs.js';

const tags = ['matching'];

/** Who reads matching results; who starts runs; who resolves candidates. Pimpinan only reads. */
const READERS: Role[] = ['admin_kabupaten', 'operator_kecamatan', 'dinsos', 'pimpinan'];
const RUNNERS: Role[] = ['admin_kabupaten', 'dinsos'];
const RESOLVERS: Role[] = ['admin_kabupaten', 'operator_kecamatan', 'dinsos'];

const RESULTS = ['MATCHED', 'MATCHED_DIFF', 'NOT_FOUND', 'INVALID'] as const;
const KINDS = ['HOUSEHOLD_DUPLICATE', 'MEMBER_TWO_DESA', 'NIK_TWO_HOUSEHOLDS', 'FUZZY'] as const;
const LIST_KINDS = ['DTKS', 'RECIPIENTS', 'DECEASED', 'OTHER'] as const;

const started = z.object({ runId: z.number(), jobId: z.number() });
const tooLarge = () => new AppError(413, 'PAYLOAD_TOO_LARGE', 'Berkas terlalu besar', 'File too large');

/** Pemadanan under /api/v1/matching. */
export async function matchingRoutes(app: App, ctx: AppContext) {
  const p = '/matching';
  const runCtx = { db: ctx.db, config: ctx.config, database: ctx.database };

  app.post(
    `${p}/runs`,
    {
      schema: {
        tags,
        description:
          'Start an internal run: INTERNAL (same NIK / No KK / head NIK) or FUZZY (name + birth date, same kecamatan). 202 with the job.',
        body: z.object({ kind: z.enum(['INTERNAL', 'FUZZY']) }),
        response: { 202: started },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, ...RUNNERS);
      return reply.status(202).send(await startInternalRun(runCtx, actor, req.body.kind));
    },
  );

  app.post(
    `${p}/lists`,
    {
      schema: {
        tags,
        description:
          'Multipart: fields name, listKind (DTKS|RECIPIENTS|DECEASED|OTHER), file (CSV/XLSX with a NIK or No KK column). 202 with the job.',
        consumes: ['multipart/form-data'],
        response: { 202: started },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, ...RUNNERS);
      if (!req.isMultipart())
        throw badRequest('NO_FILE', 'Kirim berkas sebagai multipart/form-data', 'Send the file as multipart/form-data');
      const dir = path.join(ctx.config.dataDir, 'tmp', `match-${Date.now()}-${randomBytes(6).toString('hex')}`);
      await fs.promises.mkdir(dir, { recursive: true });
      const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
      try {
        const fields: Record<string, string> = {};
        let file: { path: string; name: string } | null = null;
        for await (const part of req.parts()) {
          if (part.type === 'field') {
            fields[part.fieldname] = String(part.value);
            continue;
          }
          if (part.fieldname !== 'file' || file) {
            part.file.resume();
            throw badRequest('UNEXPECTED_FILE', 'Kirim satu berkas pada kolom "file"', 'Send one file in the "file" field');
          }
          const dest = path.join(dir, 'list');
          await pipeline(part.file, fs.createWriteStream(dest));
          if (part.file.truncated) throw tooLarge();
          file = { path: dest, name: path.basename(part.filename || 'daftar') };
        }
        if (!file) throw badRequest('NO_FILE', 'Berkas daftar belum dikirim', 'No list file was sent');
        const listKind = (fields.listKind ?? 'OTHER').trim().toUpperCase();
        if (!(LIST_KINDS as readonly string[]).includes(listKind)) {
          throw badRequest(
            'LIST_KIND_INVALID',
            'Jenis daftar harus DTKS, RECIPIENTS, DECEASED atau OTHER',
            'listKind must be DTKS, RECIPIENTS, DECEASED or OTHER',
            {
              field: 'listKind',
            },
          );
        }
        const sniffed = sniffFileType(file.path);
        if (sniffed.type === null) {
          throw new AppError(
            415,
            'UNSUPPORTED_FILE',
            `Berkas tidak bisa dibaca: ${sniffed.reason}`,
            `The file cannot be read: ${sniffed.reasonEn}`,
          );
        }
        const listName = (fields.name ?? '').trim().slice(0, 200) || file.name;
        const s = await startExternalRun(runCtx, actor, {
          path: file.path,
          type: sniffed.type,
          fileName: file.name,
          listName,
          listKind: listKind as (typeof LIST_KINDS)[number],
          cleanup,
        });
        return reply.status(202).send(s);
      } catch (err) {
        cleanup();
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        throw err;
      }
    },
  );

  app.get(
    `${p}/runs`,
    { schema: { tags, querystring: pageQuery.extend({ kind: z.enum(['INTERNAL', 'EXTERNAL', 'FUZZY']).optional() }) } },
    async (req) => {
      requireRole(req, ...READERS);
      return listRuns(ctx, req.query.page, req.query.pageSize, req.query.kind);
    },
  );

  app.get(`${p}/runs/:id`, { schema: { tags, params: idParam } }, async (req) => {
    requireRole(req, ...READERS);
    return getRun(ctx, req.params.id);
  });

  app.get(
    `${p}/runs/:id/rows`,
    {
      schema: {
        tags,
        description: 'Rows of an external list with their result, by row number (keyset: pass nextAfter as after).',
        params: idParam,
        querystring: z.object({
          result: z.enum(RESULTS).optional(),
          after: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
      },
    },
    async (req) => {
      const actor = requireRole(req, ...READERS);
      await getRun(ctx, req.params.id);
      return listRows(ctx.db, actor, req.params.id, req.query);
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `${p}/runs/:id/rows.${format}`,
      { schema: { tags, params: idParam, querystring: z.object({ result: z.enum(RESULTS).optional() }) } },
      async (req, reply) => {
        const actor = requireRole(req, ...READERS);
        const run = await getRun(ctx, req.params.id);
        const filename = `pemadanan-${run.id}${req.query.result ? `-${req.query.result.toLowerCase()}` : ''}.${format}`;
        const rows = exportRows(ctx.db, actor, run.id, req.query.result);
        const onFinish = async (r: { rows: number; completed: boolean }) => {
          await ctx.db.transaction().execute((trx) =>
            recordAudit(trx, actor, {
              action: 'matching.list.export',
              entity: 'match_run',
              entityId: run.id,
              regionCode: ctx.config.kabupatenCode,
              after: { format, result: req.query.result ?? null, rows: r.rows, completed: r.completed },
            }),
          );
        };
        if (format === 'csv') await streamCsv(reply, filename, EXPORT_HEADERS, rows, { onFinish });
        else await streamXlsx(reply, filename, 'Hasil pemadanan', EXPORT_HEADERS, rows, { onFinish });
        return reply;
      },
    );
  }

  app.get(
    `${p}/candidates`,
    {
      schema: {
        tags,
        querystring: pageQuery.extend({
          kind: z.enum(KINDS).optional(),
          status: z.enum(['OPEN', 'SAME', 'DIFFERENT']).optional(),
          kecamatan: regionCode.optional(),
        }),
      },
    },
    async (req) => {
      const actor = requireRole(req, ...READERS);
      return listCandidates(ctx.db, actor, ctx.config.kabupatenCode, req.query);
    },
  );

  app.get(`${p}/candidates/:id`, { schema: { tags, params: idParam } }, async (req) => {
    const actor = requireRole(req, ...READERS);
    return getCandidate(ctx.db, actor, req.params.id);
  });

  app.post(
    `${p}/candidates/:id/resolve`,
    {
      schema: {
        tags,
        description:
          'SAME: the pair is one family, the other household is marked GANDA of keepHouseholdId (default household a). DIFFERENT: dismiss.',
        params: idParam,
        body: z.object({
          decision: z.enum(['SAME', 'DIFFERENT']),
          keepHouseholdId: z.number().int().positive().optional(),
          note: z.string().max(2000).optional(),
        }),
      },
    },
    async (req) => {
      const actor = requireRole(req, ...RESOLVERS);
      return resolveCandidate(ctx.db, actor, req.params.id, req.body);
    },
  );
}
