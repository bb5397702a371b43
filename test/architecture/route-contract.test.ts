import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/context.js';
import { registerModuleRoutes } from '../../src/http/routes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Issue 24: the OpenAPI document at /api/docs is the one contract the web client is generated
 * from, so every operation must describe its success answer and every body it reads. This fails
 * listing each operation that declares no response schema for a 2xx status, each handler that
 * reads a body (JSON or multipart) without a body in the document, and each multipart route
 * whose body is not described as multipart/form-data.
 */

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  consumes?: string[];
}
type Doc = { paths: Record<string, Record<string, Operation>> };

/**
 * A handler reads a body when it touches req.body or the multipart stream, directly or through
 * the upload helper (compiled, the call may read `(0, upload.withListUpload)(`); a route that
 * declares `consumes: multipart/form-data` reads one however it is written.
 */
const READS_BODY = /\breq(?:uest)?\.(?:body|file|files|parts|isMultipart)\b|\bwithListUpload\)?\(/;
const READS_MULTIPART = /\breq(?:uest)?\.(?:file|files|parts|isMultipart)\b|\bwithListUpload\)?\(/;

/** Fastify's `/a/:id` as the OpenAPI's `/a/{id}`. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

let s: TestServer;
let doc: Doc;
const handlers = new Map<string, { source: string; multipart: boolean }>();

beforeAll(async () => {
  s = await startTestServer();
  doc = (await s.anonymous().get('/api/docs/json')).body as Doc;
  // The handlers' own source, from the same route registrations the server makes.
  const bare = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  bare.setValidatorCompiler(validatorCompiler);
  bare.setSerializerCompiler(serializerCompiler);
  bare.addHook('onRoute', (r) => {
    const source = r.handler.toString();
    const consumes = (r.schema as { consumes?: string[] } | undefined)?.consumes ?? [];
    const multipart = consumes.includes('multipart/form-data') || READS_MULTIPART.test(source);
    for (const m of [r.method].flat()) handlers.set(`${m.toLowerCase()} ${openApiPath(r.url)}`, { source, multipart });
  });
  await bare.register(async (api) => registerModuleRoutes(api as unknown as App, s.ctx), { prefix: '/api/v1' });
  await bare.close();
});

afterAll(async () => {
  await s?.close();
});

function operations(): Array<[string, Operation]> {
  return Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([method, op]) => [`${method} ${p}`, op] as [string, Operation]),
  );
}

describe('route contract', () => {
  it('sees the module routes', () => {
    expect(handlers.size).toBeGreaterThan(100);
    for (const key of handlers.keys()) {
      if (key.startsWith('head ')) continue;
      expect(doc.paths[key.slice(key.indexOf(' ') + 1)], key).toBeDefined();
    }
  });

  it('every operation declares a response schema for its success status', () => {
    const missing = operations()
      .filter(([key]) => key.includes('/api/v1/'))
      .filter(([, op]) => {
        const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
        // 204 has no body by definition; any other 2xx must describe its content.
        return !ok.some(([code, r]) => code === '204' || Object.values(r.content ?? {}).some((c) => c.schema));
      })
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('every body a handler reads is described, multipart as multipart/form-data', () => {
    const missing: string[] = [];
    for (const [key, op] of operations()) {
      const route = handlers.get(key);
      if (!route || !(route.multipart || READS_BODY.test(route.source))) continue;
      const content = op.requestBody?.content ?? {};
      const hasSchema = Object.values(content).some((c) => c.schema);
      if (!hasSchema) missing.push(`${key}: no request body schema`);
      else if (route.multipart && !content['multipart/form-data']?.schema) missing.push(`${key}: multipart body not described`);
    }
    expect(missing).toEqual([]);
  });
});
