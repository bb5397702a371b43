import { z } from 'zod';
import { isoDate, regionCode } from '../../http/schemas.js';
import { ASSIGNMENT_ROLES, ECHELONS, STAGE_KINDS } from './tables.js';

/** Request and response shapes of the organisation API (also its OpenAPI documentation). */

export const echelon = z.enum(ECHELONS);
export const assignmentRole = z.enum(ASSIGNMENT_ROLES);
export const stageKind = z.enum(STAGE_KINDS);
export const periodParam = z.object({ periodId: z.coerce.number().int().positive() });
const name = z.string().trim().min(1).max(200);

export const warning = z
  .object({
    code: z.string(),
    message: z.string(),
    messageEn: z.string(),
    officialId: z.number().optional(),
    regionCode: z.string().optional(),
  })
  .meta({ id: 'AssignmentWarning' });

export const agencyBody = z.object({
  code: z.string().trim().min(1).max(50),
  name,
  shortName: z.string().trim().max(50).nullish(),
});

export const agencyView = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    shortName: z.string().nullable(),
    officialCount: z.number(),
  })
  .meta({ id: 'Agency' });

export const officialBody = z.object({
  agencyId: z.number().int().positive(),
  name,
  nip: z.string().trim().max(30),
  position: name,
  echelon,
  userId: z.number().int().positive().nullish(),
});

export const officialView = z
  .object({
    id: z.number(),
    agencyId: z.number(),
    agencyCode: z.string(),
    agencyName: z.string(),
    name: z.string(),
    nip: z.string(),
    position: z.string(),
    echelon,
    userId: z.number().nullable(),
    username: z.string().nullable(),
    activeAssignments: z.number(),
  })
  .meta({ id: 'Official' });

export const periodBody = z.object({ program: name, name, startDate: isoDate, endDate: isoDate });
export const periodView = z
  .object({ id: z.number(), program: z.string(), name: z.string(), startDate: z.string(), endDate: z.string() })
  .meta({ id: 'ProgramPeriod' });

export const settingsBody = z.object({ maxDesaPerOfficial: z.number().int().min(1).max(100) });

export const assignmentBody = z.object({ officialId: z.number().int().positive(), role: assignmentRole, regionCode });

export const assignmentView = z
  .object({
    id: z.number(),
    periodId: z.number(),
    officialId: z.number(),
    officialName: z.string(),
    nip: z.string(),
    position: z.string(),
    echelon,
    agencyId: z.number(),
    agencyName: z.string(),
    agencyShortName: z.string().nullable(),
    role: assignmentRole,
    kecamatanCode: z.string(),
    kecamatanName: z.string(),
    desaCode: z.string().nullable(),
    desaName: z.string().nullable(),
    source: z.string(),
    createdAt: z.date(),
    endedAt: z.date().nullable(),
  })
  .meta({ id: 'Assignment' });

export const agencyAssignmentBody = z.object({ agencyId: z.number().int().positive(), kecamatanCode: regionCode });
export const agencyAssignmentView = z
  .object({
    id: z.number(),
    periodId: z.number(),
    agencyId: z.number(),
    agencyCode: z.string(),
    agencyName: z.string(),
    agencyShortName: z.string().nullable(),
    kecamatanCode: z.string(),
    kecamatanName: z.string(),
  })
  .meta({ id: 'AgencyAssignment' });

const assignedOfficial = z.object({
  assignmentId: z.number(),
  officialId: z.number(),
  name: z.string(),
  nip: z.string(),
  position: z.string(),
  echelon,
  agencyId: z.number(),
  agencyName: z.string(),
});

export const coverageView = z
  .object({
    period: z.object({ id: z.number(), name: z.string(), startDate: z.string(), endDate: z.string() }),
    norm: z.object({ maxDesaPerOfficial: z.number() }),
    summary: z.object({
      kecamatan: z.number(),
      kecamatanWithoutAgency: z.number(),
      desa: z.number(),
      uncoveredDesa: z.number(),
      doubleDesa: z.number(),
      desaWithoutStaff: z.number(),
      complete: z.boolean(),
    }),
    kecamatan: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        agencies: z.array(
          z.object({
            agencyAssignmentId: z.number(),
            agencyId: z.number(),
            code: z.string(),
            name: z.string(),
            shortName: z.string().nullable(),
          }),
        ),
        pembina: z.array(assignedOfficial),
        uncovered: z.boolean(),
        double: z.boolean(),
        counts: z.object({ desa: z.number(), uncovered: z.number(), double: z.number(), withoutStaff: z.number() }),
        desa: z.array(
          z.object({
            code: z.string(),
            name: z.string(),
            isKelurahan: z.boolean(),
            pendamping: z.array(assignedOfficial),
            staf: z.array(assignedOfficial),
            uncovered: z.boolean(),
            double: z.boolean(),
            doubleRoles: z.array(assignmentRole),
          }),
        ),
      }),
    ),
    agencies: z.array(
      z.object({ agencyId: z.number(), name: z.string(), kecamatanBinaan: z.number(), desa: z.number(), officials: z.number() }),
    ),
    officials: z.array(
      z.object({
        officialId: z.number(),
        name: z.string(),
        nip: z.string(),
        echelon,
        agencyId: z.number(),
        agencyName: z.string(),
        desa: z.number(),
        kecamatan: z.number(),
        overNorm: z.boolean(),
      }),
    ),
    warnings: z.array(warning),
  })
  .meta({ id: 'Coverage' });

export const draftBody = z.object({
  agencyId: z.number().int().positive(),
  kecamatanCodes: z.array(regionCode).max(50).optional(),
  remainderAgencyId: z.number().int().positive().optional(),
});

const regionName = z.object({ code: z.string(), name: z.string() });

export const draftView = z
  .object({
    periodId: z.number(),
    norm: z.number(),
    agency: z.object({ id: z.number(), name: z.string() }),
    remainderAgency: z.object({ id: z.number(), name: z.string() }).nullable(),
    kecamatan: z.array(regionName.extend({ desa: z.number() })),
    agencyAssignments: z.array(z.object({ agencyId: z.number(), kecamatanCode: z.string(), kecamatanName: z.string() })),
    assignments: z.array(
      z.object({
        officialId: z.number(),
        officialName: z.string(),
        nip: z.string(),
        position: z.string(),
        echelon,
        agencyId: z.number(),
        agencyName: z.string(),
        role: assignmentRole,
        regionCode: z.string(),
        regionName: z.string(),
        kecamatanCode: z.string(),
      }),
    ),
    alreadyCovered: z.array(regionName),
    uncoveredDesa: z.array(regionName),
    desaWithoutStaff: z.array(regionName),
    warnings: z.array(warning),
  })
  .meta({ id: 'SplitDraft' });

export const acceptBody = z.object({
  agencyAssignments: z.array(agencyAssignmentBody).max(100),
  assignments: z.array(assignmentBody).max(5000),
});

export const stageBody = z.object({
  kind: stageKind,
  name,
  startDate: isoDate,
  endDate: isoDate,
  kecamatanCode: regionCode.nullish(),
});

export const stageView = z
  .object({
    id: z.number(),
    periodId: z.number(),
    kind: stageKind,
    name: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    kecamatanCode: z.string().nullable(),
    kecamatanName: z.string().nullable(),
  })
  .meta({ id: 'ScheduleStage' });

export const importResult = z
  .object({
    mode: z.literal('all_or_nothing'),
    rows: z.number(),
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
  })
  .meta({ id: 'OrganisationImportResult' });
