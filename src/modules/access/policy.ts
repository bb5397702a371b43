import { forbidden, notFound } from '../../http/errors.js';
import { ROLES, type Role } from './roles.js';
import { type Actor, canAccessRegion, scopeCodes } from './scope.js';

/**
 * THE access policy: every action a user may take, who may take it, and the routes that take it.
 * Nothing else in the code says who may do what: routes are gated by the action they are listed
 * under here (http/server.ts refuses to start with a route that is in no list), services ask
 * `can(actor, action, region)` / `rolesFor(action)`, and the web app shows buttons from the
 * abilities `GET /auth/me` computes from this table. test/security/policy-matrix.test.ts calls
 * every route as every role and checks the answer against this table.
 *
 * `roles`: the roles that may act; 'signed-in' means any signed-in user, even one with no role.
 * `scope`: 'region' when the object's region must lie within a region on which the user holds
 * one of those roles (a desa operator's household, a kecamatan's musdes); 'kabupaten' when the
 * action is kabupaten-wide (a role held anywhere suffices: the catalogue, criteria, users).
 * `routes`: "METHOD /path" under /api/v1, as the routes files register them.
 */

export interface Rule {
  roles: readonly Role[] | 'signed-in';
  scope: 'region' | 'kabupaten';
  routes: readonly string[];
}

const ALL: readonly Role[] = ROLES;
/** Every role but pimpinan, who reads and never writes. */
const WRITERS: readonly Role[] = ROLES.filter((r) => r !== 'pimpinan');
const ADMIN: readonly Role[] = ['admin_kabupaten'];
const ADMIN_DINSOS: readonly Role[] = ['admin_kabupaten', 'dinsos'];

