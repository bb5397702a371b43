import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict, notFound } from '../../http/errors.js';
import { startJob } from '../../jobs/service.js';
import type { ServiceContext } from '../../service-context.js';
import { maskNik } from '../access/privacy.js';
import { type Actor, canAccessRegion, isDesaOf, scopeColumns, scopeWhere } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { type StreamResult, streamCsv, streamXlsx } from '../exports/spreadsheet.js';
import { type ExactMatch, type ExternalRow, matchRowsExact, normaliseRegionCode } from '../matching/exact.js';
import { readListFile } from '../matching/list-file.js';
import type { FileType } from '../registry/import/reader.js';
import { programByCode } from './common.js';
import type { MatchResult } from './tables.js';

/**
 * Import of a recipient list (CSV/XLSX with a NIK or No KK column): each row is matched by the
 * pemadanan module's exact matcher (NIK of a member or head, else No KK) and stored in
 * aid_import_row with its result; matched rows become receipts of the program and period.
 * Runs as a job, in one transaction: an interrupted import leaves nothing half-written. The
 * report of unmatched rows (row number, NIK masked, reason in Indonesian) is downloadable.
 */

export interface RecipientUpload {
  path: string;
  type: FileType;
  fileName: string;
  programCode: string;
  periodYear: number;
  periodMonth: number | null;
  amount: number | null;
  cleanup?: () => void;
}

const REASON: Record<MatchResult, string> = {
  MATCHED: 'Padan',
  MATCHED_DIFF: 'Padan dengan perbedaan',
  NOT_FOUND: 'NIK/No KK tidak ditemukan di data keluarga kabupaten (di luar registri)',
  INVALID: 'Tidak valid',
};
const DIFF: Record<string, string> = { name: 'nama', birthDate: 'tanggal lahir', region: 'wilayah' };

