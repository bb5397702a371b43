import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { badRequest, notFound } from '../../http/errors.js';
import { binaryFile, fileResponse, multipartBody, noContent, PDF_TYPE, XLSX_TYPE } from '../../http/openapi.js';
import { regionCode } from '../../http/schemas.js';
import { serviceContext } from '../../service-context.js';
import { contentDisposition } from '../exports/spreadsheet.js';
import { defaultRegion, getDashboard } from './dashboard.js';
import { deleteIndicator, EXTREME_POVERTY_TARGET, importIndicators, listIndicators, saveIndicator } from './indicators.js';
import { getWorkProgress } from './progress.js';
import { publicSummary } from './public.js';
import { quarterlyFileBase, quarterlyPdf, quarterlyReport, quarterlyXlsx } from './quarterly.js';
import { renderReportPdf, sendReportXlsx } from './reports.js';
import { dashboardView, indicatorSeries, indicatorsImported, publicSummaryView, workProgressView } from './views.js';

const tags = ['monitoring'];
const regionQuery = z.object({ region: regionCode.optional().describe('Default: the signed-in user’s area') });
const yearParam = z.object({ year: z.coerce.number().int() });
const indicatorBody = z.object({
  povertyRate: z.number().describe('Persentase penduduk miskin, 0–100'),
  extremePovertyRate: z.number().describe('Persentase penduduk miskin ekstrem, 0–100'),
  source: z.string().max(300),
});

async function uploadedCsv(req: FastifyRequest): Promise<Buffer> {
  const file = req.isMultipart() ? await req.file() : undefined;
  if (!file) throw badRequest('NO_FILE', 'Unggah berkas CSV', 'Upload a CSV file');
  return file.toBuffer();
}

