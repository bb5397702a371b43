import { Button, Center, Loader, Stack, Title } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from './modules/auth/session';
import { visibleNav } from './nav';
import { Shell } from './shell/Shell';
import { useDocumentTitle } from './shell/title';

/** The public page (issue 23): outside the sign-in, loaded only when opened. */
// Needed once per sign-in (the service worker keeps it for offline use): not part of every page's entry.
const LoginPage = lazy(() => import('./modules/auth/LoginPage'));
const PublicPage = lazy(() => import('./modules/public/PublicPage'));
// Seen once per account, so it loads only then (with the users module's texts).
const ForcePasswordChange = lazy(() => import('./modules/users/ForcePasswordChange').then((m) => ({ default: m.ForcePasswordChange })));

function Titled({ titleKey, children }: { titleKey: string; children: ReactNode }) {
  const { t } = useTranslation();
  useDocumentTitle(t(titleKey));
  return <>{children}</>;
}

function RequireSignIn({ children }: { children: ReactNode }) {
  const { status, user } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (status === 'loading') {
    return (
      <Center mih="100dvh">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (status === 'anonymous') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // An initial or reset password must be replaced before anything else (the server refuses the rest).
  if (user?.mustChangePassword) {
    return (
      <Suspense
        fallback={
          <Center mih="100dvh">
            <Loader aria-label={t('app.loading')} />
          </Center>
        }
      >
        <ForcePasswordChange />
      </Suspense>
    );
  }
  return <>{children}</>;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start">
      <Title order={2}>{t('app.notFound')}</Title>
      <Button component={Link} to="/" variant="light">
        {t('app.backHome')}
      </Button>
    </Stack>
  );
}

export function App() {
  const session = useSession();
  const entries = visibleNav(session.can);
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Titled titleKey="shell:login">
            <Suspense fallback={null}>
              <LoginPage />
            </Suspense>
          </Titled>
        }
      />
      <Route
        path="/publik"
        element={
          <Suspense fallback={null}>
            <PublicPage />
          </Suspense>
        }
      />
      <Route
        element={
          <RequireSignIn>
            <Shell />
          </RequireSignIn>
        }
      >
        {entries.flatMap((e) => {
          const routes = [];
          if (e.component) {
            const Page = e.component;
            routes.push(<Route key={e.path} path={e.path} element={<Page />} />);
          }
          for (const r of e.routes ?? []) {
            const Page = r.component;
            routes.push(<Route key={r.path} path={r.path} element={<Page />} />);
          }
          return routes;
        })}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
