import { z } from 'zod';

/**
 * OpenAPI pieces that zod cannot say by itself (issue 24: /api/docs describes every operation).
 *
 * A multipart upload is read by its handler as a stream (req.file(), req.parts()), and Fastify
 * hands the validator `null` for such a body; so the body schema only DESCRIBES the form for the
 * document and the generated client, and lets every value through the validator. Declare it
 * with `consumes: ['multipart/form-data']` so the document names the media type.
 */
export function multipartBody(shape: z.ZodRawShape, description?: string) {
  const form = z.toJSONSchema(z.object(shape), { target: 'openapi-3.0', io: 'input' }) as Record<string, unknown>;
  delete form.$schema;
  return z.unknown().meta({ ...form, ...(description ? { description } : {}) });
}

/** A file field of a multipart form. */
export const fileField = (description?: string) => (description ? z.file().describe(description) : z.file());

/** Bytes on the wire; in the handler, whatever Fastify sends as is (a buffer, a stream or a string). */
const binary = z.custom<Buffer | NodeJS.ReadableStream | string>(() => true).meta({ type: 'string', format: 'binary' });

/**
 * A 200 that is a file (spreadsheet, PDF, photo, CSV) rather than JSON, one entry per media type
 * it may have. The handler streams or sends a buffer, which Fastify does not serialise.
 */
export function fileResponse(description: string, ...mediaTypes: string[]) {
  return { description, content: Object.fromEntries(mediaTypes.map((t) => [t, { schema: binary }])) };
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV = 'text/csv';
export const PDF = 'application/pdf';

/** A 204: rendered without content (z.null() would document a JSON null). */
export const noContent = z.undefined().describe('No content');
