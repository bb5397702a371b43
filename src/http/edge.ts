import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, badRequest } from './errors.js';

/**
 * Input checks at the HTTP edge, for every route at once: PostgreSQL text cannot hold a NUL
 * character, so a NUL anywhere in a request would otherwise surface as a database error (500)
 * deep in some query, or cut a streamed export mid-file. Refused here with one clear 400.
 */

export const invalidInput = () =>
  badRequest('INVALID_INPUT', 'Masukan mengandung karakter yang tidak diizinkan', 'The input contains characters that are not allowed');

/**
 * Text the database cannot store: a NUL character, or a lone UTF-16 surrogate (JSON allows
 * "\ud800", PostgreSQL's json/jsonb and its UTF-8 text refuse it: every audited write failed).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const forbiddenText = (s: string) => s.includes('\0') || LONE_SURROGATE.test(s);

/** True when any string in `value` (keys included, at any depth) holds text the database refuses. */
export function containsForbiddenText(value: unknown): boolean {
  // Iterative: a deeply nested JSON body must not overflow the stack here.
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (forbiddenText(v)) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, item] of Object.entries(v)) {
        if (forbiddenText(k)) return true;
        stack.push(item);
      }
    }
  }
  return false;
}

/** The decoded path of a request URL, or a 400 when its percent-encoding is malformed. */
export function decodedPath(url: string): string {
  const q = url.indexOf('?');
  const raw = q === -1 ? url : url.slice(0, q);
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest('INVALID_INPUT', 'Alamat permintaan tidak valid', 'The request path is malformed');
  }
}

const BROKEN_MULTIPART_CODES = new Set(['FST_MP_PREMATURE_CLOSE', 'FST_INVALID_JSON_FIELD_ERROR', 'FST_PROTO_VIOLATION']);

/**
 * A multipart body the parser could not read (truncated, no boundary, broken part headers):
 * busboy's errors carry no status and would otherwise answer 500. Limits keep their 413.
 */
export function isBrokenMultipart(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && BROKEN_MULTIPART_CODES.has(e.code)) return true;
  return (
    typeof e?.message === 'string' &&
    /^(Unexpected end of (form|multipart data)|Multipart: Boundary not found|\w+ terminated early|Malformed part header)/.test(e.message)
  );
}

export const brokenMultipart = () =>
  new AppError(
    400,
    'INVALID_MULTIPART',
    'Isi formulir unggahan rusak atau terpotong; kirim ulang',
    'The upload form data is broken or truncated; send it again',
  );

interface PartLike {
  fieldname?: unknown;
  filename?: unknown;
  value?: unknown;
}

/** A multipart part (field or file) passes the same NUL check as every other input. */
function checkPart<T>(part: T): T {
  const p = part as PartLike | undefined;
  if (
    p &&
    (containsForbiddenText(p.fieldname) || containsForbiddenText(p.filename) || (typeof p.value === 'string' && forbiddenText(p.value)))
  ) {
    throw invalidInput();
  }
  return part;
}

type PartsFn = (options?: unknown) => AsyncIterableIterator<unknown>;
type FileFn = (options?: unknown) => Promise<unknown>;

/**
 * Multipart bodies are read by the handler as a stream (req.parts(), req.file()), after every
 * hook has run: wrap the two readers of this request so each part is checked as it arrives.
 */
function checkMultipartParts(req: FastifyRequest): void {
  const r = req as unknown as { parts: PartsFn; file: FileFn };
  const parts = r.parts.bind(req);
  const file = r.file.bind(req);
  r.parts = (options) => {
    const it = parts(options);
    return (async function* () {
      for await (const part of it) yield checkPart(part);
    })();
  };
  r.file = async (options) => {
    const part = checkPart(await file(options)) as (PartLike & { fields?: Record<string, unknown> }) | undefined;
    // Fields sent before the file are already parsed; refuse a NUL among them too.
    for (const f of Object.values(part?.fields ?? {})) {
      for (const one of Array.isArray(f) ? f : [f]) if (one !== part) checkPart(one);
    }
    return part;
  };
}

export function registerEdgeHooks(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    if (forbiddenText(decodedPath(req.url))) throw invalidInput();
  });
  app.addHook('preValidation', async (req) => {
    if (containsForbiddenText(req.params) || containsForbiddenText(req.query) || containsForbiddenText(req.body)) throw invalidInput();
    if (req.isMultipart()) checkMultipartParts(req);
  });
}
