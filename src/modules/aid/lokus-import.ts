/**
 * Lokus desa in bulk: a province's or ministry's list (CSV/XLSX of Kemendagri codes or desa
 * names, optionally with the kecamatan) is read and matched to the kabupaten's desa for review
 * (matched, ambiguous, unmatched, outside the kabupaten); the admin then pins the desa chosen,
 * all at once, with the list's source and a reason (setLokusOverride's table, one audit entry
 * per desa).
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, badRequest } from '../../http/errors.js';
import { type Actor, assertDesaOf, assertRegionInScope, scopeColumns } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { normaliseHeader } from '../registry/import/columns.js';
import { type FileType, readRows, UnreadableFileError } from '../registry/import/reader.js';
import { cellText } from '../registry/validate/types.js';
import type { SpreadsheetLimits } from '../spreadsheets/index.js';

export const LOKUS_LIST_MAX_ROWS = 5000;

export interface LokusCandidate {
  code: string;
  name: string;
  kecamatanName: string;
}

export interface LokusRow {
  row: number;
  input: string;
  kecamatan: string | null;
  status: 'MATCHED' | 'AMBIGUOUS' | 'UNMATCHED' | 'OUTSIDE';
  /** The desa matched (MATCHED), else null. */
  desaCode: string | null;
  /** Desa of that name in several kecamatan (AMBIGUOUS), or the desa matched. */
  candidates: LokusCandidate[];
}

const CODE_HEADERS = ['kode', 'kodedesa', 'kodewilayah', 'kodekemendagri', 'kodekemdagri', 'kddesa', 'kodedesakelurahan'];
const NAME_HEADERS = ['desa', 'namadesa', 'desakelurahan', 'namadesakelurahan', 'kelurahan', 'nama', 'lokus'];
const KEC_HEADERS = ['kecamatan', 'namakecamatan', 'kec'];

/** A desa or kecamatan name compared without case, punctuation or the words DESA/KELURAHAN/KEC. */
export function normaliseName(s: string): string {
  return s
    .toUpperCase()
    .replace(/\b(DESA|KELURAHAN|KEL|DS|KECAMATAN|KEC)\b\.?/g, ' ')
    .replace(/[^A-Z0-9]+/g, '');
}

