import { z } from 'zod';

/**
 * Response shapes of /api/v1/households, for the OpenAPI document, the serializer and the
 * generated web types; views.test.ts checks at compile time that they equal the services' results.
 */

const aidSchema = z
  .object({ bpnt: z.boolean(), bpum: z.boolean(), bst: z.boolean(), pkh: z.boolean(), sembako: z.boolean() })
  .meta({ id: 'HouseholdAidFlags' });

export const listItemSchema = z
  .object({
    id: z.number(),
    desaCode: z.string(),
    desaName: z.string().nullable(),
    kecamatanCode: z.string(),
    kecamatanName: z.string().nullable(),
    headName: z.string(),
    headNik: z.string().nullable(),
    kkNumber: z.string().nullable(),
    address: z.string().nullable(),
    desil: z.number().nullable(),
    targetStatus: z.string(),
    source: z.string(),
    memberCount: z.number(),
    aid: aidSchema,
    updatedAt: z.date(),
  })
  .meta({ id: 'HouseholdListItem' });

const flags = { aid: aidSchema, stuntingRisk: z.boolean() };
const text = z.string().nullable();

export const detailSchema = z
  .object({
    household: z.object({
      id: z.number(),
      kabupatenCode: z.string(),
      kabupatenName: text,
      kecamatanCode: z.string(),
      kecamatanName: text,
      desaCode: z.string(),
      desaName: text,
      source: z.string(),
      sourceId: z.string(),
      edition: text,
      dataYear: z.number().nullable(),
      kkNumber: text,
      headName: z.string(),
      headNik: text,
      headSex: text,
      headBirthDate: text.describe('yyyy-mm-dd'),
      headOccupation: text,
      headEducation: text,
      address: text,
      desil: z.number().nullable(),
      targetStatus: z.string(),
      endedReason: text.describe('MENINGGAL or GANDA: ended by a finalised musdes'),
      endedAt: z.date().nullable(),
      houseOwnership: text,
      roofType: text,
      wallType: text,
      floorType: text,
      lighting: text,
      cookingFuel: text,
      drinkingWater: text,
      toilet: text,
      hasSavings: z.boolean().nullable(),
      padanDukcapil: z.boolean().nullable(),
      ...flags,
      indicators: z.record(z.string(), z.unknown()),
      memberCount: z.number(),
      importId: z.number().nullable(),
      version: z.number(),
      createdAt: z.date(),
      updatedAt: z.date(),
    }),
    members: z.array(
      z.object({
        id: z.number(),
        sourceId: z.string(),
        nik: text,
        name: z.string(),
        sex: text,
        relationship: text,
        birthDate: text.describe('yyyy-mm-dd'),
        age: z.number().nullable(),
        maritalStatus: text,
        occupation: text,
        education: text,
        padanDukcapil: z.boolean().nullable(),
        ...flags,
      }),
    ),
    history: z.array(
      z.object({
        id: z.number(),
        importId: z.number().nullable(),
        changedAt: z.date(),
        changedBy: z.number().nullable(),
        changedByName: text,
        changes: z.record(z.string(), z.unknown()).describe('{kolom: [sebelum, sesudah]}; anggota di bawah "members"'),
      }),
    ),
    audit: z.array(
      z.object({
        id: z.number(),
        at: z.date(),
        actorId: z.number().nullable(),
        actorName: z.string(),
        action: z.string(),
        entity: z.string(),
        entityId: text,
        regionCode: text,
        before: z.unknown(),
        after: z.unknown(),
      }),
    ),
  })
  .meta({ id: 'HouseholdDetail' });

export const householdList = z
  .object({
    items: z.array(listItemSchema),
    total: z.number(),
    totalApproximate: z
      .boolean()
      .describe('true: total adalah perkiraan (dibulatkan ke ratusan) untuk daftar besar tanpa pencarian; tampilkan "± total"'),
    page: z.number(),
    pageSize: z.number(),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'HouseholdList' });

export const memberConditionsView = z
  .object({
    disability: z.boolean(),
    chronicIllness: z.boolean(),
    memberId: z.number(),
    householdId: z.number(),
    householdVersion: z.number().describe('The household version after the change'),
    changed: z.boolean().describe('false: the conditions were already so, nothing recorded'),
  })
  .meta({ id: 'MemberConditions' });
