import { z } from 'zod';
import { EDITABLE_FIELDS, type EditableField, INDONESIA_BOUNDS, OUTCOMES, REMOVE_REASONS } from './outcome.js';

/** Request and response shapes of /api/v1/verval. */

const desaCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'Kode desa Kemendagri, mis. 35.13.06.2005');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd');
const nik = z.string().regex(/^\d{16}$/, 'NIK 16 digit');
const short = z.string().trim().min(1).max(200);
const optText = z.string().trim().max(200).nullable();

export const outcomeSchema = z.enum(OUTCOMES as [string, ...string[]]) as z.ZodType<(typeof OUTCOMES)[number]>;

export const gpsSchema = z
  .object({ lat: z.number(), lon: z.number() })
  .refine((p) => p.lat >= INDONESIA_BOUNDS.minLat && p.lat <= INDONESIA_BOUNDS.maxLat, {
    message: 'Lintang di luar wilayah Indonesia / latitude outside Indonesia',
    path: ['lat'],
  })
  .refine((p) => p.lon >= INDONESIA_BOUNDS.minLon && p.lon <= INDONESIA_BOUNDS.maxLon, {
    message: 'Bujur di luar wilayah Indonesia / longitude outside Indonesia',
    path: ['lon'],
  });

const person = {
  name: short,
  nik: nik.nullable().default(null),
  sex: z.enum(['L', 'P']).nullable().default(null),
  birthDate: isoDate.nullable().default(null),
  relationship: optText.default(null),
};

export const memberChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ADD'), ...person }),
  z.object({ type: z.literal('BORN'), ...person }),
  z.object({ type: z.literal('REMOVE'), memberId: z.number().int().positive(), reason: z.enum(REMOVE_REASONS) }),
]);
export type MemberChangeInput = z.infer<typeof memberChangeSchema>;

export const updatesSchema = z
  .object({
    headName: short,
    headNik: nik.nullable(),
    kkNumber: nik.nullable(),
    headSex: z.enum(['L', 'P']).nullable(),
    headBirthDate: isoDate.nullable(),
    headOccupation: optText,
    headEducation: optText,
    address: z.string().trim().max(500).nullable(),
    houseOwnership: optText,
    roofType: optText,
    wallType: optText,
    floorType: optText,
    lighting: optText,
    cookingFuel: optText,
    drinkingWater: optText,
    toilet: optText,
    hasSavings: z.boolean().nullable(),
  })
  .partial()
  .strict();

export const saveBody = z.object({
  /** The version this edit is based on; 0 when recording the household for the first time. */
  baseVersion: z.number().int().min(0),
  found: z.boolean().nullable().default(null),
  outcome: outcomeSchema.nullable().default(null),
  destinationDesaCode: desaCode.nullable().default(null),
  /** PINDAH outside the kabupaten: where to, in words (no desa code needed). */
  destinationPlace: z.string().trim().max(200).nullable().default(null),
  duplicateOfHouseholdId: z.number().int().positive().nullable().default(null),
  outcomeReason: z.string().trim().max(2000).nullable().default(null),
  updates: updatesSchema.default({}),
  indicators: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), z.union([z.string().max(200), z.number(), z.boolean(), z.null()]))
    .default({}),
  memberChanges: z.array(memberChangeSchema).max(50).default([]),
  photos: z
    .array(z.string().regex(/^[0-9a-f]{64}$/))
    .max(10)
    .default([]),
  gps: gpsSchema.nullable().default(null),
  note: z.string().trim().max(4000).nullable().default(null),
});
export type SaveInput = z.infer<typeof saveBody>;

export const reviewBody = z.object({ baseVersion: z.number().int().positive(), comment: z.string().trim().max(2000).optional() });

export const newHouseholdBody = z.object({
  desaCode,
  headName: short,
  headNik: nik.nullable().default(null),
  kkNumber: nik.nullable().default(null),
  headSex: z.enum(['L', 'P']).nullable().default(null),
  headBirthDate: isoDate.nullable().default(null),
  address: z.string().trim().max(500).nullable().default(null),
  reason: z.string().trim().min(1).max(2000),
  /**
   * The household's members, the head among them (relationship "Kepala Keluarga"). When absent
   * or empty the head alone is recorded, from the head fields.
   */
  members: z
    .array(z.object({ ...person, relationship: z.string().trim().min(1).max(200) }))
    .max(30)
    .default([]),
});
export type NewHouseholdInput = z.infer<typeof newHouseholdBody>;

const userRef = z.object({ id: z.number(), username: z.string(), fullName: z.string() }).meta({ id: 'UserRef' }).nullable();
const outcome = z.enum(OUTCOMES);
const vervalStatus = z.enum(['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED']);

/** A member change as stored and returned (the input is memberChangeSchema). */
export const memberChangeView = z
  .union([
    z.object({
      type: z.enum(['ADD', 'BORN']),
      name: z.string(),
      nik: z.string().nullable(),
      sex: z.enum(['L', 'P']).nullable(),
      birthDate: z.string().nullable(),
      relationship: z.string().nullable(),
    }),
    z.object({ type: z.literal('REMOVE'), memberId: z.number(), name: z.string(), reason: z.enum(REMOVE_REASONS) }),
  ])
  .meta({ id: 'VervalMemberChange' });

