import type { ServiceContext } from '../../service-context.js';
import { type Actor, canAccessRegion } from '../access/scope.js';
import { assignmentQuery, listAgencyAssignments, type Warning } from './assignments.js';
import { orgScopeWhere } from './common.js';
import { getPeriod, getSettings } from './periods.js';
import type { AssignmentRole, Echelon } from './tables.js';

export interface AssignedOfficial {
  assignmentId: number;
  officialId: number;
  name: string;
  nip: string;
  position: string;
  echelon: Echelon;
  agencyId: number;
  agencyName: string;
}

export interface DesaCoverage {
  code: string;
  name: string;
  isKelurahan: boolean;
  pendamping: AssignedOfficial[];
  staf: AssignedOfficial[];
  /** No pendamping desa. */
  uncovered: boolean;
  /** Some role held twice. */
  double: boolean;
  doubleRoles: AssignmentRole[];
}

export interface KecamatanCoverage {
  code: string;
  name: string;
  agencies: Array<{ agencyAssignmentId: number; agencyId: number; code: string; name: string; shortName: string | null }>;
  pembina: AssignedOfficial[];
  /** No agency holds this kecamatan as binaan. */
  uncovered: boolean;
  /** More than one agency, or more than one pembina. */
  double: boolean;
  desa: DesaCoverage[];
  counts: { desa: number; uncovered: number; double: number; withoutStaff: number };
}

export interface CoverageReport {
  period: { id: number; name: string; startDate: string; endDate: string };
  norm: { maxDesaPerOfficial: number };
  summary: {
    kecamatan: number;
    kecamatanWithoutAgency: number;
    desa: number;
    uncoveredDesa: number;
    doubleDesa: number;
    desaWithoutStaff: number;
    complete: boolean;
  };
  kecamatan: KecamatanCoverage[];
  agencies: Array<{ agencyId: number; name: string; kecamatanBinaan: number; desa: number; officials: number }>;
  officials: Array<{
    officialId: number;
    name: string;
    nip: string;
    echelon: Echelon;
    agencyId: number;
    agencyName: string;
    desa: number;
    kecamatan: number;
    overNorm: boolean;
  }>;
  warnings: Warning[];
}

/**
 * Who is assigned where in a period, per kecamatan and desa the reader may see: uncovered
 * desa (no pendamping desa), double assignments (the same role twice), counts per agency
 * and official, and warnings for officials holding more desa than the norm.
 */
