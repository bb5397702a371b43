import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/scope.js';
import { decisionSummary } from './decisions.js';
import { meetingProblems } from './effects.js';
import { listAttendees, listDocuments } from './evidence.js';
import { canEdit, canFinalise, findMeetingView, scopedMeeting } from './meetings.js';
import { requiredRoles } from './settings.js';

/** The meeting page: details, attendance, evidence, decision counts, what is missing to finalise, and what the reader may do. */
export async function getMeetingDetail(db: Kysely<DB>, actor: Actor, id: number) {
  const row = await scopedMeeting(db, actor, id);
  const [meeting, attendees, documents, decisions, roles, problems] = await Promise.all([
    findMeetingView(db, actor, id),
    listAttendees(db, id),
    listDocuments(db, id),
    decisionSummary(db, id),
    requiredRoles(db),
    meetingProblems(db, row),
  ]);
  const finalised = row.status === 'FINALISED';
  return {
    meeting,
    attendees,
    documents,
    decisions,
    requiredRoles: roles,
    problems: finalised ? [] : problems,
    permissions: {
      edit: !finalised && canEdit(actor, row.desa_code),
      finalise: !finalised && canFinalise(actor, row.desa_code),
    },
  };
}
