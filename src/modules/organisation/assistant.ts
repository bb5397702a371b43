import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, conflict } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { getAgency } from './agencies.js';
import { type AssignmentInput, insertAgencyAssignment, insertAssignments, ROLE_LABELS, type Warning } from './assignments.js';
import { lockOrganisation, requireRegion } from './common.js';
import { getPeriod, getSettings } from './periods.js';
import type { AssignmentRole, Echelon } from './tables.js';

/**
 * The split assistant: given an agency and its kecamatan binaan, propose a complete
 * "terbagi habis" split of the desa that still lack a pendamping: the agency's echelon-III
 * officials take `norm` desa each (neighbouring desa in code order), the rest goes to a
 * second agency's officials (echelon III, then IV, then JF/staff), and the agency's JF/staff
 * become staf pendamping of desa without one. Nothing is written: the admin reviews the
 * draft and accepts it (possibly edited) in one call.
 */
export interface DraftRequest {
  agencyId: number;
  kecamatanCodes?: string[] | undefined;
  remainderAgencyId?: number | undefined;
}

export interface DraftAssignment {
  officialId: number;
  officialName: string;
  nip: string;
  position: string;
  echelon: Echelon;
  agencyId: number;
  agencyName: string;
  role: AssignmentRole;
  regionCode: string;
  regionName: string;
  kecamatanCode: string;
}

interface RegionName {
  code: string;
  name: string;
}

export interface Draft {
  periodId: number;
  norm: number;
  agency: { id: number; name: string };
  remainderAgency: { id: number; name: string } | null;
  kecamatan: Array<RegionName & { desa: number }>;
  agencyAssignments: Array<{ agencyId: number; kecamatanCode: string; kecamatanName: string }>;
  assignments: DraftAssignment[];
  alreadyCovered: RegionName[];
  uncoveredDesa: RegionName[];
  desaWithoutStaff: RegionName[];
  warnings: Warning[];
}

const REMAINDER_ORDER: Echelon[] = ['III', 'IV', 'JF', 'STAF'];

interface Candidate {
  id: number;
  name: string;
  nip: string;
  position: string;
  echelon: Echelon;
  agency_id: number;
}

export async function proposeSplit(deps: ServiceContext, actor: Actor, periodId: number, req: DraftRequest): Promise<Draft> {
  const db = deps.db;
  await getPeriod(db, deps.kabupatenCode, periodId);
  const agency = await getAgency(db, deps.kabupatenCode, req.agencyId);
  const remainder = req.remainderAgencyId ? await getAgency(db, deps.kabupatenCode, req.remainderAgencyId) : null;
  if (remainder && remainder.id === agency.id) {
    throw badRequest('SAME_AGENCY', 'OPD sisa harus berbeda dari OPD utama', 'The remainder agency must differ from the main agency');
  }
  const norm = (await getSettings(db, deps.kabupatenCode)).maxDesaPerOfficial;

  const binaan = await db
    .selectFrom('agency_assignment')
    .select('kecamatan_code')
    .where('period_id', '=', periodId)
    .where('agency_id', '=', agency.id)
    .execute();
  const binaanCodes = new Set(binaan.map((b) => b.kecamatan_code));
  const codes = [...new Set(req.kecamatanCodes?.length ? req.kecamatanCodes : [...binaanCodes])].sort();
  if (codes.length === 0) {
    throw badRequest(
      'NO_KECAMATAN_BINAAN',
      `${agency.name} belum memiliki kecamatan binaan pada periode ini; pilih kecamatan`,
      `${agency.name} has no kecamatan binaan in this period; choose the kecamatan`,
    );
  }
  const kecamatan: Array<RegionName & { desa: number }> = [];
  for (const code of codes) {
    const k = await requireRegion(db, deps.kabupatenCode, code, 3, actor);
    kecamatan.push({ code: k.code, name: k.name, desa: 0 });
  }

  const desa = await db
    .selectFrom('region')
    .select(['code', 'name', 'parent_code'])
    .where('level', '=', 4)
    .where('parent_code', 'in', codes)
    .orderBy('code')
    .execute();
  for (const k of kecamatan) k.desa = desa.filter((d) => d.parent_code === k.code).length;
  const existing = await db
    .selectFrom('official_assignment')
    .select(['official_id', 'role', 'desa_code'])
    .where('period_id', '=', periodId)
    .where('ended_at', 'is', null)
    .execute();
  const withRole = (role: AssignmentRole) => new Set(existing.filter((e) => e.role === role).map((e) => e.desa_code));
  const hasPendamping = withRole('pendamping_desa');
  const hasStaf = withRole('staf_pendamping');
  const load = new Map<number, Set<string>>();
  for (const e of existing) {
    if (!e.desa_code) continue;
    const s = load.get(e.official_id) ?? new Set<string>();
    s.add(e.desa_code);
    load.set(e.official_id, s);
  }

  const candidates = await db
    .selectFrom('official')
    .select(['id', 'name', 'nip', 'position', 'echelon', 'agency_id'])
    .where('agency_id', 'in', remainder ? [agency.id, remainder.id] : [agency.id])
    .orderBy('id')
    .execute();
  const primary = candidates.filter((c) => c.agency_id === agency.id && c.echelon === 'III');
  const staff = candidates.filter((c) => c.agency_id === agency.id && (c.echelon === 'JF' || c.echelon === 'STAF'));
  const second = remainder
    ? candidates
        .filter((c) => c.agency_id === remainder.id && REMAINDER_ORDER.includes(c.echelon))
        .sort((a, b) => REMAINDER_ORDER.indexOf(a.echelon) - REMAINDER_ORDER.indexOf(b.echelon) || a.id - b.id)
    : [];

  const assignments: DraftAssignment[] = [];
  const agencyName = (id: number) => (id === agency.id ? agency.name : (remainder?.name ?? ''));
  /** Give each official up to the norm (minus what they already hold) of the queue's desa, in order. */
  const fill = (officials: Candidate[], queue: typeof desa, role: AssignmentRole) => {
    for (const o of officials) {
      const held = load.get(o.id) ?? new Set<string>();
      while (queue.length > 0 && held.size < norm) {
        const d = queue.shift();
        if (!d) break;
        held.add(d.code);
        assignments.push({
          officialId: o.id,
          officialName: o.name,
          nip: o.nip,
          position: o.position,
          echelon: o.echelon,
          agencyId: o.agency_id,
          agencyName: agencyName(o.agency_id),
          role,
          regionCode: d.code,
          regionName: d.name,
          kecamatanCode: d.parent_code ?? '',
        });
      }
      load.set(o.id, held);
    }
  };
  const needPendamping = desa.filter((d) => !hasPendamping.has(d.code));
  fill(primary, needPendamping, 'pendamping_desa');
  fill(second, needPendamping, 'pendamping_desa');
  const needStaf = desa.filter((d) => !hasStaf.has(d.code));
  fill(staff, needStaf, 'staf_pendamping');

  const warnings: Warning[] = [];
  if (needPendamping.length > 0) {
    warnings.push({
      code: 'NOT_ENOUGH_OFFICIALS',
      message: `${needPendamping.length} desa belum mendapat pendamping: tambahkan pejabat atau pilih OPD sisa`,
      messageEn: `${needPendamping.length} desa still lack a pendamping: add officials or choose a remainder agency`,
    });
  }
  if (needStaf.length > 0) {
    warnings.push({
      code: 'NOT_ENOUGH_STAFF',
      message: `${needStaf.length} desa belum mendapat staf pendamping (JF/staf ${agency.name})`,
      messageEn: `${needStaf.length} desa have no companion staff (JF/staff of ${agency.name})`,
    });
  }
  const name = (d: { code: string; name: string }) => ({ code: d.code, name: d.name });
  return {
    periodId,
    norm,
    agency: { id: agency.id, name: agency.name },
    remainderAgency: remainder ? { id: remainder.id, name: remainder.name } : null,
    kecamatan,
    agencyAssignments: kecamatan
      .filter((k) => !binaanCodes.has(k.code))
      .map((k) => ({ agencyId: agency.id, kecamatanCode: k.code, kecamatanName: k.name })),
    assignments,
    alreadyCovered: desa.filter((d) => hasPendamping.has(d.code)).map(name),
    uncoveredDesa: needPendamping.map(name),
    desaWithoutStaff: needStaf.map(name),
    warnings,
  };
}

