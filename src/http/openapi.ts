import type { Readable } from 'node:stream';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * OpenAPI pieces for what is not JSON: uploaded files (multipart bodies) and file answers
 * (XLSX, PDF, CSV, images). They only describe; the handlers read and write the streams.
 */

/**
 * A file in a multipart body or a file answer: `type: string, format: binary` in the OpenAPI.
 * Never parsed: a multipart body is streamed by its handler and a file answer (a Buffer or a
 * stream) is sent as it is, not serialized.
 */
export const binaryFile = z.custom<Buffer | Readable | string>(() => true).meta({ type: 'string', format: 'binary' });

/**
 * A multipart body for the OpenAPI: the file field(s) as `binaryFile` and the form fields.
 * Use with `consumes: ['multipart/form-data']` and the route option `validatorCompiler:
 * multipartValidator`: the handler reads the stream itself (req.file()/req.parts()), so the
 * body is documented, not validated here.
 */
export const multipartBody = <S extends z.ZodRawShape>(shape: S) => z.object(shape);

/**
 * Route option for a multipart route: validates params and query with zod as usual and leaves
 * the body, which Fastify does not parse for multipart (the handler streams it), alone.
 */
export const multipartValidator: FastifySchemaCompiler<FastifySchema> = (route) =>
  route.httpPart === 'body' ? () => true : validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PDF_TYPE = 'application/pdf';
export const CSV_TYPE = 'text/csv';

/** A 200 answer that is a file of one of `types` (the handler sets content-type and content-disposition). */
export function fileResponse(description: string, ...types: string[]) {
  return { description, content: Object.fromEntries(types.map((t) => [t, { schema: binaryFile }])) };
}

/** An answer with no body (204): rendered without content in the OpenAPI. */
export const noContent = z.undefined().describe('No content');
