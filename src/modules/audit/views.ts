import { z } from 'zod';

/**
 * Response shapes of /api/v1/audit, for the OpenAPI document and the serializer. A response
 * schema drops every field it does not declare, so each one mirrors what its service function
 * returns; views.test.ts checks at compile time that they stay equal.
 */

export const auditEntryView = z
  .object({
    id: z.number(),
    at: z.date(),
    actorId: z.number().nullable(),
    actorName: z.string(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    regionCode: z.string().nullable(),
    before: z.unknown().describe('The object before the change (JSON), if any'),
    after: z.unknown().describe('The object after the change (JSON), if any'),
  })
  .meta({ id: 'AuditEntry' });

export const auditPage = z.object({
  items: z.array(auditEntryView),
  nextBeforeId: z.number().nullable().describe('Pass as `beforeId` for the next page; null on the last'),
});

export const anchorView = z
  .object({
    id: z.number(),
    at: z.string().describe('ISO time'),
    lastId: z.number().describe('The last audit entry covered'),
    headHash: z.string(),
    entries: z.number(),
    reason: z.string(),
    keyId: z.string(),
    signature: z.string(),
  })
  .meta({ id: 'AuditAnchor' });

export const latestAnchorView = z.object({ anchor: anchorView.nullable(), line: z.string().describe('The line printed on reports') });

export const takenAnchorView = z.object({ anchor: anchorView, line: z.string() });

export const verifyView = z
  .object({
    ok: z.boolean(),
    checked: z.number(),
    firstBadId: z.number().optional(),
    reason: z.string().optional(),
    anchor: z.object({ id: z.number(), source: z.string(), at: z.string(), lastId: z.number() }).optional(),
    anchors: z.object({
      checked: z.number(),
      sources: z.array(z.object({ source: z.string(), anchors: z.number() })),
      latest: anchorView.nullable(),
    }),
  })
  .meta({ id: 'AuditVerification' });