export interface AcceptRequest {
  agencyAssignments: Array<{ agencyId: number; kecamatanCode: string }>;
  assignments: AssignmentInput[];
}

/** Doubles a draft would create: the same role twice on a region, inside the draft or against what exists. */
async function draftDoubles(trx: Kysely<DB>, periodId: number, rows: AssignmentInput[]) {
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(`${r.role}|${r.regionCode}`, (seen.get(`${r.role}|${r.regionCode}`) ?? 0) + 1);
  const doubles = [...seen.entries()].filter(([, n]) => n > 1).map(([k]) => k);
  const existing = await trx
    .selectFrom('official_assignment')
    .select(['role', sql<string>`coalesce(desa_code, kecamatan_code)`.as('region')])
    .where('period_id', '=', periodId)
    .where('ended_at', 'is', null)
    .where(sql<boolean>`coalesce(desa_code, kecamatan_code) in (${sql.join(rows.map((r) => r.regionCode))})`)
    .execute();
  for (const e of existing) if (seen.has(`${e.role}|${e.region}`)) doubles.push(`${e.role}|${e.region}`);
  return [...new Set(doubles)].map((k) => {
    const [role, regionCode] = k.split('|') as [AssignmentRole, string];
    return { role, regionCode };
  });
}

/**
 * Accept a reviewed draft in one transaction: the kecamatan binaan and every penugasan are
 * written with their access grants and audit entries, or nothing is (e.g. when a desa got a
 * pendamping since the draft was made, which would double it).
 */
export async function acceptSplit(deps: ServiceContext, actor: Actor, periodId: number, req: AcceptRequest) {
  if (req.assignments.length === 0 && req.agencyAssignments.length === 0) {
    throw badRequest('EMPTY_DRAFT', 'Rancangan tidak berisi penugasan', 'The draft holds no assignments');
  }
  return deps.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx);
    await getPeriod(trx, deps.kabupatenCode, periodId);
    if (req.assignments.length) {
      const doubles = await draftDoubles(trx, periodId, req.assignments);
      if (doubles.length) {
        const list = doubles.map((d) => `${d.regionCode} (${ROLE_LABELS[d.role].id.toLowerCase()})`).join(', ');
        throw conflict(
          'DOUBLE_ASSIGNMENT',
          `Rancangan akan menugaskan ganda: ${list}. Buat rancangan baru`,
          `The draft would assign twice: ${list}. Make a new draft`,
          { doubles },
        );
      }
    }
    const agencyAssignmentIds: number[] = [];
    for (const a of req.agencyAssignments) agencyAssignmentIds.push(await insertAgencyAssignment(trx, deps, actor, periodId, a));
    const assignmentIds = await insertAssignments(trx, deps, actor, periodId, req.assignments, 'assistant');
    await recordAudit(trx, actor, {
      action: 'assistant.accept',
      entity: 'program_period',
      entityId: periodId,
      after: { agencyAssignments: req.agencyAssignments, assignments: req.assignments.length, assignmentIds },
    });
    return { agencyAssignmentIds, assignmentIds };
  });
}
