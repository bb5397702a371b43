import { z } from 'zod';
import { isoDate, pageQuery, regionCode } from '../../http/schemas.js';
import { gpsSchema } from '../verval/schemas.js';
import { AID_ACTIONS, DOCUMENT_KINDS, FOLLOWUP_STATUSES } from './tables.js';

/** Request and response shapes of /api/v1/pendampingan. */

const desaCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'Kode desa Kemendagri, mis. 35.13.06.2005');
const id = z
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1);
const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .default(null)
    .transform((s) => (s === '' ? null : s));
const flag = z
  .enum(['1', 'true', '0', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

export const periodParams = z.object({ periodId: z.coerce.number().int().positive() });
export const visitPhotoParams = z.object({ id: z.coerce.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
export const photoQuery = z.object({ size: z.enum(['full', 'thumb']).default('full') });
export const uploadQuery = z.object({ desa: desaCode });
export const shaParam = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const companionsQuery = z.object({ desa: desaCode, missing: flag });
export const setCompanionsBody = z.object({
  desaCode,
  householdIds: z.array(id).min(1).max(5000),
  officialId: id.nullable(),
});
export const splitBody = z.object({ desaCode, onlyMissing: z.boolean().default(true) });

const staff = z.object({ officialId: z.number(), name: z.string(), agencyName: z.string(), echelon: z.string(), role: z.string() });
export const companionList = z
  .object({
    desaCode: z.string(),
    staff: z.array(staff),
    summary: z.object({ households: z.number(), withCompanion: z.number(), withoutCompanion: z.number() }),
    items: z.array(
      z.object({
        householdId: z.number(),
        headName: z.string(),
        address: z.string().nullable(),
        dusun: z.string().nullable(),
        rt: z.string().nullable(),
        companion: z.object({ officialId: z.number(), name: z.string(), active: z.boolean() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'PendampinganCompanions' });

export const visitBody = z.object({
  desaCode,
  visitDate: isoDate,
  place: text(200),
  gps: gpsSchema.nullable().default(null),
  photos: z
    .array(z.string().regex(/^[0-9a-f]{64}$/))
    .max(10)
    .default([]),
  participants: z.array(text(200)).max(100).default([]),
  note: optText(2000),
  officialId: id.optional().describe('Default: the official linked to the signed-in user'),
});

export const visitCreated = z
  .object({ id: z.number(), periodId: z.number(), officialId: z.number(), desaCode: z.string(), visitDate: z.string() })
  .meta({ id: 'PendampinganVisitCreated' });

export const activityBody = z.object({
  householdId: id,
  visitId: id.optional(),
  activityDate: isoDate,
  visited: z.boolean(),
  problem: optText(2000),
  aid: z
    .object({ action: z.enum(AID_ACTIONS), proposalId: id })
    .nullable()
    .default(null),
  referralAgency: optText(200).describe('e.g. Dinas Kesehatan, Disdik'),
  document: z.enum(DOCUMENT_KINDS).nullable().default(null),
  note: optText(2000),
  followUps: z
    .array(z.object({ title: text(300), dueDate: isoDate, ownerOfficialId: id.optional() }))
    .max(20)
    .default([]),
  officialId: id.optional().describe('Default: the official linked to the signed-in user'),
});

export const activityCreated = z
  .object({
    id: z.number(),
    periodId: z.number(),
    householdId: z.number(),
    officialId: z.number(),
    activityDate: z.string(),
    followUpIds: z.array(z.number()),
  })
  .meta({ id: 'PendampinganActivityCreated' });

export const visitsQuery = pageQuery.extend({
  periodId: z.coerce.number().int().positive().optional(),
  desa: regionCode.optional(),
  officialId: z.coerce.number().int().positive().optional(),
});

const official = z.object({ id: z.number(), name: z.string(), agencyName: z.string() });
export const visitList = z
  .object({
    items: z.array(
      z.object({
        id: z.number(),
        periodId: z.number(),
        desaCode: z.string(),
        desaName: z.string(),
        visitDate: z.string(),
        place: z.string(),
        gps: z.object({ lat: z.number(), lon: z.number() }).nullable(),
        photos: z.array(z.string()),
        participants: z.array(z.string()),
        note: z.string().nullable(),
        official,
        households: z.number(),
        createdAt: z.date(),
      }),
    ),
    total: z.number(),
    page: z.number(),
    pageSize: z.number(),
  })
  .meta({ id: 'PendampinganVisits' });

export const followupsQuery = pageQuery.extend({
  periodId: z.coerce.number().int().positive().optional(),
  status: z.enum(FOLLOWUP_STATUSES).optional(),
  overdue: flag,
  desa: regionCode.optional(),
  officialId: z.coerce.number().int().positive().optional(),
});

const followup = z.object({
  id: z.number(),
  activityId: z.number(),
  householdId: z.number(),
  headName: z.string(),
  desaCode: z.string(),
  desaName: z.string(),
  title: z.string(),
  dueDate: z.string(),
  status: z.enum(FOLLOWUP_STATUSES),
  overdue: z.boolean(),
  owner: z.object({ id: z.number(), name: z.string() }),
  closedAt: z.date().nullable(),
  createdAt: z.date(),
});
export const followupList = z
  .object({ items: z.array(followup), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'PendampinganFollowups' });
export const followupStatusBody = z.object({ status: z.enum(['DONE', 'CANCELLED']) });
export const followupStatusView = z
  .object({ id: z.number(), status: z.enum(FOLLOWUP_STATUSES) })
  .meta({ id: 'PendampinganFollowupStatus' });

export const householdView = z
  .object({
    householdId: z.number(),
    companion: z
      .object({
        periodId: z.number(),
        periodName: z.string(),
        officialId: z.number(),
        name: z.string(),
        agencyName: z.string(),
        active: z.boolean(),
      })
      .nullable(),
    activities: z.array(
      z.object({
        id: z.number(),
        activityDate: z.string(),
        visited: z.boolean(),
        problem: z.string().nullable(),
        aid: z
          .object({
            action: z.enum(AID_ACTIONS),
            proposalId: z.number(),
            status: z.string().nullable(),
            programName: z.string().nullable(),
          })
          .nullable(),
        referralAgency: z.string().nullable(),
        document: z.string().nullable(),
        note: z.string().nullable(),
        official,
      }),
    ),
    followUps: z.array(followup),
  })
  .meta({ id: 'PendampinganHousehold' });

export const summaryQuery = z.object({ agencyId: z.coerce.number().int().positive().optional() });
const proposals = z.object({
  PROPOSED: z.number(),
  VERIFIED: z.number(),
  APPROVED: z.number(),
  DISTRIBUTED: z.number(),
  REJECTED: z.number(),
});
export const summaryView = z
  .object({
    period: z.object({ id: z.number(), name: z.string(), startDate: z.string(), endDate: z.string() }),
    by: z.enum(['agency', 'official']),
    agencyId: z.number().nullable(),
    inactiveDays: z.number(),
    today: z.string(),
    rows: z.array(
      z.object({
        id: z.number(),
        name: z.string(),
        agencyName: z.string(),
        officials: z.number(),
        desaAssigned: z.number(),
        desaVisited: z.number(),
        visits: z.number(),
        householdsAccompanied: z.number(),
        proposals,
        followUpsOpen: z.number(),
        followUpsOverdue: z.number(),
        lastActivity: z.string().nullable(),
        inactive: z.boolean(),
      }),
    ),
    inactiveDesa: z.array(z.object({ code: z.string(), name: z.string(), kecamatanName: z.string(), lastActivity: z.string().nullable() })),
  })
  .meta({ id: 'PendampinganSummary' });

export const recapQuery = z.object({
  agencyId: z.coerce.number().int().positive(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Bulan yyyy-mm, mis. 2024-03'),
});
