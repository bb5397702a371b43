import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { AppContext } from '../../../http/context.js';
import { AppError, badRequest, conflict } from '../../../http/errors.js';
import { describeJobError, isJobKindRunning, startJob } from '../../../jobs/service.js';
import { type AuditActor, recordAudit } from '../../audit/service.js';
import { regionIndex } from '../../regions/service.js';
import { checkXlsx } from '../../spreadsheets/index.js';
import type { FileRole } from './columns.js';
import { DIRECT_STEPS, isFirstLoad, loadDirect } from './direct.js';
import { LOAD_STEPS, type LoadOutcome, mergeStaged } from './load.js';
import type { ColumnMapping } from './mapping.js';
import type { ParseResult, RegistrySource } from './parse.js';
import { parseFiles } from './parse-runner.js';
import { type FileType, sniffFileType } from './reader.js';
import { copyToStage, createStage, dropOrphanStages, dropStage } from './stage.js';
import { refreshRegistryStatistics } from './statistics.js';

/** Rows of one file (or all files): rows = stored + rejected, stored = inserted + updated + unchanged. */
export interface ImportCounts {
  rows: number;
  stored: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
}

/**
 * What the import did to one kind of record: new, changed, unchanged, removed (members no
 * longer listed in their household's newer release; an import never removes a household),
 * and the file rows of that kind that were rejected.
 */
export interface EntityCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  rejected: number;
}

export interface ImportSummary {
  importId: number;
  /** Totals over all files, with the same counts per file and for households and members. */
  counts: ImportCounts & {
    files: Partial<Record<FileRole, ImportCounts>>;
    households: EntityCounts;
    members: EntityCounts;
  };
  /** Seconds spent reading and validating the files, merging them, and refreshing statistics afterwards. */
  timings?: { readSeconds: number; loadSeconds: number; statisticsSeconds: number | null };
}

export type ImportProgress = (p: { phase: string; done: number; total: number }) => void;

export interface ImportFile {
  role: FileRole;
  path: string;
  /** Shown in reports; the path's file name when omitted. */
  name?: string;
  /** Read through a column mapping (mapping.ts) instead of the layout's own column names. */
  columns?: ColumnMapping;
}

export interface StartedImport {
  importId: number;
  jobId: number;
  finished: Promise<ImportSummary>;
}

const fmt = (n: number) => n.toLocaleString('id-ID');

/** The job phase of writing the rows read into the registry. */
const LOAD_PHASE = 'memuat ke database';

/**
 * Chunks (25,000 rows, ~7 MB) the reader may run ahead of a first load's COPY: the household
 * indexes are built while the member file is read, and the reader should not stall meanwhile.
 */
const DIRECT_CHUNKS_AHEAD = 12;

/** The job phase after the commit: planner statistics and VACUUM of the registry. */
export const STATISTICS_PHASE = 'memperbarui statistik database';

export function summaryLine(s: ImportSummary): string {
  const c = s.counts;
  const hh = c.households;
  const m = c.members;
  return (
    `${fmt(c.stored)} baris disimpan (keluarga: ${fmt(hh.inserted)} baru, ${fmt(hh.updated)} berubah, ${fmt(hh.unchanged)} tetap, ` +
    `${fmt(hh.rejected)} ditolak; anggota: ${fmt(m.inserted)} baru, ${fmt(m.updated)} berubah, ${fmt(m.unchanged)} tetap, ` +
    `${fmt(m.removed)} dihapus, ${fmt(m.rejected)} ditolak), ${fmt(c.rejected)} ditolak, ${fmt(c.warnings)} peringatan`
  );
}

