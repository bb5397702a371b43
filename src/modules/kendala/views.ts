import { z } from 'zod';
import { KENDALA_CATEGORIES, KENDALA_STATUSES } from './tables.js';

/**
 * Response shapes of /api/v1/kendala, for the OpenAPI document and the serializer. A response
 * schema drops every field it does not declare, so each one mirrors what its service function
 * returns; views.test.ts checks at compile time that they stay equal.
 */

const person = z.object({ id: z.number(), name: z.string() });

export const kendalaView = z
  .object({
    id: z.number(),
    category: z.enum(KENDALA_CATEGORIES),
    title: z.string(),
    description: z.string(),
    status: z.enum(KENDALA_STATUSES),
    rejectionReason: z.string().nullable(),
    kecamatanCode: z.string(),
    kecamatanName: z.string().nullable(),
    desaCode: z.string(),
    desaName: z.string().nullable(),
    reporter: person,
    screenshot: z.object({ mime: z.string() }).nullable().describe('The file is GET /kendala/{id}/screenshot'),
    createdAt: z.date(),
    firstResponseAt: z.date().nullable(),
    resolvedAt: z.date().nullable(),
    responseSeconds: z.number().nullable(),
    resolutionSeconds: z.number().nullable(),
    commentCount: z.number(),
    updatedAt: z.date(),
    version: z.number(),
  })
  .meta({ id: 'Kendala' });

export const kendalaList = z.object({
  items: z.array(kendalaView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  canReport: z.boolean().describe('The reader may report a new ticket'),
});

export const commentView = z
  .object({ id: z.number(), body: z.string(), createdAt: z.date(), author: person })
  .meta({ id: 'KendalaComment' });

export const kendalaDetail = kendalaView
  .extend({ comments: z.array(commentView), canComment: z.boolean().describe('The reader may comment') })
  .meta({ id: 'KendalaDetail' });
