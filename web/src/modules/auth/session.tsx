import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { applyLanguage, currentLanguage, type Language, storedLanguage } from '../../i18n';
import { ApiError, api, NetworkError, setUnauthorizedHandler } from '../../lib/api';
import type { Meta, Role, User } from '../../lib/types';

type Status = 'loading' | 'anonymous' | 'signedIn';

export interface Session {
  status: Status;
  user: User | null;
  meta: Meta | null;
  /** Sign in; `keepLanguage` saves the language chosen on the login page to the profile. */
  login(username: string, password: string, keepLanguage: boolean): Promise<void>;
  logout(): Promise<void>;
  /** Switch language; when signed in it is also saved to the user's profile. */
  setLanguage(lang: Language): Promise<void>;
  hasRole(roles: readonly Role[] | undefined): boolean;
}

const SessionContext = createContext<Session | null>(null);

/**
 * The signed-in user of this device, kept so that a reload without signal still opens the app
 * (menu and pages) instead of the login form, which cannot work offline. Only the profile
 * (name, roles, region) is kept; it is removed on sign-out and on any 401.
 */
const LAST_USER_KEY = 'sasmita.lastUser';
function rememberUser(u: User | null): void {
  try {
    if (u) localStorage.setItem(LAST_USER_KEY, JSON.stringify(u));
    else localStorage.removeItem(LAST_USER_KEY);
  } catch {
    // Storage full or disabled: the offline reload then shows the login form.
  }
}
function lastUser(): User | null {
  try {
    const raw = localStorage.getItem(LAST_USER_KEY);
    return raw ? (JSON.parse(raw) as User) : null;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [meta, setMeta] = useState<Meta | null>(null);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      rememberUser(null);
      setUser(null);
      setStatus('anonymous');
    });
    api
      .get<Meta>('/meta')
      .then(setMeta)
      .catch(() => setMeta(null));
    api
      .get<{ user: User }>('/auth/me', { allow401: true })
      .then(async ({ user: u }) => {
        // This device's choice wins; a device that never chose takes the profile's language.
        if (!storedLanguage()) await applyLanguage(u.language);
        rememberUser(u);
        setUser(u);
        setStatus('signedIn');
      })
      .catch((e: unknown) => {
        // No signal: open the app as the user last signed in here; the server still checks
        // every API call, and its first 401 sends the user to the login form.
        const known = e instanceof NetworkError ? lastUser() : null;
        if (!(e instanceof NetworkError)) rememberUser(null);
        setUser(known);
        setStatus(known ? 'signedIn' : 'anonymous');
      });
  }, []);

  const login = useCallback(async (username: string, password: string, keepLanguage: boolean) => {
    const { user: u } = await api.post<{ user: User }>('/auth/login', { username, password }, { allow401: true });
    let signedIn = u;
    const lang = currentLanguage();
    if (keepLanguage && u.language !== lang) signedIn = await api.patch<User>('/me', { language: lang });
    else await applyLanguage(u.language);
    rememberUser(signedIn);
    setUser(signedIn);
    setStatus('signedIn');
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout', undefined, { allow401: true });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    rememberUser(null);
    setUser(null);
    setStatus('anonymous');
  }, []);

  const setLanguage = useCallback(
    async (lang: Language) => {
      await applyLanguage(lang);
      if (user && user.language !== lang) {
        const updated = await api.patch<User>('/me', { language: lang });
        rememberUser(updated);
        setUser(updated);
      }
    },
    [user],
  );

  const hasRole = useCallback(
    (roles: readonly Role[] | undefined) => !roles || (user?.roles.some((g) => roles.includes(g.role)) ?? false),
    [user],
  );

  const value = useMemo<Session>(
    () => ({ status, user, meta, login, logout, setLanguage, hasRole }),
    [status, user, meta, login, logout, setLanguage, hasRole],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
