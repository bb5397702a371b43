import type { Readable } from 'node:stream';
import { z } from 'zod';

/**
 * OpenAPI pieces for what is not JSON: uploaded files (multipart bodies), file answers (XLSX,
 * PDF, CSV, images) and empty answers, so that /api/docs describes every operation (issue 24).
 * They only describe; the handlers read and write the streams.
 */

/**
 * A file in a multipart body or a file answer: `type: string, format: binary` in the OpenAPI.
 * Never parsed: a multipart body is streamed by its handler and a file answer (a Buffer or a
 * stream) is sent as it is, not serialised.
 */
export const binaryFile = z.custom<Buffer | Readable | string>(() => true).meta({ type: 'string', format: 'binary' });

/** A file field of a multipart form. */
export const fileField = (description?: string) => (description ? binaryFile.describe(description) : binaryFile);

/**
 * A multipart body: the form (file fields as `fileField()`, the other fields as usual) for the
 * document and the generated client. Fastify hands the validator `null` for a multipart body,
 * which the handler reads as a stream (req.file(), req.parts()), so the schema lets every value
 * through and only describes. Declare the route with `consumes: ['multipart/form-data']`.
 */
export function multipartBody(shape: z.ZodRawShape, description?: string) {
  const form = z.toJSONSchema(z.object(shape), { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete form.$schema;
  return z.unknown().meta({ ...form, ...(description ? { description } : {}) });
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PDF_TYPE = 'application/pdf';
export const CSV_TYPE = 'text/csv';

/** A 200 answer that is a file of one of `types` (the handler sets content-type and content-disposition). */
export function fileResponse(description: string, ...types: string[]) {
  return { description, content: Object.fromEntries(types.map((t) => [t, { schema: binaryFile }])) };
}

/** An answer with no body (204): rendered without content in the OpenAPI (z.null() would document a JSON null). */
export const noContent = z.undefined().describe('No content');