export const POLICY = {
  // Account and reference data
  'account.self': { roles: 'signed-in', scope: 'kabupaten', routes: ['POST /auth/logout', 'GET /auth/me', 'PATCH /me'] },
  'regions.read': { roles: 'signed-in', scope: 'kabupaten', routes: ['GET /regions', 'GET /regions/:code'] },
  /** Follow a job one started; 'jobs.read.any' follows anyone's. */
  'jobs.read': { roles: 'signed-in', scope: 'kabupaten', routes: ['GET /jobs/:id'] },
  'jobs.read.any': { roles: ADMIN, scope: 'kabupaten', routes: [] },
  'users.manage': {
    roles: ADMIN,
    scope: 'region',
    routes: ['GET /users', 'POST /users', 'GET /users/:id', 'PATCH /users/:id', 'POST /users/:id/password'],
  },
  'audit.read': { roles: ADMIN, scope: 'kabupaten', routes: ['GET /audit', 'GET /audit/verify'] },
  'audit.anchor.read': { roles: ['admin_kabupaten', 'pimpinan'], scope: 'kabupaten', routes: ['GET /audit/anchors/latest'] },
  'audit.anchor.create': { roles: ADMIN, scope: 'kabupaten', routes: ['POST /audit/anchors'] },

  // Registry and households
  'registry.import': {
    roles: ADMIN,
    scope: 'kabupaten',
    routes: [
      'POST /imports',
      'GET /imports',
      'GET /imports/:id',
      'GET /imports/:id/issues',
      'GET /imports/:id/report.csv',
      'GET /imports/:id/report.xlsx',
    ],
  },
  'households.read': {
    roles: ALL,
    scope: 'region',
    routes: [
      'GET /households',
      'GET /households/search',
      'GET /households/export.csv',
      'GET /households/export.xlsx',
      'GET /households/:id',
      'GET /households/:id/evaluation',
    ],
  },
  /** See NIK and No KK in full (UU PDP 27/2022: everyone else sees them masked; access/privacy.ts). */
  'households.identifiers.read': {
    roles: ['admin_kabupaten', 'operator_kecamatan', 'operator_desa', 'pendamping', 'dinsos'],
    scope: 'region',
    routes: [],
  },
  'households.conditions.write': {
    roles: ['operator_desa', 'pendamping', 'operator_kecamatan', 'dinsos', 'admin_kabupaten'],
    scope: 'region',
    routes: ['PUT /households/members/:id/conditions'],
  },

  // Organisation (penugasan, jadwal)
  'organisation.read': {
    roles: ALL,
    scope: 'region',
    routes: [
      'GET /organisation/agencies',
      'GET /organisation/officials',
      'GET /organisation/periods',
      'GET /organisation/periods/:periodId/agency-assignments',
      'GET /organisation/periods/:periodId/assignments',
      'GET /organisation/periods/:periodId/coverage',
      'GET /organisation/periods/:periodId/export.xlsx',
      'GET /organisation/periods/:periodId/export.pdf',
      'GET /organisation/settings',
      'GET /organisation/periods/:periodId/schedule',
      'GET /organisation/schedule/current',
      'GET /organisation/stages/:id/overdue',
    ],
  },
  /** Sees every official of the kabupaten, not only those serving in their area. */
  'organisation.officials.all': { roles: ['admin_kabupaten', 'pimpinan', 'dinsos'], scope: 'region', routes: [] },
  'organisation.manage': {
    roles: ADMIN,
    scope: 'region',
    routes: [
      'POST /organisation/agencies',
      'PATCH /organisation/agencies/:id',
      'DELETE /organisation/agencies/:id',
      'POST /organisation/agencies/import',
      'POST /organisation/officials',
      'PATCH /organisation/officials/:id',
      'DELETE /organisation/officials/:id',
      'POST /organisation/officials/import',
      'POST /organisation/periods',
      'PATCH /organisation/periods/:id',
      'DELETE /organisation/periods/:id',
      'POST /organisation/periods/:periodId/agency-assignments',
      'DELETE /organisation/agency-assignments/:id',
      'POST /organisation/periods/:periodId/assignments',
      'POST /organisation/assignments/:id/end',
      'DELETE /organisation/assignments/:id',
      'POST /organisation/periods/:periodId/assistant/draft',
      'POST /organisation/periods/:periodId/assistant/accept',
      'PUT /organisation/settings',
      'POST /organisation/periods/:periodId/stages',
      'PATCH /organisation/stages/:id',
      'DELETE /organisation/stages/:id',
    ],
  },

  // Kriteria
  'criteria.read': {
    roles: ALL,
    scope: 'region',
    routes: [
      'GET /criteria',
      'GET /criteria/fields',
      'GET /criteria/:id',
      'GET /criteria/:id/what-if',
      'GET /criteria/:id/what-if/households.csv',
      'GET /criteria/:id/what-if/households.xlsx',
    ],
  },
  'criteria.manage': {
    roles: ADMIN,
    scope: 'kabupaten',
    routes: ['POST /criteria', 'POST /criteria/validate', 'POST /criteria/:id/adopt'],
  },

  // Verval
  'verval.read': {
    roles: ALL,
    scope: 'region',
    routes: [
      'GET /verval/periods/:periodId/worklist',
      'GET /verval/pick-lists',
      'GET /verval/periods/:periodId/offline-pack',
      'GET /verval/periods/:periodId/review',
      'GET /verval/periods/:periodId/progress',
      'GET /verval/periods/:periodId/households/:householdId',
      'GET /verval/:id/revisions',
      'GET /verval/households/:id/photos/:sha256',
      'GET /verval/:id/photos/:sha256',
    ],
  },
  /** Visit a household: record its verval (drafts, photos, a new household) and submit it. */
  'verval.record.submit': {
    roles: ['operator_desa', 'pendamping'],
    scope: 'region',
    routes: [
      'PUT /verval/periods/:periodId/households/:householdId',
      'POST /verval/periods/:periodId/households',
      'POST /verval/:id/submit',
      'POST /verval/households/:id/photos',
    ],
  },
  /** Approve or return a submitted verval (never one's own submission: verval/machine.ts). */
  'verval.record.review': {
    roles: ['pendamping', 'operator_kecamatan'],
    scope: 'region',
    routes: ['POST /verval/:id/approve', 'POST /verval/:id/return', 'POST /verval/periods/:periodId/review/approve'],
  },

  // Monitoring
  'monitoring.read': {
    roles: ALL,
    scope: 'region',
    routes: [
      'GET /monitoring/dashboard',
      'GET /monitoring/progress',
      'GET /monitoring/report.xlsx',
      'GET /monitoring/report.pdf',
      'GET /monitoring/quarterly.xlsx',
      'GET /monitoring/quarterly.pdf',
      'GET /monitoring/indicators',
    ],
  },
  'monitoring.indicators.manage': {
    roles: ADMIN,
    scope: 'kabupaten',
    routes: ['PUT /monitoring/indicators/:year', 'DELETE /monitoring/indicators/:year', 'POST /monitoring/indicators/import'],
  },

  // Kendala (help desk)
  'kendala.read': { roles: ALL, scope: 'region', routes: ['GET /kendala', 'GET /kendala/:id', 'GET /kendala/:id/screenshot'] },
  /** Report a ticket about a desa (and attach its screenshot, as its reporter). */
  'kendala.report': { roles: WRITERS, scope: 'region', routes: ['POST /kendala', 'PUT /kendala/:id/screenshot'] },
  /** Comment on a ticket of one's area (its reporter may comment on it wherever it is). */
  'kendala.comment': { roles: WRITERS, scope: 'region', routes: ['POST /kendala/:id/comments'] },
  'kendala.handle': { roles: ADMIN_DINSOS, scope: 'region', routes: ['POST /kendala/:id/status'] },

  // Musdes
  'musdes.read': {
    roles: ALL,
    scope: 'region',
    routes: [
      'GET /musdes/settings',
      'GET /musdes/progress',
      'GET /musdes/meetings',
      'GET /musdes/meetings/:id',
      'GET /musdes/meetings/:id/finalise-preview',
      'GET /musdes/meetings/:id/tabled',
      'GET /musdes/meetings/:id/documents/:sub',
      'GET /musdes/meetings/:id/berita-acara.pdf',
      'GET /musdes/meetings/:id/daftar-hadir.pdf',
    ],
  },
  'musdes.settings.manage': { roles: ADMIN, scope: 'kabupaten', routes: ['PUT /musdes/settings'] },
  /** Prepare and record a meeting: its date and place, attendees, decisions, documents. */
  'musdes.meeting.edit': {
    roles: ['operator_desa', 'pendamping', 'opd_pendamping', 'operator_kecamatan', 'admin_kabupaten'],
    scope: 'region',
    routes: [
      'POST /musdes/meetings',
      'PATCH /musdes/meetings/:id',
      'POST /musdes/meetings/:id/hold',
      'POST /musdes/meetings/:id/attendees',
      'PATCH /musdes/meetings/:id/attendees/:sub',
      'DELETE /musdes/meetings/:id/attendees/:sub',
      'PUT /musdes/meetings/:id/decisions',
      'POST /musdes/meetings/:id/decisions/bulk',
      'DELETE /musdes/meetings/:id/decisions/:sub',
      'POST /musdes/meetings/:id/documents',
      'DELETE /musdes/meetings/:id/documents/:sub',
    ],
  },
  /** Finalise a held meeting: its removals take effect on the households. */
  'musdes.finalise': {
    roles: ['operator_kecamatan', 'admin_kabupaten'],
    scope: 'region',
    routes: ['POST /musdes/meetings/:id/finalise'],
  },

  // Pemadanan
  'matching.read': {
    roles: ['admin_kabupaten', 'operator_kecamatan', 'dinsos', 'pimpinan'],
    scope: 'region',
    routes: [
      'GET /matching/runs',
      'GET /matching/runs/:id',
      'GET /matching/runs/:id/rows',
      'GET /matching/runs/:id/rows.csv',
      'GET /matching/runs/:id/rows.xlsx',
      'GET /matching/candidates',
      'GET /matching/candidates/:id',
    ],
  },
  'matching.run': { roles: ADMIN_DINSOS, scope: 'kabupaten', routes: ['POST /matching/runs', 'POST /matching/lists'] },
  /** Resolve a candidate pair: the resolver's roles must cover both sides' desa. */
  'matching.resolve': {
    roles: ['admin_kabupaten', 'operator_kecamatan', 'dinsos'],
    scope: 'region',
    routes: ['POST /matching/candidates/:id/resolve', 'POST /matching/candidates/:id/resolve-member'],
  },

  // Bantuan
  'aid.read': {
    roles: ALL,
    scope: 'region',
    routes: [
      'GET /aid/programs',
      'GET /aid/imports',
      'GET /aid/imports/:id/report',
      'GET /aid/imports/:id/report/export',
      'GET /aid/receipts',
      'GET /aid/gaps',
      'GET /aid/gaps/households',
      'GET /aid/gaps/households/export',
      'GET /aid/households/:id',
      'GET /aid/proposals',
      'GET /aid/proposals/export',
      'GET /aid/proposals/:id',
      'GET /aid/lokus',
      'GET /aid/budgets',
      'GET /aid/budgets/:id',
    ],
  },
  'aid.program.manage': { roles: ADMIN_DINSOS, scope: 'kabupaten', routes: ['POST /aid/programs', 'PATCH /aid/programs/:id'] },
  /** Import recipient lists and flag receipts from the registry's columns. */
  'aid.receipt.import': { roles: ADMIN_DINSOS, scope: 'kabupaten', routes: ['POST /aid/imports', 'POST /aid/receipts/from-registry'] },
  /** Record a receipt by hand (the desa itself and the kabupaten). */
  'aid.receipt.write': {
    roles: ['operator_desa', 'operator_kecamatan', 'dinsos', 'admin_kabupaten'],
    scope: 'region',
    routes: ['POST /aid/receipts', 'DELETE /aid/receipts/:id'],
  },
  /** A desa's aid budget and the households it funds. */
  'aid.budget.manage': {
    roles: ['operator_desa', 'operator_kecamatan', 'dinsos', 'admin_kabupaten'],
    scope: 'region',
    routes: ['POST /aid/budgets', 'PUT /aid/budgets/:id/households'],
  },
  'aid.proposal.create': {
    roles: WRITERS,
    scope: 'region',
    routes: ['POST /aid/proposals', 'POST /aid/proposals/bulk'],
  },
  /** Verify a proposal or reject it before approval (the transition route's gate). */
  'aid.proposal.verify': {
    roles: ['operator_kecamatan', 'dinsos', 'admin_kabupaten'],
    scope: 'region',
    routes: ['POST /aid/proposals/:id/transition'],
  },
  /** Approve, mark distributed, or reject an approved proposal. */
  'aid.proposal.approve': { roles: ADMIN_DINSOS, scope: 'region', routes: [] },
  'aid.lokus.manage': { roles: ADMIN, scope: 'region', routes: ['PUT /aid/lokus/:desaCode'] },

  // SK Bupati
  'decree.read': {
    roles: ALL,
    scope: 'region',
    routes: [
      'GET /decrees/draft',
      'GET /decrees/draft/households',
      'GET /decrees',
      'GET /decrees/:id',
      'GET /decrees/:id/households',
      'GET /decrees/:id/diff',
      'GET /decrees/:id/diff.xlsx',
      'GET /decrees/:id/lampiran.xlsx',
      'GET /decrees/:id/lampiran.pdf',
    ],
  },
  'decree.issue': { roles: ADMIN, scope: 'region', routes: ['GET /decrees/preconditions', 'POST /decrees'] },

  // Column-mapping import, lists in bulk (issue 25)
  'registry.import.mapping': {
    roles: ADMIN,
    scope: 'kabupaten',
    routes: [
      'GET /imports/mapping-templates',
      'POST /imports/mapping-templates',
      'DELETE /imports/mapping-templates/:id',
      'POST /imports/preview',
    ],
  },
  /** The live what-if of the criteria form (a set being edited, not saved). */
  'criteria.draft.what_if': { roles: ADMIN, scope: 'kabupaten', routes: ['POST /criteria/what-if'] },
  /** A province's or ministry's lokus list: reviewed, then pinned in one step. */
  'aid.lokus.import': { roles: ADMIN, scope: 'kabupaten', routes: ['POST /aid/lokus/import/preview', 'POST /aid/lokus/import'] },
  // Accounts in bulk and the first-run checklist (issue 25)
  /** Create operator/official accounts in bulk, download their slips once, deactivate in bulk. */
  'users.bulk': { roles: ADMIN, scope: 'region', routes: ['POST /users/bulk', 'POST /users/slips', 'POST /users/deactivate'] },
  'onboarding.read': { roles: ADMIN, scope: 'kabupaten', routes: ['GET /onboarding/checklist'] },
  // Pendampingan and advocacy (issue 27)
  'pendampingan.read': {
    roles: ALL,
    scope: 'region',
    routes: [
      'GET /pendampingan/periods/:periodId/companions',
      'GET /pendampingan/visits',
      'GET /pendampingan/visits/:id/photos/:sha256',
      'GET /pendampingan/photos/:sha256',
      'GET /pendampingan/follow-ups',
      'GET /pendampingan/households/:id',
    ],
  },
  /** Name the companion of a desa's target households (one by one, or split among the desa's staff). */
  'pendampingan.companion.assign': {
    roles: ['operator_desa', 'opd_pendamping', 'operator_kecamatan', 'admin_kabupaten'],
    scope: 'region',
    routes: ['PUT /pendampingan/periods/:periodId/companions', 'POST /pendampingan/periods/:periodId/companions/split'],
  },
  /** Record visits and accompaniment (as or for an assigned official) and close follow-ups. */
  'pendampingan.record': {
    roles: ['opd_pendamping', 'operator_desa', 'pendamping'],
    scope: 'region',
    routes: [
      'POST /pendampingan/photos',
      'POST /pendampingan/visits',
      'POST /pendampingan/activities',
      'POST /pendampingan/follow-ups/:id/status',
    ],
  },
  /** The leaders' view and the monthly recap per agency (keep pendampingan/common.ts REPORT_ROLES equal). */
  'pendampingan.report': {
    roles: ['admin_kabupaten', 'pimpinan', 'opd_pendamping', 'operator_kecamatan', 'dinsos'],
    scope: 'region',
    routes: [
      'GET /pendampingan/periods/:periodId/summary',
      'GET /pendampingan/periods/:periodId/recap.xlsx',
      'GET /pendampingan/periods/:periodId/recap.pdf',
    ],
  },
  // Maps (issue 23): boundaries and choropleth figures in the reader's area; GPS points of verval records
  'maps.read': { roles: ALL, scope: 'region', routes: ['GET /maps/boundaries', 'GET /maps/values'] },
  'maps.points': { roles: ALL, scope: 'region', routes: ['GET /maps/points'] },
  'maps.boundaries.manage': { roles: ADMIN, scope: 'kabupaten', routes: ['POST /maps/boundaries/preview', 'POST /maps/boundaries'] },
  // Trends, meeting summary and landing page (issue 23)
  'monitoring.trends.read': { roles: ALL, scope: 'region', routes: ['GET /monitoring/trends', 'GET /monitoring/summary.pdf'] },
  /** The landing page's figures and to-dos: any signed-in user, counted in their own scope. */
  'landing.read': { roles: 'signed-in', scope: 'kabupaten', routes: ['GET /landing'] },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** Routes anyone may call, signed in or not. */
export const PUBLIC_ROUTES: readonly string[] = [
  'GET /health',
  'GET /meta',
  'POST /auth/login',
  'GET /public/summary',
  'GET /public/trend',
  'GET /public/map',
];

export type RouteAccess = Action | 'public';

const ROUTE_ACCESS = new Map<string, RouteAccess>();
for (const r of PUBLIC_ROUTES) ROUTE_ACCESS.set(r, 'public');
for (const action of ACTIONS) {
  for (const r of (POLICY[action] as Rule).routes) {
    if (ROUTE_ACCESS.has(r)) throw new Error(`access policy: ${r} is listed twice`);
    ROUTE_ACCESS.set(r, action);
  }
}

/** The action a route performs (`path` as registered, without the /api/v1 prefix), or undefined. */
export function routeAccess(method: string, path: string): RouteAccess | undefined {
  return ROUTE_ACCESS.get(`${method === 'HEAD' ? 'GET' : method} ${path}`);
}

/** The roles that may take `action` ('signed-in' actions: every role). */
export function rolesFor(action: Action): readonly Role[] {
  const roles = (POLICY[action] as Rule).roles;
  return roles === 'signed-in' ? ALL : roles;
}

/**
 * Whether the actor may take `action`: at all (no region; for a region-scoped action, on some
 * region), or on an object of `regionCode` (it must lie within a region on which the actor holds
 * one of the action's roles).
 */
export function can(actor: Actor, action: Action, regionCode?: string): boolean {
  const rule = POLICY[action] as Rule;
  if (rule.roles === 'signed-in') return true;
  const roles = rule.roles;
  if (regionCode === undefined || rule.scope === 'kabupaten') return actor.grants.some((g) => roles.includes(g.role));
  return canAccessRegion(actor, regionCode, roles);
}

/**
 * `can`, as a check: 403 when the actor may not take the action at all, 404 when the object of
 * `regionCode` lies outside the regions where they may (its existence is not revealed).
 */
export function assertCan(actor: Actor, action: Action, regionCode?: string): void {
  if (!can(actor, action)) throw forbidden();
  if (regionCode !== undefined && !can(actor, action, regionCode)) throw notFound();
}

/** What the signed-in user may do, for the web app: each action allowed, with its regions when region-scoped. */
export interface Ability {
  action: Action;
  /** Region codes within which the action may be taken; null when kabupaten-wide. */
  regions: string[] | null;
}

export function abilities(actor: Actor): Ability[] {
  const out: Ability[] = [];
  for (const action of ACTIONS) {
    if (!can(actor, action)) continue;
    const rule = POLICY[action] as Rule;
    out.push({ action, regions: rule.scope === 'kabupaten' ? null : scopeCodes(actor, rolesFor(action)) });
  }
  return out;
}