/** A Kemendagri desa code written 35.13.06.2005 or 3513062005, as the dotted code; else null. */
function asDesaCode(s: string): string | null {
  const t = s.trim().replace(/^'/, '');
  if (/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(t)) return t;
  if (/^\d{10}$/.test(t)) return `${t.slice(0, 2)}.${t.slice(2, 4)}.${t.slice(4, 6)}.${t.slice(6)}`;
  return null;
}

interface DesaRef {
  code: string;
  name: string;
  kecamatanName: string;
  kecamatanKey: string;
}

async function desaOf(db: Kysely<DB>, kabupatenCode: string): Promise<DesaRef[]> {
  const r = await sql<{ code: string; name: string; kecamatan_name: string }>`
    select d.code, d.name, k.name as kecamatan_name
    from region d join region k on k.code = d.parent_code
    where d.level = 4 and d.code like ${`${kabupatenCode}.%`}
    order by d.code`.execute(db);
  return r.rows.map((x) => ({
    code: x.code,
    name: x.name,
    kecamatanName: x.kecamatan_name,
    kecamatanKey: normaliseName(x.kecamatan_name),
  }));
}

/** A file the reader cannot read (an unclosed quote, a broken zip) is a 400 with the reader's reason. */
async function* readable<T>(rows: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* rows;
  } catch (err) {
    if (err instanceof AppError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw badRequest(
      'LIST_FILE_UNREADABLE',
      `Berkas daftar lokus rusak dan tidak bisa dibaca: ${reason}`,
      `The lokus list cannot be read: ${err instanceof UnreadableFileError ? err.messageEn : reason}`,
    );
  }
}

/** Read the list and match each row to a desa of the kabupaten. */
export async function previewLokusList(
  db: Kysely<DB>,
  kabupatenCode: string,
  file: { path: string; type: FileType },
  limits?: SpreadsheetLimits,
): Promise<{ rows: LokusRow[]; matched: number; ambiguous: number; unmatched: number; outside: number }> {
  const desa = await desaOf(db, kabupatenCode);
  const byCode = new Map(desa.map((d) => [d.code, d]));
  const byName = new Map<string, DesaRef[]>();
  for (const d of desa) {
    const k = normaliseName(d.name);
    byName.set(k, [...(byName.get(k) ?? []), d]);
  }
  let col: { code: number; name: number; kec: number } | null = null;
  const rows: LokusRow[] = [];
  const ref = (d: DesaRef): LokusCandidate => ({ code: d.code, name: d.name, kecamatanName: d.kecamatanName });
  for await (const batch of readable(readRows(file.path, file.type, undefined, limits))) {
    for (const { n, cells } of batch) {
      const text = cells.map((c) => (cellText(c) ?? '').trim());
      if (text.every((t) => t === '')) continue;
      if (!col) {
        const h = text.map((t) => normaliseHeader(t));
        const find = (names: string[]) => h.findIndex((x) => names.includes(x));
        col = { code: find(CODE_HEADERS), name: find(NAME_HEADERS), kec: find(KEC_HEADERS) };
        if (col.code < 0 && col.name < 0) {
          throw badRequest(
            'LOKUS_COLUMNS_MISSING',
            'Baris judul harus memuat kolom kode desa (mis. "kode_desa") atau nama desa (mis. "desa")',
            'The header row needs a desa code column (e.g. "kode_desa") or a desa name column (e.g. "desa")',
          );
        }
        continue;
      }
      if (rows.length >= LOKUS_LIST_MAX_ROWS) {
        throw badRequest('LOKUS_LIST_TOO_LONG', `Daftar lokus paling banyak ${LOKUS_LIST_MAX_ROWS} baris`, 'The list is too long');
      }
      const codeText = col.code >= 0 ? (text[col.code] ?? '') : '';
      const nameText = col.name >= 0 ? (text[col.name] ?? '') : '';
      const kec = col.kec >= 0 ? text[col.kec] || null : null;
      const code = codeText ? asDesaCode(codeText) : null;
      const base = { row: n, input: codeText || nameText, kecamatan: kec };
      if (code) {
        const d = byCode.get(code);
        if (d) rows.push({ ...base, status: 'MATCHED', desaCode: d.code, candidates: [ref(d)] });
        else rows.push({ ...base, status: code.startsWith(`${kabupatenCode}.`) ? 'UNMATCHED' : 'OUTSIDE', desaCode: null, candidates: [] });
        continue;
      }
      let found = byName.get(normaliseName(nameText || codeText)) ?? [];
      if (kec && found.length > 1) {
        const inKec = found.filter((d) => d.kecamatanKey === normaliseName(kec));
        if (inKec.length > 0) found = inKec;
      } else if (kec && found.length === 1 && found[0]?.kecamatanKey !== normaliseName(kec)) {
        // The name exists, but in another kecamatan than the list says: the admin decides.
        rows.push({ ...base, status: 'AMBIGUOUS', desaCode: null, candidates: found.map(ref) });
        continue;
      }
      if (found.length === 1 && found[0]) rows.push({ ...base, status: 'MATCHED', desaCode: found[0].code, candidates: [ref(found[0])] });
      else if (found.length > 1) rows.push({ ...base, status: 'AMBIGUOUS', desaCode: null, candidates: found.map(ref) });
      else rows.push({ ...base, status: 'UNMATCHED', desaCode: null, candidates: [] });
    }
  }
  if (!col) throw badRequest('LOKUS_FILE_EMPTY', 'Berkas daftar lokus kosong', 'The lokus list is empty');
  const count = (s: LokusRow['status']) => rows.filter((r) => r.status === s).length;
  return { rows, matched: count('MATCHED'), ambiguous: count('AMBIGUOUS'), unmatched: count('UNMATCHED'), outside: count('OUTSIDE') };
}

/** Pin the desa chosen after the review as lokus, with the list's source and the reason, in one transaction. */
export async function pinLokusList(
  db: Kysely<DB>,
  actor: Actor,
  kabupatenCode: string,
  input: { source: string; reason: string; desaCodes: string[] },
): Promise<{ pinned: number }> {
  const source = input.source.trim();
  const reason = input.reason.trim();
  if (!source || !reason) {
    throw badRequest('REASON_REQUIRED', 'Sumber daftar dan alasan penetapan lokus wajib diisi', 'The source and a reason are required');
  }
  const codes = [...new Set(input.desaCodes)];
  for (const c of codes) {
    assertDesaOf(c, kabupatenCode);
    assertRegionInScope(actor, c);
  }
  const known = codes.length
    ? await db.selectFrom('region').select('code').where('level', '=', 4).where('code', 'in', codes).execute()
    : [];
  const missing = codes.filter((c) => !known.some((k) => k.code === c));
  if (missing.length > 0) {
    throw badRequest('REGION_UNKNOWN', `Desa tidak dikenal: ${missing.join(', ')}`, `Unknown desa: ${missing.join(', ')}`);
  }
  const text = `${reason} (sumber: ${source})`.slice(0, 1000);
  await db.transaction().execute(async (trx) => {
    for (const desaCode of codes) {
      const before = await trx.selectFrom('aid_lokus_override').selectAll().where('desa_code', '=', desaCode).executeTakeFirst();
      const { kabupaten_code, kecamatan_code } = scopeColumns(desaCode);
      await trx
        .insertInto('aid_lokus_override')
        .values({ desa_code: desaCode, kabupaten_code, kecamatan_code, pinned: true, reason: text, set_by: actor.userId })
        .onConflict((oc) => oc.column('desa_code').doUpdateSet({ pinned: true, reason: text, set_by: actor.userId, set_at: sql`now()` }))
        .execute();
      await recordAudit(trx, actor, {
        action: 'aid.lokus.import',
        entity: 'aid_lokus_override',
        entityId: desaCode,
        regionCode: desaCode,
        before: before ? { pinned: before.pinned, reason: before.reason } : null,
        after: { pinned: true, reason: text, source },
      });
    }
  });
  return { pinned: codes.length };
}
