import { jobRoutes } from '../jobs/routes.js';
import { aidRoutes } from '../modules/aid/routes.js';
import { auditRoutes } from '../modules/audit/routes.js';
import { authRoutes } from '../modules/auth/routes.js';
import { criteriaRoutes } from '../modules/criteria/routes.js';
import { decreeRoutes } from '../modules/decree/routes.js';
import { householdRoutes } from '../modules/households/routes.js';
import { kendalaRoutes } from '../modules/kendala/routes.js';
import { summaryMap } from '../modules/maps/pdf.js';
import { mapRoutes } from '../modules/maps/routes.js';
import { matchingRoutes } from '../modules/matching/routes.js';
import { monitoringRoutes } from '../modules/monitoring/routes.js';
import { stageCompletedDesa } from '../modules/monitoring/stage-completion.js';
import { trendRoutes } from '../modules/monitoring/trend-routes.js';
import { musdesRoutes } from '../modules/musdes/routes.js';
import { onboardingRoutes } from '../modules/onboarding/routes.js';
import { organisationRoutes } from '../modules/organisation/routes.js';
import { pendampinganRoutes } from '../modules/pendampingan/routes.js';
import { regionRoutes } from '../modules/regions/routes.js';
import { registryRoutes } from '../modules/registry/routes.js';
import { systemRoutes } from '../modules/system/routes.js';
import { userRoutes } from '../modules/users/routes.js';
import { userBulkRoutes } from '../modules/users/routes-bulk.js';
import { vervalRoutes } from '../modules/verval/routes.js';
import { serviceContext } from '../service-context.js';
import type { App, AppContext } from './context.js';

/** Each module contributes its routes under /api/v1. Add new modules here. */
export async function registerModuleRoutes(app: App, ctx: AppContext): Promise<void> {
  await systemRoutes(app, ctx);
  await authRoutes(app, ctx);
  await userRoutes(app, ctx);
  await userBulkRoutes(app, ctx);
  await regionRoutes(app, ctx);
  await auditRoutes(app, ctx);
  await jobRoutes(app, ctx);
  await registryRoutes(app, ctx);
  await householdRoutes(app, ctx);
  // The schedule asks the modules that record stage work which desa are done (no import back).
  await organisationRoutes(app, ctx, (stage) => stageCompletedDesa(ctx.db, ctx.config.kabupatenCode, stage));
  await criteriaRoutes(app, ctx);
  await vervalRoutes(app, ctx);
  await monitoringRoutes(app, ctx);
  await trendRoutes(app, ctx, { summaryMap: summaryMap(serviceContext(ctx)) });
  await kendalaRoutes(app, ctx);
  await musdesRoutes(app, ctx);
  await matchingRoutes(app, ctx);
  await aidRoutes(app, ctx);
  await decreeRoutes(app, ctx);
  await onboardingRoutes(app, ctx);
  await pendampinganRoutes(app, ctx);
  await mapRoutes(app, ctx);
}
