import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { fileResponse, PDF_TYPE } from '../../http/openapi.js';
import { regionCode } from '../../http/schemas.js';
import { serviceContext } from '../../service-context.js';
import { contentDisposition } from '../exports/spreadsheet.js';
import { defaultRegion } from './dashboard.js';
import { getLanding } from './landing.js';
import { publicTrend } from './public-trend.js';
import { renderSummaryPdf, type SummaryMapHook } from './summary-pdf.js';
import { landingView, publicTrendView, trendsView } from './trend-views.js';
import { getTrends } from './trends.js';

const tags = ['monitoring'];
const regionQuery = z.object({ region: regionCode.optional().describe('Default: the signed-in user’s area') });

/** Trends, the one-page summary, the landing page's figures and the public trend (issue 23). */
export async function trendRoutes(app: App, ctx: AppContext, options: { summaryMap?: SummaryMapHook } = {}) {
  const kab = ctx.config.kabupatenCode;
  const target = ctx.config.extremePovertyTarget;
  const deps = serviceContext(ctx);

  app.get(
    '/monitoring/trends',
    {
      schema: {
        tags,
        description:
          'Trends of a region: registry households and extreme-poor households per month (closed months from the registry history, the running month live) with the target path; verval and musdes progress per day of a program period (default: the one running today) with the schedule’s verval and musdes stages; macro indicators by year beside the registry’s share at the end of that year. 404 outside the reader’s area or for an unknown period.',
        querystring: regionQuery.extend({ period: z.coerce.number().int().positive().optional() }),
        response: { 200: trendsView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return getTrends(deps, actor, req.query.region ?? defaultRegion(actor, kab), target, req.query.period);
    },
  );

  app.get(
    '/monitoring/summary.pdf',
    {
      schema: {
        tags,
        description:
          'One-page summary for a meeting (A4): the dashboard’s figures, the trend chart against the target, the region’s map and the best reductions; dated, with the data’s as-of time. Audited.',
        querystring: regionQuery,
        response: { 200: fileResponse('The summary.', PDF_TYPE) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const code = req.query.region ?? defaultRegion(actor, kab);
      const { filename, pdf } = await renderSummaryPdf(deps, actor, code, target, options.summaryMap);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(filename))
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    '/landing',
    {
      schema: {
        tags,
        description:
          'What the signed-in user lands on: the role shown (the first of admin, pimpinan, operator kecamatan, OPD pendamping, dinsos, pendamping, operator desa they hold), the figures of their area and their to-dos, each a count in their scope with the page of the work.',
        response: { 200: landingView },
      },
    },
    async (req) => getLanding(deps, requireActor(req)),
  );

  app.get(
    '/public/trend',
    {
      schema: {
        tags: ['public'],
        description:
          'Public kabupaten trend per month (no login; only when SASMITA_PUBLIC_VIEW=1, otherwise 404): households and extreme-poor households, each month’s count withheld under 5 as in /public/summary, with the target.',
        response: { 200: publicTrendView },
      },
    },
    async () => {
      if (!ctx.config.publicView) throw notFound();
      return publicTrend(deps, target);
    },
  );
}
