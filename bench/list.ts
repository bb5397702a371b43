import { sql } from 'kysely';
import type { Database } from '../src/db/database.js';
import type { Actor } from '../src/modules/access/scope.js';
import type { HouseholdFilters } from '../src/modules/households/filters.js';
import { listHouseholds } from '../src/modules/households/service.js';

export interface QueryTiming {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  rows: number;
  total: number;
  /** The total is the planner's estimate (a large region-wide list). */
  approximate: boolean;
}

interface Case {
  name: string;
  actor: Actor;
  filters: HouseholdFilters;
  page?: number;
  cursor?: string;
}

const PAGE_SIZE = 50;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? 0;
}

const actorOn = (role: Actor['grants'][number]['role'], regionCode: string): Actor => ({
  userId: 0,
  username: `bench-${role}`,
  fullName: 'Benchmark',
  grants: [{ role, regionCode }],
});

/**
 * Time the household list the way the web app calls it (listHouseholds: one page of 50 plus
 * the total, exact or, for a large region-wide list, estimated), `runs` times per query after 3 warm-up runs, and report p50/p95 in ms.
 */
export async function benchList(database: Database, kabupatenCode: string, runs: number): Promise<QueryTiming[]> {
  const db = database.db;
  const admin = actorOn('admin_kabupaten', kabupatenCode);
  // Pick the targets from the data itself: the largest kecamatan and desa, a real name prefix and NIK.
  const kec = await sql<{ code: string }>`
    select kecamatan_code as code from household group by 1 order by count(*) desc, 1 limit 1`.execute(db);
  const desa = await sql<{ code: string }>`
    select desa_code as code from household group by 1 order by count(*) desc, 1 limit 1`.execute(db);
  const member = await sql<{ nik: string; name: string }>`
    select nik, name from member where nik is not null order by id limit 1 offset (select count(*) / 2 from member)`.execute(db);
  const total = await sql<{ n: number }>`select count(*)::int as n from household`.execute(db);
  const kecamatanCode = kec.rows[0]?.code;
  const desaCode = desa.rows[0]?.code;
  const someone = member.rows[0];
  if (!kecamatanCode || !desaCode || !someone) throw new Error('no households to query');
  const prefix = someone.name.split(' ')[0]?.slice(0, 4) ?? 'SITI';
  const deepPage = Math.max(1, Math.floor((total.rows[0]?.n ?? 0) / PAGE_SIZE / 2));

  // The cursor the list hands out after the deep page: the next page without an offset.
  const so = { sort: 'desa', order: 'asc' } as const;
  const deep = await listHouseholds(db, admin, {}, so, { page: deepPage, pageSize: PAGE_SIZE });
  const deepCursor = deep.nextCursor ?? undefined;
  if (!deepCursor) throw new Error('no cursor after the deep page');

  const cases: Case[] = [
    { name: 'kabupaten, first page', actor: admin, filters: {} },
    { name: `kecamatan ${kecamatanCode}`, actor: admin, filters: { kecamatan: kecamatanCode } },
    { name: `desa ${desaCode}`, actor: admin, filters: { desa: desaCode } },
    { name: 'desil 1', actor: admin, filters: { desil: [1] } },
    { name: `name "${prefix.toLowerCase()}"`, actor: admin, filters: { q: prefix.toLowerCase() } },
    { name: 'NIK lookup', actor: admin, filters: { q: someone.nik } },
    { name: `deep page ${deepPage} (offset)`, actor: admin, filters: {}, page: deepPage },
    { name: `deep page ${deepPage + 1} (keyset cursor)`, actor: admin, filters: {}, cursor: deepCursor },
    { name: 'operator desa, own desa', actor: actorOn('operator_desa', desaCode), filters: {} },
  ];

  const results: QueryTiming[] = [];
  for (const c of cases) {
    const query = () => listHouseholds(db, c.actor, c.filters, so, { page: c.page ?? 1, pageSize: PAGE_SIZE, cursor: c.cursor });
    for (let i = 0; i < 3; i++) await query();
    const times: number[] = [];
    let last = await query();
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      last = await query();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    results.push({
      name: c.name,
      runs,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      rows: last.items.length,
      total: last.total,
      approximate: last.totalApproximate,
    });
  }
  return results;
}
