import { z } from 'zod';
import { roleSchema } from '../access/roles.js';
import { TODO_KEYS } from './landing.js';

/** Response shapes of the trend, landing and public-trend routes (issue 23); trend-views.test.ts keeps them equal to the services. */

const pct = z.number().nullable().describe('Percent, 2 decimals; null when the whole is 0');
const region = z.object({ code: z.string(), name: z.string(), level: z.number().describe('2 kabupaten, 3 kecamatan, 4 desa') });
const target = z
  .object({
    ratePct: z.number().describe('Extreme-poor share of registry households to reach, in percent'),
    year: z.number().describe('Reached by the end of this year'),
  })
  .meta({ id: 'TrendTarget' });

export const monthPoint = z
  .object({
    month: z.string().describe('YYYY-MM (WIB)'),
    households: z.number(),
    extremeHouseholds: z.number(),
    extremeRatePct: pct,
    targetExtremeHouseholds: z
      .number()
      .describe('The target path: a straight line from the first month to the target at the end of the target year'),
    current: z.boolean().describe('The running month (live figures)'),
  })
  .meta({ id: 'TrendMonth' });

export const trendsView = z
  .object({
    region,
    generatedAt: z.date(),
    asOf: z.date(),
    target,
    registry: z.array(monthPoint),
    work: z
      .object({
        period: z.object({ id: z.number(), name: z.string(), startDate: z.string(), endDate: z.string() }),
        households: z.number(),
        desa: z.number(),
        stages: z.array(
          z.object({
            kind: z.string(),
            name: z.string(),
            startDate: z.string(),
            endDate: z.string(),
            kecamatanName: z.string().nullable(),
          }),
        ),
        points: z.array(
          z
            .object({ date: z.string(), visited: z.number(), approved: z.number(), finalisedDesa: z.number() })
            .meta({ id: 'TrendWorkPoint' }),
        ),
      })
      .nullable(),
    macro: z.array(
      z.object({
        year: z.number(),
        povertyRate: z.number(),
        extremePovertyRate: z.number(),
        source: z.string(),
        registryExtremeRatePct: pct,
      }),
    ),
  })
  .meta({ id: 'MonitoringTrends' });

export const landingView = z
  .object({
    role: roleSchema.nullable(),
    region: region.nullable(),
    asOf: z.date(),
    figures: z
      .object({
        households: z.number(),
        extremeHouseholds: z.number(),
        baselineExtremeHouseholds: z.number().nullable(),
        reductionPct: pct,
        extremeWithoutAid: z.number().nullable(),
      })
      .nullable(),
    verval: z
      .object({
        period: z.object({ id: z.number(), name: z.string(), startDate: z.string(), endDate: z.string() }),
        households: z.number(),
        visited: z.number(),
        notVisited: z.number(),
        submitted: z.number(),
        returned: z.number(),
        approved: z.number(),
        visitedPct: pct,
        approvedPct: pct,
      })
      .nullable(),
    musdes: z.object({ desa: z.number(), noMeeting: z.number(), notFinalised: z.number(), finalised: z.number() }).nullable(),
    overdueDesa: z.number(),
    kendalaOpen: z.number(),
    todos: z.array(z.object({ key: z.enum(TODO_KEYS), count: z.number(), link: z.string() }).meta({ id: 'LandingTodo' })),
  })
  .meta({ id: 'Landing' });

const cell = z.object({
  value: z.number().nullable(),
  suppressed: z.boolean(),
  reason: z.enum(['small', 'complementary']).nullable(),
});

export const publicTrendView = z
  .object({
    kabupaten: z.object({ code: z.string(), name: z.string() }),
    minCell: z.number(),
    generatedAt: z.date(),
    target,
    points: z.array(
      z.object({
        month: z.string(),
        households: cell,
        extremeHouseholds: cell,
        extremeRatePct: pct.describe('Only when both counts are published'),
        current: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'PublicTrend' });
