import type { FastifyReply } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Actor, scopeWhere } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { type StreamResult, streamCsv, streamXlsx } from '../exports/spreadsheet.js';
import { evaluationSource, fieldsUsed, loadEnumMappings } from './compile.js';
import { CLASS_LABELS, type ClassLabel, type RuleSet } from './schema.js';
import { type CriteriaView, requireCriteria, resolveBaseline, storedRuleSet } from './service.js';
import type { CriteriaStatus } from './tables.js';

/**
 * What-if: how households would move between classes if `draft` replaced `baseline`. Both sets
 * are compiled into one SQL pass over the caller's households; the grouping is per desa and
 * class pair, so the answer is small however many households there are.
 */

export type ClassCounts = Record<ClassLabel, number>;

export interface Transition {
  from: ClassLabel;
  to: ClassLabel;
  count: number;
}

export interface AreaChange {
  code: string;
  name: string;
  households: number;
  changed: number;
  before: ClassCounts;
  after: ClassCounts;
  /** Only the pairs where the class changes. */
  transitions: Transition[];
}

export interface CriteriaRef {
  id: number;
  code: string;
  version: number;
  title: string;
  status: CriteriaStatus;
}

export interface WhatIfResult {
  draft: CriteriaRef;
  baseline: CriteriaRef;
  summary: { households: number; changed: number; before: ClassCounts; after: ClassCounts; matrix: Transition[] };
  byKecamatan: AreaChange[];
  byDesa: Array<AreaChange & { kecamatanCode: string; kecamatanName: string }>;
  elapsedMs: number;
}

const ref = (c: CriteriaView): CriteriaRef => ({ id: c.id, code: c.code, version: c.version, title: c.title, status: c.status });
const zeroCounts = (): ClassCounts => ({ MISKIN_EKSTREM: 0, MISKIN: 0, TIDAK_MISKIN: 0 });

interface Group {
  kecamatan_code: string;
  desa_code: string;
  from: ClassLabel;
  to: ClassLabel;
  n: number;
}

/** Count households per desa and (from, to) class pair for `baseline` → `draft` within `where`. */
export async function transitionCounts(
  db: Kysely<DB>,
  baseline: RuleSet,
  draft: RuleSet,
  where: ReturnType<typeof scopeWhere>,
): Promise<Group[]> {
  const mappings = await loadEnumMappings(db, fieldsUsed([baseline, draft]), where);
  const src = evaluationSource([baseline, draft], { where, mappings });
  const r = await sql<Group>`
    select e.kecamatan_code, e.desa_code, e.label_0 as "from", e.label_1 as "to", count(*)::int as n
    from (${src}) e
    group by e.kecamatan_code, e.desa_code, e.label_0, e.label_1`.execute(db);
  return r.rows;
}

function area(code: string, name: string): AreaChange {
  return { code, name, households: 0, changed: 0, before: zeroCounts(), after: zeroCounts(), transitions: [] };
}

function add(a: AreaChange, g: Group) {
  a.households += g.n;
  a.before[g.from] += g.n;
  a.after[g.to] += g.n;
  if (g.from !== g.to) {
    a.changed += g.n;
    const t = a.transitions.find((x) => x.from === g.from && x.to === g.to);
    if (t) t.count += g.n;
    else a.transitions.push({ from: g.from, to: g.to, count: g.n });
  }
}

const labelOrder = (l: ClassLabel) => CLASS_LABELS.indexOf(l);
const byPair = (a: Transition, b: Transition) => labelOrder(a.from) - labelOrder(b.from) || labelOrder(a.to) - labelOrder(b.to);

