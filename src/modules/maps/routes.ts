import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { badRequest, notFound } from '../../http/errors.js';
import { binaryFile, multipartBody } from '../../http/openapi.js';
import { regionCode } from '../../http/schemas.js';
import { tooLarge } from '../../http/upload.js';
import { assertCan } from '../access/policy.js';
import { canAccessRegion } from '../access/scope.js';
import { type BoundaryLevel, listBoundaries, prepareBoundaries, saveBoundaries } from './boundaries.js';
import { publicMap } from './public-map.js';
import { gpsPoints, mapRegion, mapValues } from './values.js';
import { boundariesView, boundaryPreviewView, boundarySaveView, gpsPointsView, mapValuesView, publicMapView } from './views.js';

/** Largest boundary file accepted (before any zip expands); BIG's desa layer of one kabupaten is a few MB. */
export const MAX_BOUNDARY_BYTES = 50 * 2 ** 20;

const tags = ['maps'];
const level = z.enum(['kecamatan', 'desa']);
const regionQuery = z.object({
  region: regionCode.optional().describe('Default: the kabupaten (rows limited to the reader’s area)'),
  level: level.default('desa'),
});
const periodQuery = z.object({ period: z.coerce.number().int().positive().optional().describe('Default: the dashboard’s period') });

interface BoundaryForm {
  buffer: Buffer;
  fileName: string;
  fields: Record<string, string>;
}

/** The multipart form of a boundary upload: one file in "file" (size-limited) and text fields. */
async function boundaryForm(req: FastifyRequest): Promise<BoundaryForm> {
  if (!req.isMultipart()) throw badRequest('NO_FILE', 'Kirim berkas sebagai multipart/form-data', 'Send the file as multipart/form-data');
  const fields: Record<string, string> = {};
  let file: { buffer: Buffer; fileName: string } | null = null;
  try {
    for await (const part of req.parts({ limits: { fileSize: MAX_BOUNDARY_BYTES, files: 1 } })) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw badRequest('UNEXPECTED_FILE', 'Kirim satu berkas pada kolom "file"', 'Send one file in the "file" field');
      }
      const buffer = await part.toBuffer();
      file = { buffer, fileName: (part.filename || 'batas').replace(/^.*[\\/]/, '').slice(0, 200) };
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw err;
  }
  if (!file) throw badRequest('NO_FILE', 'Unggah berkas batas wilayah', 'Upload a boundary file');
  return { ...file, fields };
}

const formFields = z.object({
  level,
  property: z
    .string()
    .max(200)
    .regex(/^[^\0]*$/)
    .optional(),
  assignments: z.string().max(200_000).optional(),
});