function reasonOf(m: ExactMatch): string {
  if (m.result === 'INVALID') return m.reason ?? REASON.INVALID;
  if (m.result === 'NOT_FOUND') return REASON.NOT_FOUND;
  const diffs = m.differences.map((d) => DIFF[d] ?? d);
  const parts = [diffs.length ? `berbeda: ${diffs.join(', ')}` : null, m.reason].filter(Boolean);
  return parts.length ? parts.join('; ') : REASON.MATCHED;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Desa of an unmatched row from the list's own region column, when it names a desa of the kabupaten. */
function listDesa(row: ExternalRow, kabupatenCode: string): string | null {
  const code = normaliseRegionCode(row.regionCode);
  return code && isDesaOf(code, kabupatenCode) ? code : null;
}

async function storeBatch(trx: Kysely<DB>, importId: number, kabupatenCode: string, rows: ExternalRow[], amount: number | null) {
  const matches = await matchRowsExact(trx, kabupatenCode, rows);
  const byRow = new Map(rows.map((r) => [r.rowNumber, r]));
  const values = matches.map((m) => {
    const row = byRow.get(m.rowNumber) as ExternalRow;
    const desa = m.desaCode ?? listDesa(row, kabupatenCode);
    const cols = desa ? scopeColumns(desa) : { kabupaten_code: kabupatenCode, kecamatan_code: null, desa_code: null };
    return {
      import_id: importId,
      row_number: m.rowNumber,
      ...cols,
      nik: row.nik,
      kk_number: row.kkNumber,
      name: row.name,
      amount,
      result: m.result,
      reason: reasonOf(m),
      household_id: m.householdId,
      member_id: m.memberId,
    };
  });
  for (let i = 0; i < values.length; i += 1000) {
    await trx
      .insertInto('aid_import_row')
      .values(values.slice(i, i + 1000))
      .execute();
  }
  return matches;
}

export async function startRecipientImport(ctx: ServiceContext, actor: Actor, up: RecipientUpload) {
  const kab = ctx.kabupatenCode;
  const program = await programByCode(ctx.db, up.programCode);
  const running = await ctx.db.selectFrom('aid_import').select('id').where('status', '=', 'RUNNING').executeTakeFirst();
  if (running) throw conflict('IMPORT_RUNNING', 'Impor daftar penerima lain sedang berjalan', 'Another recipient import is running');
  const imp = await ctx.db
    .insertInto('aid_import')
    .values({
      kabupaten_code: kab,
      program_id: program.id,
      period_year: up.periodYear,
      period_month: up.periodMonth,
      file_name: up.fileName,
      file_sha256: await sha256File(up.path),
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const importId = Number(imp.id);
  const job = await startJob(
    ctx,
    {
      kind: 'aid.import',
      actor,
      summarize: (c: Record<string, number>) =>
        `${c.total} baris: ${c.receipts} penerimaan, ${c.NOT_FOUND} tidak ditemukan, ${c.INVALID} tidak valid`,
    },
    async (progress) => {
      try {
        const counts = await ctx.db.transaction().execute(async (trx) => {
          const c: Record<string, number> = { total: 0, MATCHED: 0, MATCHED_DIFF: 0, NOT_FOUND: 0, INVALID: 0, receipts: 0 };
          for await (const batch of readListFile(up.path, up.type, undefined, ctx.config.spreadsheet)) {
            for (const m of await storeBatch(trx, importId, kab, batch, up.amount)) c[m.result] = (c[m.result] ?? 0) + 1;
            c.total = (c.total ?? 0) + batch.length;
            progress({ phase: 'mencocokkan', done: c.total ?? 0, total: 0 });
          }
          const member = program.unit === 'MEMBER' ? sql`ir.member_id` : sql`null::bigint`;
          const receipts = await sql`
            insert into aid_receipt (kabupaten_code, kecamatan_code, desa_code, program_id, household_id, member_id, period_year,
              period_month, amount, funding_source, source, import_id, created_by)
            select distinct on (ir.household_id, coalesce(${member}, 0)) h.kabupaten_code, h.kecamatan_code, h.desa_code, ${program.id}::bigint,
              ir.household_id, ${member}, ${up.periodYear}::int, ${up.periodMonth}::smallint, ir.amount, ${program.fundingSource}, 'IMPORT',
              ${importId}::bigint, ${actor.userId}::bigint
            from aid_import_row ir join household h on h.id = ir.household_id
            where ir.import_id = ${importId} and ir.result in ('MATCHED', 'MATCHED_DIFF')
            order by ir.household_id, coalesce(${member}, 0), ir.row_number
            on conflict (import_id, program_id, household_id, coalesce(member_id, 0)) where source = 'IMPORT' do nothing`.execute(trx);
          c.receipts = Number(receipts.numAffectedRows ?? 0);
          await trx
            .updateTable('aid_import')
            .set({ status: 'DONE', counts: JSON.stringify(c), finished_at: new Date() })
            .where('id', '=', importId)
            .execute();
          await recordAudit(trx, actor, {
            action: 'aid.import',
            entity: 'aid_import',
            entityId: importId,
            regionCode: kab,
            after: { program: program.code, periodYear: up.periodYear, periodMonth: up.periodMonth, file: up.fileName, counts: c },
          });
          return c;
        });
        return counts;
      } catch (err) {
        await ctx.db.updateTable('aid_import').set({ status: 'FAILED', finished_at: new Date() }).where('id', '=', importId).execute();
        throw err;
      } finally {
        up.cleanup?.();
      }
    },
  );
  await ctx.db.updateTable('aid_import').set({ job_id: job.id }).where('id', '=', importId).execute();
  return { importId, jobId: job.id, finished: job.finished };
}

/** Imports are kabupaten-wide: readers with a kabupaten-level scope see them (others: none / 404). */
const seesImports = (actor: Actor, kabupatenCode: string) => canAccessRegion(actor, kabupatenCode);

export async function listImports({ db, kabupatenCode }: ServiceContext, actor: Actor) {
  if (!seesImports(actor, kabupatenCode)) return [];
  const rows = await db
    .selectFrom('aid_import as i')
    .innerJoin('aid_program as p', 'p.id', 'i.program_id')
    .leftJoin('app_user as u', 'u.id', 'i.created_by')
    .select([
      'i.id',
      'p.code',
      'i.period_year',
      'i.period_month',
      'i.file_name',
      'i.status',
      'i.counts',
      'i.job_id',
      'u.full_name',
      'i.created_at',
    ])
    .where('i.kabupaten_code', '=', kabupatenCode)
    .orderBy('i.id', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    programCode: r.code,
    periodYear: r.period_year,
    periodMonth: r.period_month,
    fileName: r.file_name,
    status: r.status,
    counts: r.counts,
    jobId: r.job_id === null ? null : Number(r.job_id),
    createdBy: r.full_name,
    createdAt: r.created_at,
  }));
}

const REPORT_HEADERS = ['Baris', 'NIK', 'No KK', 'Nama', 'Hasil', 'Keterangan'];
const RESULT_LABEL: Record<string, string> = {
  NOT_FOUND: 'Tidak ditemukan',
  INVALID: 'Tidak valid',
  MATCHED_DIFF: 'Padan dengan perbedaan',
};

async function unmatchedRows(db: Kysely<DB>, actor: Actor, importId: number) {
  const imp = await db.selectFrom('aid_import as i').select('i.kabupaten_code').where('i.id', '=', importId).executeTakeFirst();
  if (!imp || !seesImports(actor, imp.kabupaten_code)) throw notFound('Impor');
  return db
    .selectFrom('aid_import_row as ir')
    .select(['ir.row_number', 'ir.nik', 'ir.kk_number', 'ir.name', 'ir.result', 'ir.reason'])
    .where('ir.import_id', '=', importId)
    .where('ir.result', 'in', ['NOT_FOUND', 'INVALID', 'MATCHED_DIFF'])
    .where(scopeWhere(actor, 'ir'))
    .orderBy('ir.row_number');
}

/** The rows that need attention (not found, invalid, matched with differences); NIK and No KK masked. */
export async function importReport(db: Kysely<DB>, actor: Actor, importId: number) {
  const rows = await (await unmatchedRows(db, actor, importId)).limit(5000).execute();
  return rows.map((r) => ({
    rowNumber: r.row_number,
    nik: maskNik(r.nik),
    kkNumber: maskNik(r.kk_number),
    name: r.name,
    result: r.result,
    reason: r.reason,
  }));
}

export async function exportImportReport(
  db: Kysely<DB>,
  actor: Actor,
  importId: number,
  format: 'csv' | 'xlsx',
  reply: FastifyReply,
): Promise<StreamResult> {
  const q = await unmatchedRows(db, actor, importId);
  async function* rows(): AsyncIterable<unknown[]> {
    let after = 0;
    for (;;) {
      const page = await q.where('ir.row_number', '>', after).limit(2000).execute();
      for (const r of page)
        yield [r.row_number, maskNik(r.nik), maskNik(r.kk_number), r.name, RESULT_LABEL[r.result] ?? r.result, r.reason];
      const last = page.at(-1);
      if (page.length < 2000 || !last) return;
      after = last.row_number;
    }
  }
  const name = `laporan-impor-penerima-${importId}.${format}`;
  const onFinish = async (result: StreamResult) => {
    await db.transaction().execute((trx) =>
      recordAudit(trx, actor, {
        action: 'aid.import.report',
        entity: 'aid_import',
        entityId: importId,
        after: { format, rows: result.rows },
      }),
    );
  };
  if (format === 'csv') return streamCsv(reply, name, REPORT_HEADERS, rows(), { onFinish });
  return streamXlsx(reply, name, 'Baris tidak padan', REPORT_HEADERS, rows(), { onFinish });
}