/** CSV or XLSX by content; anything else is refused before an import starts. */
export function checkFileType(file: ImportFile): FileType {
  const sniffed = sniffFileType(file.path);
  if (sniffed.type) return sniffed.type;
  const name = file.name ?? path.basename(file.path);
  throw badRequest(
    'UNSUPPORTED_FILE',
    `Berkas ${file.role} (${name}) tidak bisa diimpor: ${sniffed.reason}. Gunakan CSV atau XLSX`,
    `The ${file.role} file (${name}) cannot be imported: ${sniffed.reasonEn}. Use CSV or XLSX`,
  );
}

function fileCounts(rows: number, stored: number, inserted: number, updated: number, warnings: number): ImportCounts {
  return { rows, stored, inserted, updated, unchanged: stored - inserted - updated, rejected: rows - stored, warnings };
}

function addCounts(list: ImportCounts[]): ImportCounts {
  const t: ImportCounts = { rows: 0, stored: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0 };
  for (const c of list) for (const k of Object.keys(t) as Array<keyof ImportCounts>) t[k] += c[k];
  return t;
}

async function regionRows(ctx: AppContext) {
  const kab = ctx.config.kabupatenCode;
  const regions = await regionIndex(ctx.db, kab);
  if (!regions.has(kab)) {
    throw new AppError(
      409,
      'REGIONS_NOT_LOADED',
      `Data wilayah kabupaten ${kab} belum dimuat; jalankan "sasmita regions load --kabupaten ${kab}" dulu`,
      `The region tree of ${kab} is not loaded yet`,
    );
  }
  return [...regions.values()];
}

function countsOf(kind: RegistrySource, parsed: ParseResult, o: LoadOutcome): ImportSummary['counts'] {
  const rowsOf = (role: FileRole) => parsed.files.find((f) => f.role === role)?.rows ?? 0;
  if (kind === 'P3KE') {
    const keluarga = fileCounts(
      rowsOf('keluarga'),
      parsed.stored.keluarga ?? 0,
      o.households.inserted,
      o.households.updated,
      parsed.warnings.keluarga,
    );
    const anggota = fileCounts(
      rowsOf('anggota'),
      parsed.stored.anggota ?? 0,
      o.members.inserted,
      o.members.updated,
      parsed.warnings.anggota,
    );
    return {
      ...addCounts([keluarga, anggota]),
      files: { keluarga, anggota },
      households: { ...hhCounts(o), removed: 0, rejected: keluarga.rejected },
      members: { ...memberCounts(o), rejected: anggota.rejected },
    };
  }
  // A DTKS row is one person: its rejected rows are members; households are formed from the stored ones.
  const dtks = fileCounts(rowsOf('dtks'), parsed.stored.dtks ?? 0, o.members.inserted, o.members.updated, parsed.warnings.dtks);
  return {
    ...dtks,
    files: { dtks },
    households: { ...hhCounts(o), removed: 0, rejected: 0 },
    members: { ...memberCounts(o), rejected: dtks.rejected },
  };
}

const hhCounts = (o: LoadOutcome) => ({
  inserted: o.households.inserted,
  updated: o.households.updated,
  unchanged: o.households.unchanged,
});
const memberCounts = (o: LoadOutcome) => ({
  inserted: o.members.inserted,
  updated: o.members.updated,
  unchanged: o.members.unchanged,
  removed: o.members.removed,
});

/**
 * Start an import as a job: the import record and the job exist when this returns; the
 * files are read, validated and loaded in the background. `cleanup` runs when it ends.
 */
