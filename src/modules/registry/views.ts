import { z } from 'zod';

/** Response shapes of /api/v1/imports, for the OpenAPI document, the serializer and the generated web types. */

const n = z.number().optional();
/** Rows of one file or of all files (older imports may lack some counts). */
const rowCounts = { rows: n, stored: n, inserted: n, updated: n, unchanged: n, rejected: n, warnings: n };
/** What an import did to households or members (older imports lack removed/rejected). */
const entityCounts = z.object({ inserted: z.number(), updated: z.number(), unchanged: z.number(), removed: n, rejected: n });
export const importCounts = z
  .object({
    ...rowCounts,
    files: z.record(z.string(), z.object(rowCounts)).optional().describe('The same counts per file'),
    households: entityCounts.optional(),
    members: entityCounts.optional(),
  })
  .meta({ id: 'ImportCounts' });
export type StoredImportCounts = z.output<typeof importCounts>;

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

const columnMapping = z.record(z.string(), z.string());
const templateColumns = z.object({ keluarga: columnMapping.optional(), anggota: columnMapping.optional(), dtks: columnMapping.optional() });

export const mappingTemplateView = z
  .object({
    id: z.number().nullable().describe('null for a built-in layout'),
    name: z.string(),
    kind: z.enum(['P3KE', 'DTKS']),
    builtIn: z.boolean(),
    columns: templateColumns.describe('Per file: canonical column → the source header holding it'),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportMappingTemplate' });
export const mappingTemplateList = z.object({ items: z.array(mappingTemplateView) }).meta({ id: 'ImportMappingTemplateList' });

export const previewView = z
  .object({
    files: z.array(
      z.object({
        role: z.enum(['keluarga', 'anggota', 'dtks']),
        name: z.string(),
        headerRow: z.number(),
        headers: z.array(z.string()),
        rows: z.array(z.object({ row: z.number(), cells: z.array(z.string().nullable()) })),
        columns: columnMapping,
        suggested: columnMapping,
        canonical: z.array(z.string()),
        required: z.array(z.string()),
      }),
    ),
    issues: z.array(
      z.object({
        file: z.enum(['keluarga', 'anggota', 'dtks']),
        row: z.number(),
        column: z.string().nullable(),
        value: z.string().nullable(),
        severity: z.enum(['ERROR', 'WARNING']),
        code: z.string(),
        message: z.string(),
      }),
    ),
    problem: z.string().nullable().describe('Why the files cannot be imported with this mapping'),
  })
  .meta({ id: 'ImportPreview' });
