import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { noContent } from '../../http/openapi.js';
import { SESSION_COOKIE } from '../../http/server.js';
import { ACTIONS, abilities } from '../access/policy.js';
import { userViewSchema } from '../users/routes.js';
import { getUserView } from '../users/service.js';
import { login, logout } from './service.js';

/** What the signed-in user may do (access/policy.ts), so that the web app shows only what it may. */
const abilitiesSchema = z
  .array(
    z.object({
      action: z.enum(ACTIONS as [string, ...string[]]),
      regions: z.array(z.string()).nullable().describe('Region codes within which the action may be taken; null: kabupaten-wide'),
    }),
  )
  .describe('The actions of the access policy the user may take');
const sessionView = z.object({ user: userViewSchema, abilities: abilitiesSchema });

export async function authRoutes(app: App, ctx: AppContext) {
  const { config } = ctx;

  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: config.loginPerIpPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        body: z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: sessionView },
      },
    },
    async (req, reply) => {
      const { token, expiresAt, actor } = await login(ctx.db, config, {
        username: req.body.username,
        password: req.body.password,
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: config.secureCookies,
        path: '/',
        expires: expiresAt,
      });
      const user = await getUserView(ctx.db, actor.userId);
      return { user: user as NonNullable<typeof user>, abilities: abilities(actor) };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], response: { 204: noContent } } }, async (req, reply) => {
    const actor = requireActor(req);
    if (req.sessionToken) await logout(ctx.db, req.sessionToken, actor);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/auth/me', { schema: { tags: ['auth'], response: { 200: sessionView } } }, async (req) => {
    const actor = requireActor(req);
    const user = await getUserView(ctx.db, actor.userId);
    return { user: user as NonNullable<typeof user>, abilities: abilities(actor) };
  });
}