export async function coverageReport(
  deps: ServiceContext,
  actor: Actor,
  periodId: number,
  kecamatanCode?: string,
): Promise<CoverageReport> {
  const period = await getPeriod(deps.db, deps.kabupatenCode, periodId);
  const norm = (await getSettings(deps.db, deps.kabupatenCode)).maxDesaPerOfficial;
  let regionQuery = deps.db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code', 'is_kelurahan'])
    .where('level', 'in', [3, 4])
    .where('code', 'like', `${deps.kabupatenCode}.%`);
  if (kecamatanCode)
    regionQuery = regionQuery.where((eb) => eb.or([eb('code', '=', kecamatanCode), eb('code', 'like', `${kecamatanCode}.%`)]));
  const regions = await regionQuery.orderBy('code').execute();
  let assignmentRows = assignmentQuery(deps.db)
    .where('oa.period_id', '=', periodId)
    .where('oa.ended_at', 'is', null)
    .where(orgScopeWhere(actor, 'oa'));
  if (kecamatanCode) assignmentRows = assignmentRows.where('oa.kecamatan_code', '=', kecamatanCode);
  const assignments = await assignmentRows.orderBy('o.name').orderBy('oa.id').execute();
  const binaan = await listAgencyAssignments(deps, actor, periodId);

  const kecamatan = new Map<string, KecamatanCoverage>();
  for (const r of regions) {
    if (r.level === 3) {
      kecamatan.set(r.code, {
        code: r.code,
        name: r.name,
        agencies: [],
        pembina: [],
        uncovered: true,
        double: false,
        desa: [],
        counts: { desa: 0, uncovered: 0, double: 0, withoutStaff: 0 },
      });
    } else if (canAccessRegion(actor, r.code) && r.parent_code) {
      kecamatan.get(r.parent_code)?.desa.push({
        code: r.code,
        name: r.name,
        isKelurahan: r.is_kelurahan,
        pendamping: [],
        staf: [],
        uncovered: true,
        double: false,
        doubleRoles: [],
      });
    }
  }
  for (const b of binaan) {
    kecamatan.get(b.kecamatanCode)?.agencies.push({
      agencyAssignmentId: b.id,
      agencyId: b.agencyId,
      code: b.agencyCode,
      name: b.agencyName,
      shortName: b.agencyShortName,
    });
  }
  const desaIndex = new Map<string, DesaCoverage>();
  for (const k of kecamatan.values()) for (const d of k.desa) desaIndex.set(d.code, d);
  for (const a of assignments) {
    const person: AssignedOfficial = {
      assignmentId: a.id,
      officialId: a.officialId,
      name: a.officialName,
      nip: a.nip,
      position: a.position,
      echelon: a.echelon,
      agencyId: a.agencyId,
      agencyName: a.agencyName,
    };
    if (a.role === 'pembina_kecamatan') kecamatan.get(a.kecamatanCode)?.pembina.push(person);
    else {
      const d = a.desaCode ? desaIndex.get(a.desaCode) : undefined;
      if (d) (a.role === 'pendamping_desa' ? d.pendamping : d.staf).push(person);
    }
  }

  const visible = [...kecamatan.values()].filter((k) => k.desa.length > 0 || canAccessRegion(actor, k.code));
  for (const k of visible) {
    k.uncovered = k.agencies.length === 0;
    for (const d of k.desa) {
      d.uncovered = d.pendamping.length === 0;
      d.doubleRoles = [];
      if (d.pendamping.length > 1) d.doubleRoles.push('pendamping_desa');
      if (d.staf.length > 1) d.doubleRoles.push('staf_pendamping');
      d.double = d.doubleRoles.length > 0;
    }
    // Two agencies may share a kecamatan on disjoint desa: the kecamatan is double only when
    // one of its desa is covered twice, or one agency has two pembina in it.
    const pembinaAgencies = new Set(k.pembina.map((p) => p.agencyId));
    k.double = k.desa.some((d) => d.double) || pembinaAgencies.size < k.pembina.length;
    k.counts = {
      desa: k.desa.length,
      uncovered: k.desa.filter((d) => d.uncovered).length,
      double: k.desa.filter((d) => d.double).length,
      withoutStaff: k.desa.filter((d) => d.staf.length === 0).length,
    };
  }

  const officialLoad = new Map<number, CoverageReport['officials'][number] & { desaSet: Set<string>; kecSet: Set<string> }>();
  for (const a of assignments) {
    let o = officialLoad.get(a.officialId);
    if (!o) {
      o = {
        officialId: a.officialId,
        name: a.officialName,
        nip: a.nip,
        echelon: a.echelon,
        agencyId: a.agencyId,
        agencyName: a.agencyName,
        desa: 0,
        kecamatan: 0,
        overNorm: false,
        desaSet: new Set(),
        kecSet: new Set(),
      };
      officialLoad.set(a.officialId, o);
    }
    if (a.desaCode) o.desaSet.add(a.desaCode);
    o.kecSet.add(a.kecamatanCode);
  }
  const warnings: Warning[] = [];
  const officials = [...officialLoad.values()].map(({ desaSet, kecSet, ...o }) => {
    const desa = desaSet.size;
    const overNorm = desa > norm;
    if (overNorm) {
      warnings.push({
        code: 'OVER_NORM',
        officialId: o.officialId,
        message: `${o.name} mendampingi ${desa} desa, melebihi norma ${norm} desa`,
        messageEn: `${o.name} accompanies ${desa} desa, more than the norm of ${norm}`,
      });
    }
    return { ...o, desa, kecamatan: kecSet.size, overNorm };
  });
  officials.sort((a, b) => a.agencyName.localeCompare(b.agencyName) || a.name.localeCompare(b.name));

  const agencyStats = new Map<number, { agencyId: number; name: string; kec: Set<string>; desa: Set<string>; officials: Set<number> }>();
  const stat = (agencyId: number, name: string) => {
    let s = agencyStats.get(agencyId);
    if (!s) {
      s = { agencyId, name, kec: new Set(), desa: new Set(), officials: new Set() };
      agencyStats.set(agencyId, s);
    }
    return s;
  };
  for (const b of binaan) stat(b.agencyId, b.agencyName).kec.add(b.kecamatanCode);
  for (const a of assignments) {
    const s = stat(a.agencyId, a.agencyName);
    if (a.desaCode) s.desa.add(a.desaCode);
    s.officials.add(a.officialId);
  }
  const agencies = [...agencyStats.values()]
    .map((s) => ({ agencyId: s.agencyId, name: s.name, kecamatanBinaan: s.kec.size, desa: s.desa.size, officials: s.officials.size }))
    .sort((a, b) => a.name.localeCompare(b.name));

  for (const k of visible) {
    for (const d of k.desa) {
      if (d.double) {
        warnings.push({
          code: 'DOUBLE_ASSIGNMENT',
          regionCode: d.code,
          message: `Desa ${d.name} ditugaskan ganda (${d.doubleRoles.join(', ')})`,
          messageEn: `Desa ${d.name} is assigned twice (${d.doubleRoles.join(', ')})`,
        });
      }
    }
  }

  const allDesa = visible.flatMap((k) => k.desa);
  const summary = {
    kecamatan: visible.length,
    kecamatanWithoutAgency: visible.filter((k) => k.uncovered).length,
    desa: allDesa.length,
    uncoveredDesa: allDesa.filter((d) => d.uncovered).length,
    doubleDesa: allDesa.filter((d) => d.double).length,
    desaWithoutStaff: allDesa.filter((d) => d.staf.length === 0).length,
    complete: false,
  };
  summary.complete = summary.uncoveredDesa === 0 && summary.doubleDesa === 0 && summary.kecamatanWithoutAgency === 0;
  return {
    period: { id: period.id, name: period.name, startDate: period.startDate, endDate: period.endDate },
    norm: { maxDesaPerOfficial: norm },
    summary,
    kecamatan: visible,
    agencies,
    officials,
    warnings,
  };
}
