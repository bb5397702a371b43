import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { badRequest, notFound } from '../../http/errors.js';
import { noContent } from '../../http/openapi.js';
import { idParam, pageQuery, regionCode } from '../../http/schemas.js';
import { roleSchema } from '../access/roles.js';
import { confirmCurrentPassword } from '../auth/service.js';
import { createUser, getUserView, listUsers, setLanguage, setPassword, updateUser } from './service.js';

export const userViewSchema = z
  .object({
    id: z.number(),
    username: z.string(),
    fullName: z.string(),
    active: z.boolean(),
    language: z.enum(['id', 'en']),
    roles: z.array(z.object({ role: roleSchema, regionCode: z.string(), regionName: z.string().nullable(), source: z.string() })),
    createdAt: z.date(),
  })
  .meta({ id: 'User' });

const grantSchema = z.object({ role: roleSchema, regionCode });
const username = z
  .string()
  .trim()
  .min(3)
  .max(50)
  .regex(/^[a-zA-Z0-9._-]+$/, 'Hanya huruf, angka, titik, garis bawah dan tanda hubung');

export async function userRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        querystring: pageQuery.extend({ q: z.string().trim().max(100).optional() }),
        response: { 200: z.object({ items: z.array(userViewSchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => {
      return listUsers(db, { search: req.query.q, page: req.query.page, pageSize: req.query.pageSize });
    },
  );

  app.get('/users/:id', { schema: { tags: ['users'], params: idParam, response: { 200: userViewSchema } } }, async (req) => {
    const user = await getUserView(db, req.params.id);
    if (!user) throw notFound('Pengguna');
    return user;
  });

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        body: z.object({
          username,
          fullName: z.string().trim().min(1).max(200),
          password: z.string().min(1).max(200),
          language: z.enum(['id', 'en']).optional(),
          roles: z.array(grantSchema).max(50),
        }),
        response: { 201: userViewSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const user = await createUser(db, req.body, actor, actor);
      return reply.status(201).send(user);
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        params: idParam,
        body: z.object({
          fullName: z.string().trim().min(1).max(200).optional(),
          active: z.boolean().optional(),
          language: z.enum(['id', 'en']).optional(),
          roles: z.array(grantSchema).max(50).optional(),
        }),
        response: { 200: userViewSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return updateUser(db, req.params.id, req.body, actor, actor);
    },
  );

  app.post(
    '/users/:id/password',
    {
      schema: { tags: ['users'], params: idParam, body: z.object({ password: z.string().min(1).max(200) }), response: { 204: noContent } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await setPassword(db, req.params.id, req.body.password, actor);
      return reply.status(204).send();
    },
  );

  /** Any signed-in user may change their own password and language. */
  app.patch(
    '/me',
    {
      schema: {
        tags: ['users'],
        body: z.object({
          language: z.enum(['id', 'en']).optional(),
          password: z.string().min(1).max(200).optional(),
          /** Required with `password`: a stolen session alone cannot take over the account. */
          currentPassword: z.string().min(1).max(200).optional(),
        }),
        response: { 200: userViewSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (req.body.password) {
        if (!req.body.currentPassword) {
          throw badRequest(
            'CURRENT_PASSWORD_REQUIRED',
            'Masukkan kata sandi saat ini untuk menggantinya',
            'Enter your current password to change it',
          );
        }
        await confirmCurrentPassword(db, ctx.config, actor, req.body.currentPassword, req.ip);
        await setPassword(db, actor.userId, req.body.password, actor);
      }
      if (req.body.language) await setLanguage(db, actor.userId, req.body.language, actor);
      const user = await getUserView(db, actor.userId);
      if (!user) throw notFound('Pengguna');
      return user;
    },
  );
}
