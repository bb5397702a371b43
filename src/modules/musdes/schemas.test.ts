import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { finalisePreview } from './completion.js';
import type { bulkDecide, setDecisions, tabledResults } from './decisions.js';
import type { getMeetingDetail } from './detail.js';
import type { addDocument } from './evidence.js';
import type { finaliseMeeting } from './finalise.js';
import type { listMeetings } from './meetings.js';
import type { musdesProgress } from './queries.js';
import type {
  decidedView,
  documentAdded,
  finaliseEffect,
  finalisePreviewView,
  meetingDetail,
  meetingList,
  progressView,
  settingsView,
  tabledView,
} from './schemas.js';
import type { requiredRoles, setRequiredRoles } from './settings.js';

/**
 * A response schema drops the fields it does not declare: each schema must describe exactly what
 * its service function returns. Checked by the type checker (`npx tsc -p .`), not at run time.
 */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;

describe('musdes response schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Out<typeof settingsView>>().toEqualTypeOf<{ requiredRoles: Returns<typeof requiredRoles> }>();
    expectTypeOf<Out<typeof settingsView>>().toEqualTypeOf<{ requiredRoles: Returns<typeof setRequiredRoles> }>();
    expectTypeOf<Out<typeof meetingList>>().toEqualTypeOf<Returns<typeof listMeetings>>();
    expectTypeOf<Out<typeof meetingDetail>>().toEqualTypeOf<Returns<typeof getMeetingDetail>>();
    expectTypeOf<Out<typeof finaliseEffect>>().toEqualTypeOf<Returns<typeof finaliseMeeting>>();
    expectTypeOf<Out<typeof finalisePreviewView>>().toEqualTypeOf<Returns<typeof finalisePreview>>();
    expectTypeOf<Out<typeof documentAdded>>().toEqualTypeOf<Returns<typeof addDocument>>();
    expectTypeOf<Out<typeof tabledView>>().toEqualTypeOf<Returns<typeof tabledResults>>();
    expectTypeOf<Out<typeof decidedView>>().toEqualTypeOf<Returns<typeof setDecisions>>();
    expectTypeOf<Out<typeof decidedView>>().toEqualTypeOf<Returns<typeof bulkDecide>>();
    expectTypeOf<Out<typeof progressView>>().toEqualTypeOf<Returns<typeof musdesProgress>>();
  });
});