async function regionNames(db: Kysely<DB>, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('region').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function whatIf(db: Kysely<DB>, actor: Actor, draftId: number, againstId?: number): Promise<WhatIfResult> {
  const draft = await requireCriteria(db, draftId);
  const baseline = await resolveBaseline(db, draft, againstId);
  const started = performance.now();
  const groups = await transitionCounts(db, storedRuleSet(baseline), storedRuleSet(draft), scopeWhere(actor, 'h'));
  const elapsedMs = Math.round(performance.now() - started);
  const names = await regionNames(db, [...new Set(groups.flatMap((g) => [g.kecamatan_code, g.desa_code]))]);
  const total = area('', '');
  const kec = new Map<string, AreaChange>();
  const desa = new Map<string, AreaChange & { kecamatanCode: string; kecamatanName: string }>();
  const matrix: Transition[] = [];
  for (const g of groups) {
    add(total, g);
    const m = matrix.find((x) => x.from === g.from && x.to === g.to);
    if (m) m.count += g.n;
    else matrix.push({ from: g.from, to: g.to, count: g.n });
    let k = kec.get(g.kecamatan_code);
    if (!k) {
      k = area(g.kecamatan_code, names.get(g.kecamatan_code) ?? g.kecamatan_code);
      kec.set(g.kecamatan_code, k);
    }
    add(k, g);
    let d = desa.get(g.desa_code);
    if (!d) {
      d = {
        ...area(g.desa_code, names.get(g.desa_code) ?? g.desa_code),
        kecamatanCode: g.kecamatan_code,
        kecamatanName: names.get(g.kecamatan_code) ?? g.kecamatan_code,
      };
      desa.set(g.desa_code, d);
    }
    add(d, g);
  }
  const sorted = <T extends AreaChange>(m: Map<string, T>) =>
    [...m.values()].sort((a, b) => a.code.localeCompare(b.code)).map((a) => ({ ...a, transitions: a.transitions.sort(byPair) }));
  return {
    draft: ref(draft),
    baseline: ref(baseline),
    summary: {
      households: total.households,
      changed: total.changed,
      before: total.before,
      after: total.after,
      matrix: matrix.sort(byPair),
    },
    byKecamatan: sorted(kec),
    byDesa: sorted(desa),
    elapsedMs,
  };
}

const CLASS_TEXT: Record<ClassLabel, string> = { MISKIN_EKSTREM: 'Miskin ekstrem', MISKIN: 'Miskin', TIDAK_MISKIN: 'Tidak miskin' };

interface ChangedRow {
  id: number;
  source_id: string;
  kecamatan_code: string;
  desa_code: string;
  head_name: string;
  desil: number | null;
  label_0: ClassLabel;
  label_1: ClassLabel;
  met_0: number;
  met_1: number;
}

/** Households per batch of the list, by id range: each batch is one indexed range scan. */
const ID_SPAN = 20000;

/** The households whose class changes, in id order, read in id ranges so memory stays flat. */
export async function* changedHouseholds(
  db: Kysely<DB>,
  baseline: RuleSet,
  draft: RuleSet,
  where: ReturnType<typeof scopeWhere>,
): AsyncIterable<ChangedRow> {
  const bounds = await sql<{ lo: number | null; hi: number | null }>`
    select min(h.id)::int8 as lo, max(h.id)::int8 as hi from household h where ${where}`.execute(db);
  const { lo, hi } = bounds.rows[0] ?? { lo: null, hi: null };
  if (lo === null || hi === null) return;
  const mappings = await loadEnumMappings(db, fieldsUsed([baseline, draft]), where);
  for (let from = lo - 1; from < hi; from += ID_SPAN) {
    const src = evaluationSource([baseline, draft], { where, mappings, idRange: { from, to: from + ID_SPAN } });
    const r = await sql<ChangedRow>`
      select e.id, e.source_id, e.kecamatan_code, e.desa_code, e.head_name, e.desil, e.label_0, e.label_1, e.met_0, e.met_1
      from (${src}) e where e.label_0 <> e.label_1 order by e.id`.execute(db);
    yield* r.rows;
  }
}

/** Stream the changing households as CSV or XLSX, audited with the row count once the download ends. */
export async function exportWhatIf(
  db: Kysely<DB>,
  actor: Actor,
  draftId: number,
  againstId: number | undefined,
  format: 'csv' | 'xlsx',
  reply: FastifyReply,
): Promise<StreamResult> {
  const draft = await requireCriteria(db, draftId);
  const baseline = await resolveBaseline(db, draft, againstId);
  const [baseSet, draftSet] = [storedRuleSet(baseline), storedRuleSet(draft)];
  const regionRows = await db.selectFrom('region').select(['code', 'name']).where('level', '>=', 3).execute();
  const names = new Map(regionRows.map((r) => [r.code, r.name]));
  const headers = [
    'No',
    'ID Keluarga',
    'Kode Wilayah',
    'Kecamatan',
    'Desa/Kelurahan',
    'Kepala Keluarga',
    'Desil',
    `Kelas ${baseline.code} v${baseline.version}`,
    `Kelas ${draft.code} v${draft.version}`,
    `Indikator Terpenuhi v${baseline.version}`,
    `Indikator Terpenuhi v${draft.version}`,
  ];
  async function* rows(): AsyncIterable<unknown[]> {
    let n = 0;
    for await (const r of changedHouseholds(db, baseSet, draftSet, scopeWhere(actor, 'h'))) {
      n++;
      yield [
        n,
        r.source_id,
        r.desa_code,
        names.get(r.kecamatan_code) ?? r.kecamatan_code,
        names.get(r.desa_code) ?? r.desa_code,
        r.head_name,
        r.desil,
        CLASS_TEXT[r.label_0],
        CLASS_TEXT[r.label_1],
        r.met_0,
        r.met_1,
      ];
    }
  }
  const onFinish = async (result: StreamResult) => {
    await db.transaction().execute((trx) =>
      recordAudit(trx, actor, {
        action: 'criteria.what_if.export',
        entity: 'criteria_set',
        entityId: draft.id,
        after: { baseline: baseline.id, format, rows: result.rows, completed: result.completed },
      }),
    );
  };
  const filename = `perubahan-kelas-${draft.code}-v${baseline.version}-v${draft.version}.${format}`;
  if (format === 'csv') return streamCsv(reply, filename, headers, rows(), { onFinish });
  return streamXlsx(reply, filename, 'Perubahan kelas', headers, rows(), { onFinish });
}
