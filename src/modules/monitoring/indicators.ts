import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { decodeUtf8, parseCsvText, UnreadableFileError } from '../registry/import/reader.js';

/**
 * Macro poverty indicators (BPS): the regular and the extreme poverty rate of the kabupaten
 * per year, with their source, charted against the 0% target of extreme poverty.
 */

export const EXTREME_POVERTY_TARGET = 0;
export const MIN_YEAR = 2000;
export const maxYear = () => new Date().getUTCFullYear() + 1;

export interface IndicatorInput {
  year: number;
  povertyRate: number;
  extremePovertyRate: number;
  source: string;
}

export interface IndicatorView extends IndicatorInput {
  updatedAt: Date;
}

export interface IndicatorProblem {
  row?: number;
  field: string;
  messageId: string;
  messageEn: string;
}

/** Problems of one indicator (empty when valid). */
export function validateIndicator(i: IndicatorInput, row?: number): IndicatorProblem[] {
  const out: IndicatorProblem[] = [];
  const at = row === undefined ? {} : { row };
  if (!Number.isInteger(i.year) || i.year < MIN_YEAR || i.year > maxYear()) {
    out.push({
      ...at,
      field: 'tahun',
      messageId: `Tahun harus ${MIN_YEAR}–${maxYear()}`,
      messageEn: `Year must be ${MIN_YEAR}–${maxYear()}`,
    });
  }
  for (const [field, v] of [
    ['kemiskinan', i.povertyRate],
    ['kemiskinan_ekstrem', i.extremePovertyRate],
  ] as const) {
    if (!Number.isFinite(v) || v < 0 || v > 100) {
      out.push({ ...at, field, messageId: 'Persentase harus antara 0 dan 100', messageEn: 'Percentage must be between 0 and 100' });
    }
  }
  if (Number.isFinite(i.povertyRate) && Number.isFinite(i.extremePovertyRate) && i.extremePovertyRate > i.povertyRate) {
    out.push({
      ...at,
      field: 'kemiskinan_ekstrem',
      messageId: 'Kemiskinan ekstrem tidak boleh melebihi kemiskinan',
      messageEn: 'Extreme poverty cannot exceed poverty',
    });
  }
  if (!i.source.trim()) out.push({ ...at, field: 'sumber', messageId: 'Sumber wajib diisi', messageEn: 'Source is required' });
  return out;
}

const invalid = (problems: IndicatorProblem[]) =>
  new AppError(400, 'INDICATOR_INVALID', 'Data indikator tidak valid', 'Invalid indicator data', { problems });

export async function listIndicators({ db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>): Promise<IndicatorView[]> {
  const rows = await db
    .selectFrom('poverty_indicator')
    .select(['year', 'poverty_rate', 'extreme_poverty_rate', 'source', 'updated_at'])
    .where('kabupaten_code', '=', kabupatenCode)
    .orderBy('year')
    .execute();
  return rows.map((r) => ({
    year: r.year,
    povertyRate: Number(r.poverty_rate),
    extremePovertyRate: Number(r.extreme_poverty_rate),
    source: r.source,
    updatedAt: r.updated_at,
  }));
}

async function upsert(trx: Kysely<DB>, actor: Actor, kabupatenCode: string, items: IndicatorInput[], action: string) {
  for (const i of items) {
    const before = await trx
      .selectFrom('poverty_indicator')
      .select(['poverty_rate', 'extreme_poverty_rate', 'source'])
      .where('kabupaten_code', '=', kabupatenCode)
      .where('year', '=', i.year)
      .executeTakeFirst();
    await trx
      .insertInto('poverty_indicator')
      .values({
        kabupaten_code: kabupatenCode,
        year: i.year,
        poverty_rate: i.povertyRate,
        extreme_poverty_rate: i.extremePovertyRate,
        source: i.source.trim(),
        updated_by: actor.userId,
      })
      .onConflict((oc) =>
        oc.columns(['kabupaten_code', 'year']).doUpdateSet({
          poverty_rate: i.povertyRate,
          extreme_poverty_rate: i.extremePovertyRate,
          source: i.source.trim(),
          updated_by: actor.userId,
          updated_at: sql`now()`,
        }),
      )
      .execute();
    await recordAudit(trx, actor, {
      action,
      entity: 'poverty_indicator',
      entityId: `${kabupatenCode}:${i.year}`,
      regionCode: kabupatenCode,
      before: before
        ? { povertyRate: Number(before.poverty_rate), extremePovertyRate: Number(before.extreme_poverty_rate), source: before.source }
        : null,
      after: { povertyRate: i.povertyRate, extremePovertyRate: i.extremePovertyRate, source: i.source.trim() },
    });
  }
}

export async function saveIndicator({ db, kabupatenCode }: ServiceContext, actor: Actor, input: IndicatorInput): Promise<void> {
  const problems = validateIndicator(input);
  if (problems.length) throw invalid(problems);
  await db.transaction().execute((trx) => upsert(trx, actor, kabupatenCode, [input], 'indicator.save'));
}

export async function deleteIndicator({ db, kabupatenCode }: ServiceContext, actor: Actor, year: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('poverty_indicator')
      .where('kabupaten_code', '=', kabupatenCode)
      .where('year', '=', year)
      .returning(['poverty_rate', 'extreme_poverty_rate', 'source'])
      .executeTakeFirst();
    if (!gone) throw notFound('Indikator');
    await recordAudit(trx, actor, {
      action: 'indicator.delete',
      entity: 'poverty_indicator',
      entityId: `${kabupatenCode}:${year}`,
      regionCode: kabupatenCode,
      before: { povertyRate: Number(gone.poverty_rate), extremePovertyRate: Number(gone.extreme_poverty_rate), source: gone.source },
    });
  });
}

