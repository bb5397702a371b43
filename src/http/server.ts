import fs from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import { routeAccess } from '../modules/access/policy.js';
import { resolveSession } from '../modules/auth/service.js';
import { type App, type AppContext, requireAccess } from './context.js';
import { brokenMultipart, isBrokenMultipart, registerEdgeHooks } from './edge.js';
import { AppError, errorBody } from './errors.js';
import { registerModuleRoutes } from './routes.js';
import { setStaticHeaders } from './static-files.js';
import { validationError } from './validation.js';

export const SESSION_COOKIE = 'sasmita_session';
/** Header every state-changing API call must carry; browsers cannot add it cross-site without CORS. */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'sasmita';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const API_PREFIX = '/api/v1';

/** Config's trustProxy as Fastify takes it: a hop count becomes the function Fastify would make of it. */
function trustProxyOption(tp: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof tp === 'number' ? (_address, hop) => hop < tp : tp;
}

export async function buildServer(ctx: AppContext, opts: { logger?: boolean } = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger === false ? false : { level: ctx.config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    bodyLimit: ctx.config.bodyLimit,
    // Only a configured proxy may name the client (rate limits and the audit log use req.ip).
    trustProxy: trustProxyOption(ctx.config.trustProxy),
  }).withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>() as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(cookie);
  // Compression only where a route asks for it (`compress: {}`): large JSON such as the verval
  // offline pack. Static files come precompressed (scripts/compress-web.mjs).
  await app.register(compress, { global: false, encodings: ['br', 'gzip'], threshold: 1024 });
  await app.register(multipart, { limits: { fileSize: ctx.config.uploadLimit, files: 4 } });
  await app.register(rateLimit, {
    global: false,
    // The plugin throws what this returns; an AppError reaches the error handler as a 429.
    errorResponseBuilder: () =>
      new AppError(429, 'RATE_LIMITED', 'Terlalu banyak permintaan, coba lagi sebentar lagi', 'Too many requests, try again shortly'),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Sasmita API', version: '1', description: 'Sistem Analisa Kemiskinan Terpadu Daerah' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas named with `.meta({ id })` become components: the generated web types name them.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);

  registerEdgeHooks(app);
  app.addHook('onSend', async (req, reply) => {
    // An answer sent before the request body was read to its end (an upload refused for its size
    // or type on its first bytes) would leave the unread rest on a kept-alive connection, where
    // the next request then hangs: close that connection instead.
    if (!req.raw.complete) reply.header('connection', 'close');
  });
  app.addHook('onRequest', async (req) => {
    // Every state-changing request, whatever URL and however it is spelled (%61pi…), carries
    // the header; the server has no state-changing route that a cross-site form may call.
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== CSRF_VALUE) {
      throw new AppError(
        403,
        'CSRF_REJECTED',
        'Permintaan ditolak: header keamanan tidak ada',
        `Request rejected: missing ${CSRF_HEADER} header`,
      );
    }
    // The matched route, not the raw URL: the same route may be spelled with escapes.
    if (!req.routeOptions.url?.startsWith('/api/')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const actor = await resolveSession(ctx.db, token);
      if (actor) {
        req.actor = actor;
        req.sessionToken = token;
      }
    }
  });

  // Every API route performs one action of the access policy (access/policy.ts): a route listed
  // under none refuses to register, so a new route cannot be forgotten. Its check runs before
  // the input is validated, so a role that may not call the route gets 403 whatever it sends.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(API_PREFIX)) return;
    const path = route.url.slice(API_PREFIX.length);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const found = new Set(methods.map((m) => routeAccess(m, path)));
    const access = [...found][0];
    if (found.size !== 1 || access === undefined) {
      throw new Error(`${methods.join(',')} ${route.url} has no action in src/modules/access/policy.ts`);
    }
    route.config = { ...route.config, access };
  });
  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config.access;
    if (access && access !== 'public') requireAccess(req, access);
    // An initial or reset password must be replaced first: until then only the user's own
    // account routes (me, logout, PATCH /me for the change) answer (issue 25).
    if (req.actor?.mustChangePassword && access && access !== 'public' && access !== 'account.self') {
      throw new AppError(
        403,
        'PASSWORD_CHANGE_REQUIRED',
        'Ganti kata sandi awal Anda terlebih dahulu',
        'Change your initial password first',
      );
    }
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) return reply.status(err.status).send(errorBody(err));
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply.status(400).send(errorBody(validationError(err.validation, err.validationContext)));
    }
    if (isBrokenMultipart(err)) return reply.status(400).send(errorBody(brokenMultipart()));
    const e = err as { statusCode?: number; code?: string; message?: string };
    const status = e.statusCode ?? 500;
    if (status === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE' || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply
        .status(413)
        .send(errorBody(new AppError(413, 'PAYLOAD_TOO_LARGE', 'Data atau berkas terlalu besar', 'Request or file too large')));
    }
    if (status === 429) {
      return reply.status(429).send(errorBody(new AppError(429, 'RATE_LIMITED', 'Terlalu banyak permintaan', 'Too many requests')));
    }
    if (status >= 400 && status < 500) {
      return reply
        .status(status)
        .send(errorBody(new AppError(status, 'BAD_REQUEST', 'Permintaan tidak valid', e.message ?? 'Bad request')));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody(new AppError(500, 'INTERNAL', 'Terjadi kesalahan pada server', 'Internal server error')));
  });

  await app.register(
    async (api) => {
      await registerModuleRoutes(api as App, ctx);
    },
    { prefix: API_PREFIX },
  );

  const indexHtml = path.join(ctx.config.webDist, 'index.html');
  if (fs.existsSync(indexHtml)) {
    // Precompressed .br/.gz twins come from `npm run build:web` (scripts/compress-web.mjs).
    await app.register(fastifyStatic, {
      root: ctx.config.webDist,
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      setHeaders: setStaticHeaders,
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/') && fs.existsSync(indexHtml)) {
      // Client-side routes of the single-page app (a missing hashed asset stays a 404).
      return reply.sendFile('index.html');
    }
    return reply.status(404).send(errorBody(new AppError(404, 'NOT_FOUND', 'Alamat tidak ditemukan', 'Route not found')));
  });

  return app;
}
