import type { RegionRow } from '../../regions/service.js';
import type { SpreadsheetLimits } from '../../spreadsheets/index.js';
import { RegionChecker } from '../validate/region.js';
import type { FileRole } from './columns.js';
import { DtksRows } from './dtks.js';
import { type ChunkSink, Emitter, type FileDoneSink } from './emit.js';
import { IssueLog, RowCheck } from './issues.js';
import type { ColumnMapping } from './mapping.js';
import { type DirectLoad, type MemberCountFixes, P3keFamilies, P3keMembers } from './p3ke.js';
import { precountMembers } from './precount.js';
import type { FileType } from './reader.js';
import { type ScannedFile, scanFile } from './scan.js';

export type RegistrySource = 'P3KE' | 'DTKS';

/** Everything the reader needs; plain data, so it can be handed to a worker thread. */
export interface ParseRequest {
  kind: RegistrySource;
  importId: number;
  kabupatenCode: string;
  regions: RegionRow[];
  files: Array<{ role: FileRole; path: string; name: string; type: FileType; columns?: ColumnMapping }>;
  chunkRows?: number;
  /** The reader thread's heap limit in MB; by default from the files' size (oldGenerationLimitMb). */
  readerHeapMb?: number;
  /** Limits of an XLSX file (Config.spreadsheet); the environment's when absent. */
  spreadsheet?: SpreadsheetLimits;
  /** Chunks the reader may send ahead of the database (parse-worker.ts); 3 by default. */
  chunksAhead?: number;
  /**
   * A P3KE first load written straight into the registry (direct.ts) instead of the staging
   * tables: household ids are handed out from `householdIdBase` on.
   */
  direct?: { householdIdBase: number; edition: string | null };
}

export interface ParseResult {
  files: ScannedFile[];
  /** Rows that passed validation, per file. */
  stored: Partial<Record<FileRole, number>>;
  /** WARNING findings per file. */
  warnings: Record<FileRole, number>;
  /** A first load: the households written with another member count than they have stored. */
  memberCountFixes?: MemberCountFixes;
  /** A first load: households written and then withdrawn (FAMILY_ID_CONFLICT), to delete before the commit. */
  withdrawnHouseholds?: number[];
}

export type ParseProgress = (p: { phase: string; done: number; total: number }) => void;

/** A first load's count of member rows per family (precount.ts), before the family file is read. */
export const PRECOUNT_PHASE = 'menghitung anggota per keluarga';

const PHASE: Record<FileRole, string> = {
  keluarga: 'membaca berkas keluarga',
  anggota: 'membaca berkas anggota',
  dtks: 'membaca berkas DTKS',
};

/**
 * Read and validate the files of one import, passing validated rows, rejected member ids and
 * findings on to `chunk` as CSV chunks for the staging tables.
 */
export async function runParse(
  req: ParseRequest,
  progress: ParseProgress,
  chunk: ChunkSink,
  fileDone: FileDoneSink = async () => {},
): Promise<ParseResult> {
  const regions = new RegionChecker(new Map(req.regions.map((r) => [r.code, r])), req.kabupatenCode);
  const out = new Emitter(chunk, req.chunkRows);
  const log = new IssueLog(req.importId, out);
  const scan = (
    file: ParseRequest['files'][number],
    rc: RowCheck,
    handler: Parameters<typeof scanFile>[0]['handler'],
    expectedRows?: number,
  ) =>
    scanFile({
      path: file.path,
      name: file.name,
      type: file.type,
      role: file.role,
      log,
      rc,
      handler,
      ...(req.spreadsheet ? { limits: req.spreadsheet } : {}),
      onRows: (done, total) => progress({ phase: PHASE[file.role], done, total }),
      ...(expectedRows === undefined ? {} : { expectedRows }),
      afterBatch: () => out.drain(),
      ...(file.columns ? { columns: file.columns } : {}),
    });
  const byRole = (role: FileRole) => {
    const f = req.files.find((x) => x.role === role);
    if (!f) throw new Error(`no ${role} file`);
    return f;
  };

  if (req.kind === 'P3KE') {
    const memberFile = byRole('anggota');
    let direct: DirectLoad | undefined;
    // The member rows the precount found: the member file's progress is counted against them.
    let memberRows: number | undefined;
    if (req.direct) {
      progress({ phase: PRECOUNT_PHASE, done: 0, total: 1 });
      const precount = memberFile.type === 'csv' ? await precountMembers(memberFile.path, memberFile.columns) : new Map<string, number>();
      let counted = 0;
      for (const n of precount.values()) counted += n;
      if (precount.size > 0) memberRows = counted;
      progress({ phase: PRECOUNT_PHASE, done: 1, total: 1 });
      direct = { ...req.direct, source: 'P3KE', importId: req.importId, precount };
    }
    const families = new P3keFamilies(regions, out, direct);
    const members = new P3keMembers(families, regions, out);
    const famScan = await scan(byRole('keluarga'), new RowCheck(log, 'keluarga'), families);
    await out.drain(true);
    await fileDone('keluarga');
    if (direct) direct.precount.clear();
    const memScan = await scan(memberFile, new RowCheck(log, 'anggota'), members, memberRows);
    await out.drain(true);
    return {
      files: [famScan, memScan],
      stored: { keluarga: families.stored, anggota: members.stored },
      warnings: log.warnings,
      ...(direct
        ? {
            memberCountFixes: members.memberCountFixes(),
            withdrawnHouseholds: families.withdrawn.map((p) => (direct?.householdIdBase ?? 0) + p),
          }
        : {}),
    };
  }
  const rows = new DtksRows(regions, out);
  const rc = new RowCheck(log, 'dtks');
  const dtksScan = await scan(byRole('dtks'), rc, rows);
  rows.emitHouseholds(rc);
  await out.drain(true);
  return { files: [dtksScan], stored: { dtks: rows.stored }, warnings: log.warnings };
}
