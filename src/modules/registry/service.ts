import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { FILE_LABELS, type FileRole } from './import/columns.js';
import type { StoredImportCounts } from './views.js';

/** Import records, their findings and the error report. The import itself is in ./import/. */

export interface ImportView {
  id: number;
  kind: string;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  edition: string | null;
  files: unknown;
  /** As the import stored it (ImportSummary['counts']; imports before removed/rejected lack them). */
  counts: StoredImportCounts | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  startedBy: { id: number; name: string } | null;
  jobId: number | null;
}

function importQuery(db: Kysely<DB>) {
  return db
    .selectFrom('import_batch as b')
    .leftJoin('job as j', 'j.id', 'b.job_id')
    .leftJoin('app_user as u', 'u.id', 'b.started_by')
    .select([
      'b.id',
      'b.kind',
      'b.status',
      'b.edition',
      'b.files',
      'b.counts',
      'b.error',
      'b.started_at',
      'b.finished_at',
      'b.started_by',
      'b.job_id',
      'u.full_name',
      'j.status as job_status',
      'j.error as job_error',
      'j.finished_at as job_finished_at',
    ]);
}

type ImportRow = Awaited<ReturnType<ReturnType<typeof importQuery>['executeTakeFirstOrThrow']>>;

function toView(r: ImportRow): ImportView {
  // A process killed mid-import cannot record its end; its job is marked FAILED when the
  // database is next opened, and the import is shown with that outcome.
  const interrupted = r.status === 'RUNNING' && r.job_status === 'FAILED';
  return {
    id: r.id,
    kind: r.kind,
    status: (interrupted ? 'FAILED' : r.status) as ImportView['status'],
    edition: r.edition,
    files: r.files,
    counts: r.counts as StoredImportCounts | null,
    error: interrupted ? (r.job_error ?? null) : r.error,
    startedAt: r.started_at,
    finishedAt: interrupted ? (r.job_finished_at ?? null) : r.finished_at,
    startedBy: r.started_by === null ? null : { id: r.started_by, name: r.full_name ?? String(r.started_by) },
    jobId: r.job_id,
  };
}

export async function listImports(db: Kysely<DB>, page: number, pageSize: number): Promise<{ items: ImportView[]; total: number }> {
  const rows = await importQuery(db)
    .orderBy('b.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const total = await db
    .selectFrom('import_batch')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { items: rows.map(toView), total: Number(total.n) };
}

export async function getImport(db: Kysely<DB>, id: number): Promise<ImportView | undefined> {
  const r = await importQuery(db).where('b.id', '=', id).executeTakeFirst();
  return r ? toView(r) : undefined;
}

export interface IssueView {
  file: string;
  rowNumber: number;
  column: string | null;
  value: string | null;
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
}

export async function listIssues(
  db: Kysely<DB>,
  importId: number,
  q: { severity?: 'ERROR' | 'WARNING' | undefined; page: number; pageSize: number },
): Promise<{ items: IssueView[]; total: number }> {
  let base = db.selectFrom('import_issue').where('import_id', '=', importId);
  if (q.severity) base = base.where('severity', '=', q.severity);
  const rows = await base
    .select(['file', 'row_number', 'column_name', 'value', 'severity', 'code', 'message'])
    .orderBy('id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      file: r.file,
      rowNumber: r.row_number,
      column: r.column_name,
      value: r.value,
      severity: r.severity,
      code: r.code,
      message: r.message,
    })),
    total: Number(total.n),
  };
}

export const REPORT_HEADERS = ['Berkas', 'Baris', 'Kolom', 'Nilai', 'Tingkat', 'Kode', 'Keterangan'];

const SEVERITY_LABEL = { ERROR: 'Ditolak', WARNING: 'Peringatan' } as const;

/**
 * The error report's rows, in file and row order, read in pages so a report of a million
 * findings streams in constant memory. Berkas names the file as it was uploaded.
 */
export async function* reportRows(db: Kysely<DB>, importId: number): AsyncGenerator<unknown[]> {
  const batch = await db.selectFrom('import_batch').select('files').where('id', '=', importId).executeTakeFirst();
  const names = new Map<string, string>();
  for (const f of Array.isArray(batch?.files) ? (batch.files as Array<{ role?: string; name?: string }>) : []) {
    if (f.role && f.name) names.set(f.role, f.name);
  }
  const label = (role: string) => names.get(role) ?? FILE_LABELS[role as FileRole] ?? role;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('import_issue')
      .select(['id', 'file', 'row_number', 'column_name', 'value', 'severity', 'code', 'message'])
      .where('import_id', '=', importId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) yield [label(r.file), r.row_number, r.column_name, r.value, SEVERITY_LABEL[r.severity], r.code, r.message];
    after = rows[rows.length - 1]?.id ?? after;
  }
}
