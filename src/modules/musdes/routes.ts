import { z } from 'zod';
import { type App, type AppContext, requireActor, scopedFilter } from '../../http/context.js';
import { badRequest } from '../../http/errors.js';
import { fileField, fileResponse, multipartBody, noContent, PDF_TYPE } from '../../http/openapi.js';
import { idParam, isoDate, pageQuery, regionCode } from '../../http/schemas.js';
import { serviceContext } from '../../service-context.js';
import { finalisePreview } from './completion.js';
import { bulkDecide, clearDecision, setDecisions, tabledResults } from './decisions.js';
import { getMeetingDetail } from './detail.js';
import { renderAttendancePdf, renderBeritaAcaraPdf } from './documents-pdf.js';
import { addAttendees, addDocument, openDocument, removeAttendee, removeDocument, updateAttendee } from './evidence.js';
import { finaliseMeeting } from './finalise.js';
import { createMeeting, holdMeeting, listMeetings, updateMeeting } from './meetings.js';
import { musdesProgress } from './queries.js';
import {
  attendeeRole,
  decidedView,
  decisionSchema,
  documentAdded,
  finalisedDetail,
  finalisePreviewView,
  meetingDetail,
  meetingList,
  progressView,
  settingsView,
  tabledView,
} from './schemas.js';
import { requiredRoles, setRequiredRoles } from './settings.js';
import { DECISIONS, DOCUMENT_KINDS, MEETING_STATUSES, MEETING_TYPES } from './tables.js';

const tags = ['musdes'];

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : undefined))
    .pipe(z.array(z.enum(values)).optional());

const text = (max: number) => z.string().trim().max(max);
const meetingFields = {
  type: z.enum(MEETING_TYPES),
  heldOn: isoDate,
  place: text(300).min(1),
  chair: text(200).nullish(),
  agenda: text(4000).nullish(),
  number: text(100).nullish().describe('Nomor berita acara'),
};
const createBody = z.object({ periodId: z.number().int().positive(), desaCode: regionCode, ...meetingFields });
const patchBody = z.object({ version: z.number().int().positive(), ...meetingFields }).partial({
  type: true,
  heldOn: true,
  place: true,
});
const versionBody = z.object({ version: z.number().int().positive() });
const finaliseBody = versionBody.extend({
  deferRest: z.boolean().optional().describe('Record DEFER for every tabled household still undecided (see finalise-preview)'),
});
const attendee = z.object({
  name: text(200).min(1),
  role: attendeeRole,
  institution: text(200).nullish(),
  signed: z.boolean().optional(),
});
const tabledFilter = z.object({
  outcome: z.array(z.string().max(30)).max(10).optional(),
  targetStatus: z.array(z.string().max(30)).max(5).optional(),
  decision: z
    .array(z.enum([...DECISIONS, 'NONE']))
    .max(5)
    .optional(),
  q: z.string().max(100).optional(),
});
const subParams = idParam.extend({ sub: z.coerce.number().int().positive() });
const detail200 = { 200: meetingDetail };

