import { z } from 'zod';
import { outcomeSchema } from '../verval/schemas.js';
import { ATTENDEE_ROLES, DECISIONS, DOCUMENT_KINDS, MEETING_STATUSES, MEETING_TYPES } from './tables.js';

/**
 * Response shapes of /api/v1/musdes, for the OpenAPI document and the serializer. A response
 * schema drops every field it does not declare, so each one mirrors what its service function
 * returns; schemas.test.ts checks at compile time that they stay equal.
 */

// Named, so the OpenAPI document lists the values once and the web app's pickers read them from there.
export const attendeeRole = z.enum(ATTENDEE_ROLES).meta({ id: 'MusdesAttendeeRole' });
export const decisionSchema = z.enum(DECISIONS).meta({ id: 'MusdesDecision' });
const meetingType = z.enum(MEETING_TYPES).meta({ id: 'MusdesMeetingType' });
const meetingStatus = z.enum(MEETING_STATUSES).meta({ id: 'MusdesMeetingStatus' });
const documentKind = z.enum(DOCUMENT_KINDS).meta({ id: 'MusdesDocumentKind' });
const role = attendeeRole;
const decision = decisionSchema;

export const settingsView = z.object({ requiredRoles: z.array(role) }).meta({ id: 'MusdesSettings' });

export const meetingView = z
  .object({
    id: z.number(),
    periodId: z.number(),
    periodName: z.string(),
    type: meetingType,
    status: meetingStatus,
    number: z.string().nullable().describe('Nomor berita acara'),
    heldOn: z.string().describe('yyyy-mm-dd'),
    place: z.string(),
    chair: z.string().nullable(),
    agenda: z.string().nullable(),
    version: z.number(),
    kabupatenCode: z.string(),
    kecamatanCode: z.string(),
    kecamatanName: z.string(),
    desaCode: z.string(),
    desaName: z.string(),
    decisionCount: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
    finalisedAt: z.date().nullable(),
    finalisedBy: z.string().nullable().describe('Full name of who finalised it'),
  })
  .meta({ id: 'MusdesMeeting' });

export const meetingList = z
  .object({ items: z.array(meetingView), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'MusdesMeetingList' });

export const attendeeView = z
  .object({ id: z.number(), name: z.string(), role, institution: z.string().nullable(), signed: z.boolean() })
  .meta({ id: 'MusdesAttendee' });

/** Evidence metadata; the file itself is GET …/documents/:sub. */
export const documentView = z
  .object({
    id: z.number(),
    kind: documentKind,
    mime: z.string(),
    size: z.number(),
    filename: z.string().nullable(),
    uploadedAt: z.date(),
    uploadedBy: z.string().nullable(),
  })
  .meta({ id: 'MusdesDocument' });

export const documentAdded = documentView.pick({ id: true, kind: true, mime: true, size: true }).meta({ id: 'MusdesDocumentAdded' });

export const problemView = z
  .object({
    code: z.string(),
    message: z.string(),
    messageEn: z.string(),
    role: role.optional().describe('ROLE_MISSING: the required role'),
  })
  .meta({ id: 'MusdesProblem' });

export const meetingDetail = z
  .object({
    meeting: meetingView,
    attendees: z.array(attendeeView),
    documents: z.array(documentView),
    decisions: z.record(decision, z.number()).describe('Number of households per decision'),
    requiredRoles: z.array(role),
    problems: z.array(problemView).describe('What is still missing before the meeting can be finalised'),
    permissions: z.object({ edit: z.boolean(), finalise: z.boolean() }),
  })
  .meta({ id: 'MusdesMeetingDetail' });

export const finaliseEffect = z
  .object({
    removed: z.number(),
    added: z.number(),
    ended: z.number(),
    moved: z.number().describe('Households that moved within the kabupaten, now in their new desa (ADR 0013)'),
  })
  .meta({ id: 'MusdesFinaliseEffect' });

export const finalisedDetail = meetingDetail.extend({ effect: finaliseEffect }).meta({ id: 'MusdesFinalisedMeeting' });

export const finalisePreviewView = z
  .object({
    meetingId: z.number(),
    version: z.number().describe('The meeting version this preview was read at; finalise with it'),
    status: meetingStatus,
    tabled: z.number().describe('Households tabled at the meeting'),
    decisions: z.record(decision, z.number()).describe('Number of households per decision'),
    undecided: z.number().describe('Tabled households without a decision (deferred when finalising with deferRest)'),
    leaving: z.number().describe('Households that leave the extreme-poor list (to MISKIN)'),
    entering: z.number().describe('Households that enter the extreme-poor list'),
    ended: z.number().describe('Households that end (deceased, duplicate)'),
    moving: z
      .number()
      .describe('Households that moved within the kabupaten: transferred to their destination desa, status kept (ADR 0013)'),
    deferred: z.number().describe('Households already decided DEFER'),
    problems: z.array(problemView),
  })
  .meta({ id: 'MusdesFinalisePreview' });

export const tabledView = z
  .object({
    items: z.array(
      z.object({
        householdId: z.number(),
        headName: z.string(),
        kkNumber: z.string().nullable().describe('Masked unless the reader may see it'),
        address: z.string().nullable(),
        desil: z.number().nullable(),
        targetStatus: z.string(),
        endedReason: z.string().nullable(),
        arrivedFrom: z.string().nullable().describe('The desa a household moved here from (PINDAH decided by that desa’s musdes)'),
        verval: z
          .object({
            status: z.enum(['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED']),
            outcome: outcomeSchema.nullable(),
            reason: z.string().nullable(),
          })
          .nullable(),
        suggestion: z.object({ decision, reason: z.string().nullable() }),
        decision: z.object({ decision, reason: z.string().nullable(), vervalOutcome: z.string().nullable() }).nullable(),
      }),
    ),
    truncated: z.boolean(),
  })
  .meta({ id: 'MusdesTabledList' });

export const decidedView = z.object({ updated: z.number() }).meta({ id: 'MusdesDecided' });

const progressCounts = { desa: z.number(), noMeeting: z.number(), notFinalised: z.number(), finalised: z.number() };

export const progressView = z
  .object({
    periodId: z.number().nullable(),
    stages: z.array(
      z.object({ id: z.number(), name: z.string(), startDate: z.string(), endDate: z.string(), kecamatanCode: z.string().nullable() }),
    ),
    totals: z.object(progressCounts),
    kecamatan: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        ...progressCounts,
        desaList: z.array(
          z.object({
            code: z.string(),
            name: z.string(),
            kecamatanCode: z.string(),
            meetings: z.number(),
            finalised: z.number(),
            state: z.enum(['NO_MEETING', 'NOT_FINALISED', 'FINALISED']),
            lastHeldOn: z.string().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'MusdesProgress' });
