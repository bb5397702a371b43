import { Button, Center, Loader, Stack, Title } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import LoginPage from './modules/auth/LoginPage';
import { useSession } from './modules/auth/session';
import { ForcePasswordChange } from './modules/users/ForcePasswordChange';
import { visibleNav } from './nav';
import { Shell } from './shell/Shell';
import { useDocumentTitle } from './shell/title';

/** The public page (issue 23): outside the sign-in, loaded only when opened. */
const PublicPage = lazy(() => import('./modules/public/PublicPage'));

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
  if (user?.mustChangePassword) return <ForcePasswordChange />;
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
            <LoginPage />
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