/** Dashboard, rekap reports and macro indicators under /api/v1/monitoring; the public view under /api/v1/public. */
export async function monitoringRoutes(app: App, ctx: AppContext) {
  const deps = serviceContext(ctx);
  const kab = deps.kabupatenCode;
  const p = '/monitoring';

  app.get(
    `${p}/dashboard`,
    {
      schema: {
        tags,
        description:
          'Figures of a region from the household registry: totals, per child region (kecamatan of the kabupaten, desa of a kecamatan), desil distribution, extreme-poor households at the first import vs now with the reduction and its ranking, aid coverage of extreme-poor households. 404 outside the reader’s area.',
        querystring: regionQuery,
        response: { 200: dashboardView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return getDashboard(deps, actor, req.query.region ?? defaultRegion(actor, kab));
    },
  );

  app.get(
    `${p}/progress`,
    {
      schema: {
        tags,
        description:
          'Work progress of a region for a program period (default: the one running today, else the latest started): verval progress in total and per child region (households, visited, per outcome, approved, remaining), child regions ranked by verval progress, and desa overdue against ended verval, musdes and penetapan stages of the schedule. 404 outside the reader’s area or for an unknown period.',
        querystring: regionQuery.extend({ period: z.coerce.number().int().positive().optional() }),
        response: { 200: workProgressView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return getWorkProgress(deps, actor, req.query.region ?? defaultRegion(actor, kab), req.query.period);
    },
  );

  app.get(
    `${p}/report.xlsx`,
    {
      schema: {
        tags,
        description: 'Rekap per kecamatan/desa as XLSX (audited).',
        querystring: regionQuery,
        response: { 200: fileResponse('The rekap.', XLSX_TYPE) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await sendReportXlsx(deps, actor, req.query.region ?? defaultRegion(actor, kab), reply);
      return reply;
    },
  );

  app.get(
    `${p}/report.pdf`,
    {
      schema: {
        tags,
        description: 'Rekap per kecamatan/desa as a landscape A4 PDF (audited).',
        querystring: regionQuery,
        response: { 200: fileResponse('The rekap.', PDF_TYPE) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { filename, pdf } = await renderReportPdf(deps, actor, req.query.region ?? defaultRegion(actor, kab));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(filename))
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  const quarterQuery = z.object({
    year: z.coerce.number().int().min(2000).max(2100),
    quarter: z.coerce.number().int().min(1).max(4).describe('1–4: Triwulan I–IV'),
  });
  const quarterly = async (req: FastifyRequest, query: z.infer<typeof quarterQuery>) => {
    const actor = requireActor(req);
    const q = { year: query.year, quarter: query.quarter as 1 | 2 | 3 | 4 };
    return { actor, report: await quarterlyReport(deps, actor, q) };
  };
  const quarterlyDescription =
    'Laporan triwulan to the province: per kecamatan baseline (P3KE) and current extreme-poor households, reduction, verval progress of the period running at the quarter’s end, extreme-poor households with/without aid, and the year’s macro indicators. Kabupaten-wide readers only (404 otherwise); 400 QUARTER_NOT_STARTED for a future quarter; audited.';

  app.get(
    `${p}/quarterly.xlsx`,
    {
      schema: {
        tags,
        description: quarterlyDescription,
        querystring: quarterQuery,
        response: { 200: fileResponse('The report.', XLSX_TYPE) },
      },
    },
    async (req, reply) => {
      const { actor, report } = await quarterly(req, req.query);
      const xlsx = await quarterlyXlsx(deps, actor, report);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(`${quarterlyFileBase(report)}.xlsx`))
        .header('cache-control', 'no-store')
        .send(xlsx);
    },
  );

  app.get(
    `${p}/quarterly.pdf`,
    {
      schema: {
        tags,
        description: quarterlyDescription,
        querystring: quarterQuery,
        response: { 200: fileResponse('The report.', PDF_TYPE) },
      },
    },
    async (req, reply) => {
      const { actor, report } = await quarterly(req, req.query);
      const pdf = await quarterlyPdf(deps, actor, report);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(`${quarterlyFileBase(report)}.pdf`))
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    `${p}/indicators`,
    { schema: { tags, description: 'Poverty and extreme-poverty rate by year, with the 0% target.', response: { 200: indicatorSeries } } },
    async (req) => {
      requireActor(req);
      return { kabupatenCode: kab, extremePovertyTarget: EXTREME_POVERTY_TARGET, series: await listIndicators(deps) };
    },
  );

  app.put(
    `${p}/indicators/:year`,
    { schema: { tags, params: yearParam, body: indicatorBody, response: { 204: noContent } } },
    async (req, reply) => {
      const actor = requireActor(req);
      await saveIndicator(deps, actor, { year: req.params.year, ...req.body });
      return reply.status(204).send();
    },
  );

  app.delete(`${p}/indicators/:year`, { schema: { tags, params: yearParam, response: { 204: noContent } } }, async (req, reply) => {
    const actor = requireActor(req);
    await deleteIndicator(deps, actor, req.params.year);
    return reply.status(204).send();
  });

  app.post(
    `${p}/indicators/import`,
    {
      schema: {
        tags,
        description:
          'CSV with columns tahun, kemiskinan, kemiskinan_ekstrem, sumber (comma or semicolon separated, decimals "17,12" or "17.12"). All or nothing (400 INDICATOR_INVALID, details.problems).',
        consumes: ['multipart/form-data'],
        body: multipartBody({ file: binaryFile.describe('The CSV') }),
        response: { 200: indicatorsImported },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return importIndicators(deps, actor, await uploadedCsv(req));
    },
  );

  app.get(
    '/public/summary',
    {
      schema: {
        tags: ['public'],
        description:
          'Public aggregate figures per kecamatan (no login; only when SASMITA_PUBLIC_VIEW=1, otherwise 404). Cells under 5 households are withheld (value null, suppressed true), with complementary suppression against the totals.',
        response: { 200: publicSummaryView },
      },
    },
    async () => {
      if (!ctx.config.publicView) throw notFound();
      return publicSummary(deps);
    },
  );
}
