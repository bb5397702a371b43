import { z } from 'zod';

/** Response shapes of /api/v1/imports, for the OpenAPI document, the serializer and the generated web types. */

export const importView = z
  .object({
    id: z.number(),
    kind: z.string(),
    status: z.enum(['RUNNING', 'DONE', 'FAILED']),
    edition: z.string().nullable(),
    files: z.unknown(),
    counts: importCounts.nullable(),
    error: z.string().nullable(),
    startedAt: z.date(),
    finishedAt: z.date().nullable(),
    startedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
    jobId: z.number().nullable(),
  })
  .meta({ id: 'ImportBatch' });

export const issueView = z
  .object({
    file: z.string(),
    rowNumber: z.number(),
    column: z.string().nullable(),
    value: z.string().nullable(),
    severity: z.enum(['ERROR', 'WARNING']),
    code: z.string(),
    message: z.string(),
  })
  .meta({ id: 'ImportIssue' });

export const importStarted = z.object({ importId: z.number(), jobId: z.number() }).meta({ id: 'ImportStarted' });
export const importList = z.object({ items: z.array(importView), total: z.number() }).meta({ id: 'ImportList' });
export const issueList = z.object({ items: z.array(issueView), total: z.number() }).meta({ id: 'ImportIssueList' });