function parseForm(form: BoundaryForm) {
  const parsed = formFields.safeParse(form.fields);
  if (!parsed.success) {
    throw badRequest(
      'INVALID_FORM',
      'Isian formulir tidak sah (level: kecamatan atau desa)',
      'Invalid form fields (level: kecamatan or desa)',
      {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    );
  }
  let assignments: Record<string, string> = {};
  if (parsed.data.assignments) {
    const a = z.record(z.string().regex(/^\d+$/), z.union([regionCode, z.literal('')])).safeParse(safeJson(parsed.data.assignments));
    if (!a.success) {
      throw badRequest(
        'INVALID_ASSIGNMENTS',
        'Pilihan wilayah tidak sah',
        'Invalid region choices: {"<feature index>": "<region code or empty>"}',
      );
    }
    assignments = a.data;
  }
  return { level: parsed.data.level as BoundaryLevel, property: parsed.data.property || undefined, assignments };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

const uploadBody = (description: string) =>
  multipartBody(
    {
      file: binaryFile.describe('GeoJSON, TopoJSON or a zipped Shapefile (.shp, .dbf, .prj), at most 50 MB'),
      level,
      property: z.string().optional().describe('Property matched to the Kemendagri code or name; default: the one matching most regions'),
      assignments: z.string().optional().describe('JSON {"<feature index>": "<region code>" or "" to leave out}'),
    },
    description,
  );

/** Maps under /api/v1/maps; the public map at /api/v1/public/map. */
export async function mapRoutes(app: App, ctx: AppContext) {
  const kab = ctx.config.kabupatenCode;

  app.post(
    '/maps/boundaries/preview',
    {
      schema: {
        tags,
        description:
          'Read a boundary file, simplify it and match its features to the kabupaten’s kecamatan or desa, without saving: the review of unmatched and ambiguous features, the properties to match on, point counts before/after simplification and the time taken. 413 over 50 MB or a zip that would expand too far (zip bomb); 415 not GeoJSON/TopoJSON/zip; 422 unreadable.',
        consumes: ['multipart/form-data'],
        body: uploadBody('The boundary file and the level'),
        response: { 200: boundaryPreviewView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      assertCan(actor, 'maps.boundaries.manage');
      const form = await boundaryForm(req);
      const f = parseForm(form);
      return (await prepareBoundaries(ctx.db, kab, { buffer: form.buffer, fileName: form.fileName, level: f.level, property: f.property }))
        .preview;
    },
  );

  app.post(
    '/maps/boundaries',
    {
      schema: {
        tags,
        description:
          'Save a boundary file (the same file as the preview) with the reviewer’s choices: each feature goes to the region chosen in `assignments`, else to its automatic match; ambiguous and unmatched features without a choice are left out. Replaces the regions’ boundaries and the demo’s synthetic ones of that level; audited.',
        consumes: ['multipart/form-data'],
        body: uploadBody('The boundary file, the level and the choices'),
        response: { 200: boundarySaveView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      assertCan(actor, 'maps.boundaries.manage');
      const form = await boundaryForm(req);
      const f = parseForm(form);
      const prepared = await prepareBoundaries(ctx.db, kab, {
        buffer: form.buffer,
        fileName: form.fileName,
        level: f.level,
        property: f.property,
      });
      return saveBoundaries(ctx.db, actor, kab, prepared, f.assignments);
    },
  );

  app.get(
    '/maps/boundaries',
    {
      schema: {
        tags,
        description:
          'Boundaries of the kecamatan or desa of a region (default: the kabupaten) that lie in the reader’s area. 404 outside it.',
        querystring: regionQuery,
        response: { 200: boundariesView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const region = await mapRegion(ctx.db, actor, kab, req.query.region ?? kab);
      const lv = req.query.level === 'kecamatan' && region.level < 4 ? 3 : 4;
      const features = await listBoundaries(ctx.db, kab, lv, region.code, (c) => canAccessRegion(actor, c));
      return {
        level: lv === 3 ? ('kecamatan' as const) : ('desa' as const),
        synthetic: features.some((f) => f.synthetic),
        tileUrl: ctx.config.mapTileUrl ?? null,
        features,
      };
    },
  );

  app.get(
    '/maps/values',
    {
      schema: {
        tags,
        description:
          'The choropleth’s figures per kecamatan or desa of a region (default: the kabupaten): extreme-poor households and share, reduction from the P3KE baseline, target households without aid, verval progress of the period. Only regions wholly in the reader’s area. 404 outside it.',
        querystring: regionQuery.extend(periodQuery.shape),
        response: { 200: mapValuesView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return mapValues(ctx.db, actor, kab, { region: req.query.region ?? kab, level: req.query.level, period: req.query.period });
    },
  );

  app.get(
    '/maps/points',
    {
      schema: {
        tags,
        description:
          'GPS points of the period’s verval records in a region (default: the kabupaten), only those in the reader’s area; no names or identifiers (the household id links to its page). At most 50,000 (truncated says more exist).',
        querystring: z.object({ region: regionCode.optional() }).extend(periodQuery.shape),
        response: { 200: gpsPointsView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      assertCan(actor, 'maps.points');
      return gpsPoints(ctx.db, actor, kab, { region: req.query.region ?? kab, period: req.query.period });
    },
  );

  app.get(
    '/public/map',
    {
      schema: {
        tags: ['public'],
        description:
          'The public map (no login; only when SASMITA_PUBLIC_VIEW=1, otherwise 404): desa boundaries and desa figures with small cells withheld as /public/summary withholds them, suppressed per kecamatan so no withheld desa or kecamatan can be derived. No GPS points, no personal data.',
        response: { 200: publicMapView },
      },
    },
    async () => {
      if (!ctx.config.publicView) throw notFound();
      return publicMap(ctx.db, kab);
    },
  );
}