export const vervalView = z
  .object({
    id: z.number(),
    periodId: z.number(),
    householdId: z.number(),
    desaCode: z.string(),
    status: vervalStatus,
    found: z.boolean().nullable(),
    outcome: outcome.nullable(),
    destinationDesaCode: z.string().nullable(),
    destinationPlace: z.string().nullable().describe('PINDAH outside the kabupaten: the place in words'),
    duplicateOfHouseholdId: z.number().nullable(),
    suggestedClass: z.string().nullable(),
    criteriaId: z.number().nullable(),
    outcomeReason: z.string().nullable(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
    memberChanges: z.array(memberChangeView),
    photos: z.array(z.string()),
    gps: z.object({ lat: z.number(), lon: z.number() }).nullable(),
    note: z.string().nullable(),
    reviewComment: z.string().nullable(),
    submittedBy: userRef,
    submittedAt: z.string().nullable(),
    reviewedBy: userRef,
    reviewedAt: z.string().nullable(),
    version: z.number(),
    updatedBy: userRef,
    updatedAt: z.string(),
  })
  .meta({ id: 'VervalRecord' });

/** One page of the desa worklist; each item carries the fields the filters use, so a downloaded desa filters on the device too. */
export const worklistView = z
  .object({
    desaCode: z.string(),
    pageSize: z.number(),
    total: z.number(),
    visited: z.number(),
    matching: z.number().describe('Households matching the search and filters'),
    dusuns: z.array(z.string()).describe("Dusun named in the desa's addresses"),
    rts: z.array(z.string()).describe("RT (three digits) named in the desa's addresses"),
    nextCursor: z.string().nullable().describe('Pass as `after` for the next page'),
    items: z.array(
      z.object({
        householdId: z.number(),
        headName: z.string(),
        headNik: z.string().nullable(),
        kkNumber: z.string().nullable(),
        address: z.string().nullable(),
        targetStatus: z.string(),
        desil: z.number().nullable(),
        dusun: z.string().nullable(),
        rt: z.string().nullable(),
        memberCount: z.number(),
        visited: z.boolean(),
        possibleDuplicate: z.object({ openCandidates: z.number(), resolvedSame: z.number() }).nullable(),
        verval: z
          .object({
            id: z.number(),
            status: vervalStatus,
            outcome: outcome.nullable(),
            version: z.number(),
            updatedAt: z.string(),
            reviewComment: z.string().nullable(),
          })
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'VervalWorklist' });

export const reviewQueueView = z
  .object({
    total: z.number(),
    nextCursor: z.string().nullable(),
    items: z.array(
      z.object({
        id: z.number(),
        householdId: z.number(),
        headName: z.string(),
        desaCode: z.string(),
        desaName: z.string().nullable(),
        outcome: outcome.nullable(),
        suggestedClass: z.string().nullable(),
        differsFromSuggestion: z.boolean(),
        submittedAt: z.string(),
        submittedBy: z.string().nullable(),
        version: z.number(),
        changes: z.number(),
        memberChanges: z.number(),
        photos: z.number(),
      }),
    ),
  })
  .meta({ id: 'VervalReviewQueue' });

/** The household as the verval form opens it, with its record of the period (null before the first visit). */
export const vervalHouseholdView = z
  .object({
    householdId: z.number(),
    desaCode: z.string(),
    desaName: z.string().nullable(),
    headName: z.string(),
    source: z.string(),
    targetStatus: z.string(),
    suggestedClass: z.string().nullable(),
    criteriaId: z.number().nullable(),
    fields: z
      .record(z.enum(Object.keys(EDITABLE_FIELDS) as [EditableField, ...EditableField[]]), z.unknown())
      .describe('Current value of each editable field'),
    indicators: z.record(z.string(), z.unknown()),
    members: z.array(
      z.object({
        id: z.number(),
        name: z.string(),
        nik: z.string().nullable(),
        sex: z.string().nullable(),
        relationship: z.string().nullable(),
        birthDate: z.string().nullable(),
      }),
    ),
    verval: vervalView.nullable(),
  })
  .meta({ id: 'VervalHousehold' });

export const revisionList = z
  .object({
    items: z.array(
      z.object({
        version: z.number(),
        action: z.string(),
        status: z.string(),
        changedAt: z.string(),
        changedBy: z.object({ username: z.string(), fullName: z.string().nullable() }).nullable(),
        snapshot: vervalView,
      }),
    ),
  })
  .meta({ id: 'VervalRevisionList' });

export const storedPhoto = z.object({ sha256: z.string(), size: z.number(), mime: z.string() }).meta({ id: 'StoredBlob' });

export const periodParams = z.object({ periodId: z.coerce.number().int().positive() });
export const periodHouseholdParams = periodParams.extend({ householdId: z.coerce.number().int().positive() });