/** "17,12" or "17.12" or "17,12%" → 17.12; anything else → NaN. */
export function parsePercent(text: string): number {
  const t = text.trim().replace(/%$/, '').trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

const COLUMNS = ['tahun', 'kemiskinan', 'kemiskinan_ekstrem', 'sumber'] as const;

/**
 * Import a CSV (comma or semicolon) with columns tahun, kemiskinan, kemiskinan_ekstrem, sumber.
 * All or nothing: any bad row rejects the file with every problem listed.
 */
export async function importIndicators({ db, kabupatenCode }: ServiceContext, actor: Actor, data: Buffer): Promise<{ rows: number }> {
  let table: string[][];
  try {
    table = parseCsvText(decodeUtf8(data));
  } catch (e) {
    if (!(e instanceof UnreadableFileError)) throw e;
    throw invalid([{ field: 'file', messageId: `CSV tidak terbaca: ${e.message}`, messageEn: `Unreadable CSV: ${e.messageEn}` }]);
  }
  const [head = [], ...body] = table.filter((row) => row.some((c) => c.trim() !== ''));
  const columns = head.map((c) => c.trim().toLowerCase());
  const records = body.map((row) => Object.fromEntries(columns.map((c, i) => [c, (row[i] ?? '').trim()])) as Record<string, string>);
  const missing = COLUMNS.filter((c) => !columns.includes(c));
  if (records.length === 0 || missing.length) {
    throw invalid([
      {
        field: 'file',
        messageId: `Kolom wajib: ${COLUMNS.join(', ')}${missing.length ? ` (tidak ada: ${missing.join(', ')})` : ''}`,
        messageEn: `Required columns: ${COLUMNS.join(', ')}${missing.length ? ` (missing: ${missing.join(', ')})` : ''}`,
      },
    ]);
  }
  const items: IndicatorInput[] = records.map((r) => ({
    year: /^\d{4}$/.test(r.tahun ?? '') ? Number(r.tahun) : Number.NaN,
    povertyRate: parsePercent(r.kemiskinan ?? ''),
    extremePovertyRate: parsePercent(r.kemiskinan_ekstrem ?? ''),
    source: r.sumber ?? '',
  }));
  const problems = items.flatMap((i, n) => validateIndicator(i, n + 2));
  const seen = new Set<number>();
  items.forEach((i, n) => {
    if (seen.has(i.year)) {
      problems.push({ row: n + 2, field: 'tahun', messageId: 'Tahun ganda dalam berkas', messageEn: 'Year repeated in the file' });
    }
    seen.add(i.year);
  });
  if (problems.length) throw invalid(problems);
  await db.transaction().execute((trx) => upsert(trx, actor, kabupatenCode, items, 'indicator.import'));
  return { rows: items.length };
}