async function startImport(
  ctx: AppContext,
  kind: RegistrySource,
  files: ImportFile[],
  edition: string | undefined,
  actor: AuditActor,
  onProgress: ImportProgress | undefined,
  cleanup?: () => void,
): Promise<StartedImport> {
  const typed = files.map((f) => ({
    role: f.role,
    path: f.path,
    name: f.name ?? path.basename(f.path),
    type: checkFileType(f),
    ...(f.columns ? { columns: f.columns } : {}),
  }));
  // An XLSX is checked as a zip before the import starts, so that a bomb is refused at once (413/422).
  for (const f of typed) if (f.type === 'xlsx') await checkXlsx(f.path, ctx.config.spreadsheet, `Berkas ${f.role} (${f.name})`);
  const regions = await regionRows(ctx);
  if (await isJobKindRunning(ctx.db, 'import.')) {
    throw conflict(
      'IMPORT_RUNNING',
      'Impor lain sedang berjalan; tunggu sampai selesai',
      'Another import is running; wait for it to finish',
    );
  }
  await dropOrphanStages(ctx.db);
  const editionText = edition?.trim() ? edition.trim().slice(0, 100) : null;
  const batch = await ctx.db
    .insertInto('import_batch')
    .values({
      kind,
      edition: editionText,
      files: JSON.stringify(typed.map((f) => ({ role: f.role, name: f.name, type: f.type, ...(f.columns ? { columns: f.columns } : {}) }))),
      started_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const importId = batch.id;
  const job = await startJob<ImportSummary>(
    ctx,
    {
      kind: `import.${kind.toLowerCase()}`,
      actor,
      summarize: (s) => `Impor ${kind} #${s.importId}: ${summaryLine(s)}`,
      ...(onProgress ? { onProgress } : {}),
    },
    async (progress) => {
      try {
        const t0 = performance.now();
        let readSeconds = 0;
        const request = {
          kind,
          importId,
          kabupatenCode: ctx.config.kabupatenCode,
          regions,
          files: typed,
          spreadsheet: ctx.config.spreadsheet,
        };
        let counts: ImportSummary['counts'] | undefined;
        const complete = async (trx: Kysely<DB>, outcome: LoadOutcome, parsed: ParseResult) => {
          counts = countsOf(kind, parsed, outcome);
          const fileMeta = parsed.files.map((f) => {
            const columns = typed.find((t) => t.role === f.role)?.columns;
            return {
              role: f.role,
              name: f.name,
              type: f.type,
              bytes: f.bytes,
              sha256: f.sha256,
              rows: f.rows,
              ...(columns ? { columns } : {}),
            };
          });
          await trx
            .updateTable('import_batch')
            .set({ status: 'DONE', counts: JSON.stringify(counts), files: JSON.stringify(fileMeta), finished_at: new Date() })
            .where('id', '=', importId)
            .execute();
          await recordAudit(trx, actor, {
            action: 'registry.import',
            entity: 'import_batch',
            entityId: importId,
            regionCode: ctx.config.kabupatenCode,
            after: { kind, edition: editionText, files: fileMeta.map((f) => ({ role: f.role, name: f.name, sha256: f.sha256 })), counts },
          });
        };
        const mergeInput = { source: kind, importId, edition: editionText, userId: actor.userId };
        if (kind === 'P3KE' && (await isFirstLoad(ctx.db, kind))) {
          const bytes = (role: FileRole) => fs.statSync(typed.find((f) => f.role === role)?.path ?? '').size;
          await loadDirect(
            ctx.database,
            { ...mergeInput, familyBytes: bytes('keluarga'), memberBytes: bytes('anggota') },
            async (householdIdBase, chunk, fileDone) => {
              const parsed = await parseFiles(
                { ...request, direct: { householdIdBase, edition: editionText }, chunksAhead: DIRECT_CHUNKS_AHEAD },
                progress,
                chunk,
                fileDone,
              );
              readSeconds = (performance.now() - t0) / 1000;
              progress({ phase: LOAD_PHASE, done: 0, total: DIRECT_STEPS });
              return parsed;
            },
            complete,
            (step) => progress({ phase: LOAD_PHASE, done: step, total: DIRECT_STEPS }),
          );
        } else {
          await createStage(ctx.db, importId);
          const parsed = await parseFiles(request, progress, (table, csv) => copyToStage(ctx.database, importId, table, csv));
          readSeconds = (performance.now() - t0) / 1000;
          progress({ phase: LOAD_PHASE, done: 0, total: LOAD_STEPS });
          await mergeStaged(
            ctx.database,
            mergeInput,
            (trx, outcome) => complete(trx, outcome, parsed),
            (step) => progress({ phase: LOAD_PHASE, done: step, total: LOAD_STEPS }),
          );
        }
        if (!counts) throw new Error('import finished without counts');
        const loadSeconds = (performance.now() - t0) / 1000 - readSeconds;
        // The import is committed; fresh statistics only speed up what follows, so a failure here does not fail it.
        progress({ phase: STATISTICS_PHASE, done: 0, total: 1 });
        const statisticsSeconds = await refreshRegistryStatistics(ctx.db).catch(() => null);
        progress({ phase: STATISTICS_PHASE, done: 1, total: 1 });
        const round = (n: number) => Math.round(n * 10) / 10;
        return {
          importId,
          counts,
          timings: {
            readSeconds: round(readSeconds),
            loadSeconds: round(loadSeconds),
            statisticsSeconds: statisticsSeconds === null ? null : round(statisticsSeconds),
          },
        };
      } catch (err) {
        await ctx.db
          .updateTable('import_batch')
          .set({ status: 'FAILED', error: describeJobError(err), finished_at: new Date() })
          .where('id', '=', importId)
          .execute()
          .catch(() => undefined);
        await dropStage(ctx.db, importId).catch(() => undefined);
        throw err;
      } finally {
        cleanup?.();
      }
    },
  );
  await ctx.db.updateTable('import_batch').set({ job_id: job.id }).where('id', '=', importId).execute();
  return { importId, jobId: job.id, finished: job.finished };
}

export function startP3keImport(
  ctx: AppContext,
  input: {
    familyPath: string;
    memberPath: string;
    edition?: string;
    familyName?: string;
    memberName?: string;
    familyColumns?: ColumnMapping;
    memberColumns?: ColumnMapping;
  },
  actor: AuditActor,
  onProgress?: ImportProgress,
  cleanup?: () => void,
): Promise<StartedImport> {
  const files: ImportFile[] = [
    {
      role: 'keluarga',
      path: input.familyPath,
      ...(input.familyName ? { name: input.familyName } : {}),
      ...(input.familyColumns ? { columns: input.familyColumns } : {}),
    },
    {
      role: 'anggota',
      path: input.memberPath,
      ...(input.memberName ? { name: input.memberName } : {}),
      ...(input.memberColumns ? { columns: input.memberColumns } : {}),
    },
  ];
  return startImport(ctx, 'P3KE', files, input.edition, actor, onProgress, cleanup);
}

export function startDtksImport(
  ctx: AppContext,
  input: { path: string; edition?: string; name?: string; columns?: ColumnMapping },
  actor: AuditActor,
  onProgress?: ImportProgress,
  cleanup?: () => void,
): Promise<StartedImport> {
  const files: ImportFile[] = [
    { role: 'dtks', path: input.path, ...(input.name ? { name: input.name } : {}), ...(input.columns ? { columns: input.columns } : {}) },
  ];
  return startImport(ctx, 'DTKS', files, input.edition, actor, onProgress, cleanup);
}

/** Import a P3KE family + individual file pair and wait for the result. */
export async function importP3ke(
  ctx: AppContext,
  input: { familyPath: string; memberPath: string; edition?: string },
  actor: AuditActor,
  onProgress?: (p: { phase: string; done: number; total: number }) => void,
): Promise<ImportSummary> {
  const started = await startP3keImport(ctx, input, actor, onProgress);
  return started.finished;
}

/** Import a DTKS individual export and wait for the result. */
export async function importDtks(
  ctx: AppContext,
  input: { path: string; edition?: string },
  actor: AuditActor,
  onProgress?: (p: { phase: string; done: number; total: number }) => void,
): Promise<ImportSummary> {
  const started = await startDtksImport(ctx, input, actor, onProgress);
  return started.finished;
}
