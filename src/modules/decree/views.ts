import { z } from 'zod';
import { DECISIONS } from '../musdes/tables.js';
import { DIFF_CHANGES, REASON_CODES } from './diff.js';

/**
 * Response shapes of /api/v1/decrees, for the OpenAPI document and the serializer. A response
 * schema drops every field it does not declare, so each one mirrors what its service function
 * returns; views.test.ts checks at compile time that they stay equal.
 */

const desaTotal = z.object({ code: z.string(), name: z.string(), households: z.number(), members: z.number() });

export const totalsView = z
  .object({
    households: z.number(),
    members: z.number(),
    kecamatan: z.array(desaTotal.extend({ desa: z.array(desaTotal) })),
  })
  .meta({ id: 'DecreeTotals' });

export const draftView = z.object({ kabupatenCode: z.string(), totals: totalsView });

export const decreeRowView = z
  .object({
    householdId: z.number(),
    kecamatanCode: z.string(),
    kecamatanName: z.string(),
    desaCode: z.string(),
    desaName: z.string(),
    headName: z.string(),
    headNik: z.string().nullable().describe('Masked unless the reader may see it'),
    kkNumber: z.string().nullable().describe('Masked unless the reader may see it'),
    address: z.string().nullable(),
    memberCount: z.number(),
    desil: z.number().nullable(),
    source: z.string(),
  })
  .meta({ id: 'DecreeHousehold' });

export const rowPage = z.object({
  items: z.array(decreeRowView),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
});

export const preconditionView = z
  .object({
    code: z.string(),
    count: z.number(),
    message: z.string(),
    messageEn: z.string(),
    items: z.array(z.object({ code: z.string(), name: z.string() })).describe('Up to 50 examples'),
  })
  .meta({ id: 'DecreePrecondition' });

export const preconditionsView = z.object({ ready: z.boolean(), preconditions: z.array(preconditionView) });

export const decreeView = z
  .object({
    id: z.number(),
    kabupatenCode: z.string(),
    number: z.string(),
    decreeDate: z.string().describe('yyyy-mm-dd'),
    title: z.string(),
    signatoryName: z.string(),
    signatoryPosition: z.string(),
    status: z.string(),
    previous: z.object({ id: z.number(), number: z.string().nullable() }).nullable(),
    override: z
      .object({ preconditions: z.array(z.object({ code: z.string(), count: z.number() })), reason: z.string() })
      .nullable()
      .describe('Preconditions overridden at finalisation, and why'),
    householdCount: z.number(),
    memberCount: z.number(),
    kecamatanCount: z.number(),
    desaCount: z.number(),
    addedCount: z.number(),
    removedCount: z.number(),
    finalisedBy: z.object({ id: z.number(), name: z.string().nullable() }),
    finalisedAt: z.date(),
  })
  .meta({ id: 'Decree' });

export const decreeList = z.object({ items: z.array(decreeView) });

export const decreeDetail = decreeView.extend({ totals: totalsView }).meta({ id: 'DecreeDetail' });

export const diffEntryView = decreeRowView
  .extend({
    change: z.enum(DIFF_CHANGES),
    reasonCode: z.enum(REASON_CODES),
    currentStatus: z.string().nullable().describe('Target status in the registry now (null when gone)'),
    musdes: z
      .object({ meetingId: z.number(), number: z.string(), heldOn: z.string(), decision: z.enum(DECISIONS), reason: z.string().nullable() })
      .nullable()
      .describe('The finalised musdes that last decided on the household'),
  })
  .meta({ id: 'DecreeDiffEntry' });

export const diffView = z.object({
  previous: decreeView.shape.previous,
  addedCount: z.number(),
  removedCount: z.number(),
  change: z.enum(DIFF_CHANGES),
  items: z.array(diffEntryView),
  nextCursor: z.string().nullable(),
});
