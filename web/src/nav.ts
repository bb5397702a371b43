import {
  type Icon,
  IconChartBar,
  IconChecklist,
  IconClipboardCheck,
  IconFileCertificate,
  IconGift,
  IconGitCompare,
  IconHeartHandshake,
  IconHome,
  IconMap2,
  IconMessageReport,
  IconScale,
  IconShieldCheck,
  IconSitemap,
  IconUpload,
  IconUserCog,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { Action } from './modules/auth/session';

type Page = LazyExoticComponent<ComponentType>;

/**
 * One entry of the navigation. The routes of the app are built from this list, so a new
 * module adds one entry here (and its pages under modules/<area>/), nothing else.
 */
export interface NavEntry {
  /** URL of the entry; '/' is Beranda. */
  path: string;
  /** i18n key of the label, e.g. 'nav.households'. */
  labelKey: string;
  icon: Icon;
  /** The action of the server's access policy the user needs to see the entry; absent = every signed-in user. */
  action?: Action;
  /** The page at `path`. */
  component?: Page;
  /** More pages that belong to this entry (detail pages), with their full paths. */
  routes?: ReadonlyArray<{ path: string; component: Page }>;
  /** `false`: the module is not built yet; shown disabled as "segera". */
  available?: false;
  /** Where in the menu it goes. */
  section: 'main' | 'admin';
}

export const NAV: readonly NavEntry[] = [
  { path: '/', labelKey: 'nav.home', icon: IconHome, section: 'main', component: lazy(() => import('./modules/home/HomePage')) },
  {
    path: '/households',
    labelKey: 'nav.households',
    icon: IconUsersGroup,
    section: 'main',
    action: 'households.read',
    component: lazy(() => import('./modules/households/HouseholdsPage')),
    routes: [{ path: '/households/:id', component: lazy(() => import('./modules/households/HouseholdPage')) }],
  },
  {
    path: '/imports',
    labelKey: 'nav.imports',
    icon: IconUpload,
    section: 'main',
    action: 'registry.import',
    component: lazy(() => import('./modules/imports/ImportsPage')),
  },
  {
    path: '/organisation',
    labelKey: 'nav.organisation',
    icon: IconSitemap,
    section: 'main',
    action: 'organisation.read',
    component: lazy(() => import('./modules/organisation/OrganisationPage')),
  },
  {
    path: '/verval',
    labelKey: 'nav.verval',
    icon: IconClipboardCheck,
    section: 'main',
    action: 'verval.read',
    component: lazy(() => import('./modules/verval/VervalPage')),
    routes: [
      { path: '/verval/:periodId/:householdId', component: lazy(() => import('./modules/verval/VervalHouseholdPage')) },
      { path: '/verval/:periodId/new', component: lazy(() => import('./modules/verval/NewHouseholdPage')) },
      { path: '/verval/review', component: lazy(() => import('./modules/verval/ReviewQueuePage')) },
      { path: '/verval/outbox', component: lazy(() => import('./modules/verval/offline/OutboxPage')) },
      { path: '/verval/review/:periodId/:householdId', component: lazy(() => import('./modules/verval/ReviewPage')) },
    ],
  },
  {
    path: '/criteria',
    labelKey: 'nav.criteria',
    icon: IconScale,
    section: 'main',
    action: 'criteria.read',
    component: lazy(() => import('./modules/criteria/CriteriaPage')),
  },
  {
    path: '/musdes',
    labelKey: 'nav.musdes',
    icon: IconUsers,
    section: 'main',
    action: 'musdes.read',
    component: lazy(() => import('./modules/musdes/MusdesPage')),
    routes: [{ path: '/musdes/:id', component: lazy(() => import('./modules/musdes/MeetingPage')) }],
  },
  {
    path: '/matching',
    labelKey: 'nav.matching',
    icon: IconGitCompare,
    section: 'main',
    action: 'matching.read',
    component: lazy(() => import('./modules/matching/MatchingPage')),
    routes: [
      { path: '/matching/candidates/:id', component: lazy(() => import('./modules/matching/CandidatePage')) },
      { path: '/matching/lists/:id', component: lazy(() => import('./modules/matching/ListRunPage')) },
    ],
  },
  {
    path: '/decree',
    labelKey: 'nav.decree',
    icon: IconFileCertificate,
    section: 'main',
    action: 'decree.read',
    component: lazy(() => import('./modules/decree/DecreePage')),
    routes: [{ path: '/decree/:id', component: lazy(() => import('./modules/decree/DecreeDetailPage')) }],
  },
  {
    path: '/aid',
    labelKey: 'nav.aid',
    icon: IconGift,
    section: 'main',
    action: 'aid.read',
    component: lazy(() => import('./modules/aid/AidPage')),
  },
  {
    path: '/pendampingan',
    labelKey: 'nav.pendampingan',
    icon: IconHeartHandshake,
    section: 'main',
    action: 'pendampingan.read',
    component: lazy(() => import('./modules/pendampingan/PendampinganPage')),
  },
  {
    path: '/monitoring',
    labelKey: 'nav.monitoring',
    icon: IconChartBar,
    section: 'main',
    action: 'monitoring.read',
    component: lazy(() => import('./modules/monitoring/MonitoringPage')),
    routes: [{ path: '/monitoring/summary', component: lazy(() => import('./modules/monitoring/SummaryPage')) }],
  },
  {
    path: '/maps',
    labelKey: 'nav.maps',
    icon: IconMap2,
    section: 'main',
    action: 'maps.read',
    component: lazy(() => import('./modules/maps/MapPage')),
    routes: [{ path: '/maps/boundaries', component: lazy(() => import('./modules/maps/BoundaryUploadPage')) }],
  },
  {
    path: '/tickets',
    labelKey: 'nav.tickets',
    icon: IconMessageReport,
    section: 'main',
    action: 'kendala.read',
    component: lazy(() => import('./modules/kendala/KendalaPage')),
    routes: [{ path: '/tickets/:id', component: lazy(() => import('./modules/kendala/KendalaDetailPage')) }],
  },
  {
    path: '/users',
    labelKey: 'nav.users',
    icon: IconUserCog,
    section: 'admin',
    action: 'users.manage',
    component: lazy(() => import('./modules/users/UsersPage')),
    routes: [{ path: '/users/bulk', component: lazy(() => import('./modules/users/BulkAccountsPage')) }],
  },
  {
    path: '/persiapan',
    labelKey: 'nav.setup',
    icon: IconChecklist,
    section: 'admin',
    action: 'onboarding.read',
    component: lazy(() => import('./modules/onboarding/SetupPage')),
  },
  {
    path: '/audit',
    labelKey: 'nav.audit',
    icon: IconShieldCheck,
    section: 'admin',
    action: 'audit.read',
    component: lazy(() => import('./modules/audit/AuditPage')),
  },
];

/** Entries the signed-in user may see, in menu order. */
export function visibleNav(can: (action: Action) => boolean): NavEntry[] {
  return NAV.filter((e) => !e.action || can(e.action));
}
