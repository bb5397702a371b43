import { z } from 'zod';

/**
 * Response shapes of /api/v1/monitoring and /api/v1/public, for the OpenAPI document and the
 * serializer. A response schema drops every field it does not declare, so each one mirrors what
 * its service function returns; views.test.ts checks at compile time that they stay equal.
 */

const pct = z.number().nullable().describe('Percent, 2 decimals; null when the whole is 0 or unknown');
const perKey = z.record(z.string(), z.number());
const region = z.object({ code: z.string(), name: z.string(), level: z.number().describe('2 kabupaten, 3 kecamatan, 4 desa') });

export const regionFigures = z
  .object({
    code: z.string(),
    name: z.string(),
    households: z.number(),
    members: z.number(),
    extremeHouseholds: z.number(),
    baselineExtremeHouseholds: z.number().nullable(),
    reductionPct: pct,
    extremeWithAid: z.number(),
    extremeWithoutAid: z.number(),
    aidCoveragePct: pct,
  })
  .meta({ id: 'MonitoringRegionFigures' });

export const dashboardView = z
  .object({
    region,
    generatedAt: z.date(),
    totals: regionFigures,
    children: z.object({ level: z.enum(['kecamatan', 'desa']).nullable(), rows: z.array(regionFigures) }),
    desil: z.array(z.object({ desil: z.number().nullable(), households: z.number(), extremeHouseholds: z.number() })),
    extremePoverty: z.object({
      baseline: z.object({ importId: z.number(), importFinishedAt: z.date(), capturedAt: z.date() }).nullable(),
      baselineHouseholds: z.number().nullable(),
      now: z.number(),
      reduction: z.number().nullable(),
      reductionPct: pct,
      ranking: z.array(
        z.object({ rank: z.number(), code: z.string(), name: z.string(), baseline: z.number(), now: z.number(), reductionPct: pct }),
      ),
    }),
    aid: z.object({
      targetHouseholds: z.number(),
      withAid: z.number(),
      withoutAid: z.number(),
      coveragePct: pct,
      byProgram: perKey.describe('Target households with a receipt of the program, by program code'),
      householdsWithoutAnyAid: z.number(),
    }),
  })
  .meta({ id: 'MonitoringDashboard' });

const progressRow = z.object({
  code: z.string(),
  name: z.string(),
  households: z.number(),
  visited: z.number(),
  approved: z.number(),
  remaining: z.number(),
  outcomes: perKey.describe('Households per verval outcome'),
});

const musdesCounts = z.object({ desa: z.number(), noMeeting: z.number(), notFinalised: z.number(), finalised: z.number() });

export const workProgressView = z
  .object({
    region,
    asOf: z.string().describe('yyyy-mm-dd'),
    period: z.object({ id: z.number(), name: z.string(), startDate: z.string(), endDate: z.string() }).nullable(),
    periods: z.array(z.object({ id: z.number(), name: z.string() })),
    verval: z
      .object({
        totals: progressRow.extend({ visitedPct: pct, approvedPct: pct }),
        children: z.array(progressRow),
        ranking: z.array(
          z.object({
            rank: z.number(),
            code: z.string(),
            name: z.string(),
            households: z.number(),
            visited: z.number(),
            approved: z.number(),
            visitedPct: pct,
            approvedPct: pct,
          }),
        ),
      })
      .nullable(),
    musdes: z
      .object({
        totals: musdesCounts,
        rows: z.array(
          musdesCounts.extend({
            code: z.string(),
            name: z.string(),
            state: z.enum(['NO_MEETING', 'NOT_FINALISED', 'FINALISED']).optional().describe('Per desa only'),
          }),
        ),
      })
      .nullable(),
    overdue: z.array(
      z.object({
        stage: z.object({
          id: z.number(),
          kind: z.string(),
          name: z.string(),
          startDate: z.string(),
          endDate: z.string(),
          kecamatanName: z.string().nullable(),
        }),
        completionTracked: z.boolean(),
        areaDesa: z.number(),
        overdue: z.array(z.object({ code: z.string(), name: z.string(), kecamatanCode: z.string(), kecamatanName: z.string() })),
      }),
    ),
  })
  .meta({ id: 'MonitoringWorkProgress' });

export const indicatorView = z
  .object({
    updatedAt: z.date(),
    year: z.number(),
    povertyRate: z.number(),
    extremePovertyRate: z.number(),
    source: z.string(),
  })
  .meta({ id: 'MonitoringIndicator' });

export const indicatorSeries = z.object({
  kabupatenCode: z.string(),
  extremePovertyTarget: z.number().describe('The extreme-poverty rate to reach, in percent'),
  series: z.array(indicatorView),
});

export const indicatorsImported = z.object({ rows: z.number() });

const cell = z
  .object({
    value: z.number().nullable(),
    suppressed: z.boolean(),
    reason: z.enum(['small', 'complementary']).nullable(),
  })
  .meta({ id: 'PublicCell' });

const publicFigures = z.object({
  households: cell,
  extremeHouseholds: cell,
  baselineExtremeHouseholds: cell,
  reductionPct: pct,
});

export const publicSummaryView = z
  .object({
    kabupaten: z.object({ code: z.string(), name: z.string() }),
    minCell: z.number(),
    generatedAt: z.date(),
    rows: z.array(publicFigures.extend({ code: z.string(), name: z.string() })),
    total: publicFigures,
  })
  .meta({ id: 'PublicSummary' });