/** Musyawarah desa under /api/v1/musdes. */
export async function musdesRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const deps = serviceContext(ctx);
  const p = '/musdes';
  const m = `${p}/meetings/:id`;

  app.get(`${p}/settings`, { schema: { tags, response: { 200: settingsView } } }, async () => {
    return { requiredRoles: await requiredRoles(db) };
  });

  app.put(
    `${p}/settings`,
    {
      schema: {
        tags,
        description: 'Admin kabupaten: the attendee roles a meeting needs (present and signed) before it can be finalised.',
        body: z.object({ requiredRoles: z.array(attendeeRole) }),
        response: { 200: settingsView },
      },
    },
    async (req) => ({ requiredRoles: await setRequiredRoles(db, requireActor(req), req.body.requiredRoles) }),
  );

  app.get(
    `${p}/progress`,
    {
      schema: {
        tags,
        description: 'Desa with no musdes/muskel, with meetings not finalised, and finalised, per kecamatan (reader’s regions).',
        querystring: z.object({ periodId: z.coerce.number().int().positive().optional(), region: regionCode.optional() }),
        response: { 200: progressView },
      },
    },
    async (req) => musdesProgress(db, scopedFilter(req, req.query.region), deps.kabupatenCode, req.query),
  );

  app.get(
    `${p}/meetings`,
    {
      schema: {
        tags,
        querystring: pageQuery.extend({
          periodId: z.coerce.number().int().positive().optional(),
          kecamatan: regionCode.optional(),
          desa: regionCode.optional(),
          status: csv(MEETING_STATUSES),
          type: z.enum(MEETING_TYPES).optional(),
        }),
        response: { 200: meetingList },
      },
    },
    async (req) => listMeetings(db, scopedFilter(req, req.query.kecamatan, req.query.desa), req.query),
  );

  app.post(`${p}/meetings`, { schema: { tags, body: createBody, response: { 201: meetingDetail } } }, async (req, reply) => {
    const actor = requireActor(req);
    const id = await createMeeting(deps, actor, req.body);
    return reply.status(201).send(await getMeetingDetail(db, actor, id));
  });

  app.get(m, { schema: { tags, params: idParam, response: detail200 } }, async (req) =>
    getMeetingDetail(db, requireActor(req), req.params.id),
  );

  app.patch(m, { schema: { tags, params: idParam, body: patchBody, response: detail200 } }, async (req) => {
    const actor = requireActor(req);
    const { version, ...patch } = req.body;
    await updateMeeting(deps, actor, req.params.id, version, patch);
    return getMeetingDetail(db, actor, req.params.id);
  });

  app.post(`${m}/hold`, { schema: { tags, params: idParam, body: versionBody, response: detail200 } }, async (req) => {
    const actor = requireActor(req);
    await holdMeeting(deps, actor, req.params.id, req.body.version);
    return getMeetingDetail(db, actor, req.params.id);
  });

  app.post(
    `${m}/finalise`,
    {
      schema: {
        tags,
        description:
          'Operator kecamatan / admin kabupaten: makes the meeting immutable and applies its removals and additions to the households’ target status. Refused (400, details.problems) while evidence or required attendees are missing, and (409 UNDECIDED_HOUSEHOLDS) while tabled households are undecided unless deferRest is true.',
        params: idParam,
        body: finaliseBody,
        response: { 200: finalisedDetail },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const effect = await finaliseMeeting(db, actor, req.params.id, req.body.version, req.body.deferRest ?? false);
      return { ...(await getMeetingDetail(db, actor, req.params.id)), effect };
    },
  );

  app.get(
    `${m}/finalise-preview`,
    {
      schema: {
        tags,
        description:
          'What finalising would do now: households leaving and entering the extreme-poor list, ended, deferred and still undecided.',
        params: idParam,
        response: { 200: finalisePreviewView },
      },
    },
    async (req) => finalisePreview(db, requireActor(req), req.params.id),
  );

  app.post(
    `${m}/attendees`,
    {
      schema: {
        tags,
        params: idParam,
        body: z.object({ attendees: z.array(attendee).min(1).max(200) }),
        response: { 201: meetingDetail },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await addAttendees(db, actor, req.params.id, req.body.attendees);
      return reply.status(201).send(await getMeetingDetail(db, actor, req.params.id));
    },
  );

  app.patch(`${m}/attendees/:sub`, { schema: { tags, params: subParams, body: attendee.partial(), response: detail200 } }, async (req) => {
    const actor = requireActor(req);
    await updateAttendee(db, actor, req.params.id, req.params.sub, req.body);
    return getMeetingDetail(db, actor, req.params.id);
  });

  app.delete(`${m}/attendees/:sub`, { schema: { tags, params: subParams, response: detail200 } }, async (req) => {
    const actor = requireActor(req);
    await removeAttendee(db, actor, req.params.id, req.params.sub);
    return getMeetingDetail(db, actor, req.params.id);
  });

  app.get(
    `${m}/tabled`,
    {
      schema: {
        tags,
        description: 'The desa’s households with their verval result for the period, the suggested and the current decision.',
        params: idParam,
        querystring: z.object({
          outcome: z.string().max(200).optional(),
          targetStatus: z.string().max(100).optional(),
          decision: z.string().max(100).optional(),
          q: z.string().max(100).optional(),
        }),
        response: { 200: tabledView },
      },
    },
    async (req) => {
      const split = (s: string | undefined) => (s ? s.split(',') : undefined);
      const q = req.query;
      return tabledResults(db, requireActor(req), req.params.id, {
        outcome: split(q.outcome),
        targetStatus: split(q.targetStatus),
        decision: split(q.decision),
        q: q.q,
      });
    },
  );

  app.put(
    `${m}/decisions`,
    {
      schema: {
        tags,
        description: 'Individual decisions; a household of another desa refuses the whole request.',
        params: idParam,
        body: z.object({
          items: z
            .array(z.object({ householdId: z.number().int().positive(), decision: decisionSchema, reason: text(1000).nullish() }))
            .min(1)
            .max(5000),
        }),
        response: { 200: decidedView },
      },
    },
    async (req) => setDecisions(db, requireActor(req), req.params.id, req.body.items),
  );

  app.post(
    `${m}/decisions/bulk`,
    {
      schema: {
        tags,
        description: 'One decision (or SUGGESTED: each household’s suggestion) for the tabled households matching the filter, except some.',
        params: idParam,
        body: z.object({
          filter: tabledFilter,
          decision: z.enum([...DECISIONS, 'SUGGESTED']),
          reason: text(1000).nullish(),
          exceptHouseholdIds: z.array(z.number().int().positive()).max(5000).optional(),
        }),
        response: { 200: decidedView },
      },
    },
    async (req) => bulkDecide(db, requireActor(req), req.params.id, req.body),
  );

  app.delete(`${m}/decisions/:sub`, { schema: { tags, params: subParams, response: { 204: noContent } } }, async (req, reply) => {
    await clearDecision(db, requireActor(req), req.params.id, req.params.sub);
    return reply.status(204).send();
  });

  app.post(
    `${m}/documents`,
    {
      schema: {
        tags,
        description: 'Evidence upload (multipart): photos (JPEG/PNG/WebP) or signed scans (PDF or image); recognised by content.',
        consumes: ['multipart/form-data'],
        params: idParam,
        querystring: z.object({ kind: z.enum(DOCUMENT_KINDS) }),
        body: multipartBody({ file: fileField('Photo (JPEG/PNG/WebP) or signed scan (PDF or image)') }),
        response: { 201: documentAdded },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const file = req.isMultipart() ? await req.file() : undefined;
      if (!file) throw badRequest('NO_FILE', 'Unggah berkas', 'Upload a file');
      const doc = await addDocument(deps, actor, req.params.id, req.query.kind, file.file, file.filename || null);
      return reply.status(201).send(doc);
    },
  );

  app.get(
    `${m}/documents/:sub`,
    {
      schema: {
        tags,
        params: subParams,
        response: { 200: fileResponse('The evidence file', 'image/jpeg', 'image/png', 'image/webp', PDF_TYPE) },
      },
    },
    async (req, reply) => {
      const blob = await openDocument(deps, requireActor(req), req.params.id, req.params.sub);
      return reply
        .type(blob.mime)
        .header('content-length', blob.size)
        .header('cache-control', 'private, max-age=86400, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(blob.stream);
    },
  );

  app.delete(`${m}/documents/:sub`, { schema: { tags, params: subParams, response: { 204: noContent } } }, async (req, reply) => {
    await removeDocument(db, requireActor(req), req.params.id, req.params.sub);
    return reply.status(204).send();
  });

  for (const [path, render] of [
    ['berita-acara.pdf', renderBeritaAcaraPdf],
    ['daftar-hadir.pdf', renderAttendancePdf],
  ] as const) {
    app.get(
      `${m}/${path}`,
      { schema: { tags, params: idParam, response: { 200: fileResponse('The document, to print and sign', PDF_TYPE) } } },
      async (req, reply) => {
        const { filename, pdf } = await render(db, requireActor(req), req.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'private, no-store')
          .send(pdf);
      },
    );
  }
}
