import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { applyLanguage, currentLanguage, type Language, storedLanguage } from '../../i18n';
import { ApiError, api, NetworkError, setUnauthorizedHandler } from '../../lib/api';
import type { Res } from '../../lib/api/client';
import type { Meta, User } from '../../lib/types';

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
  /** What the server says the user may do (GET /auth/me, from its access policy). */
  abilities: readonly Ability[];
  /**
   * Whether the user may take `action` (an action of the server's access policy, e.g.
   * 'matching.run'): at all, or on an object of `regionCode`. The app shows or hides actions
   * with this, never with role lists of its own; the server checks every call anyway.
   */
  can(action: Action, regionCode?: string): boolean;
}

/** One action the user may take, with the region codes where it is region-scoped (null: kabupaten-wide). */
export type Ability = Res<'/auth/me', 'get'>['abilities'][number];
/** The actions of the server's access policy (access/policy.ts), as the OpenAPI document names them. */
export type Action = Ability['action'];

const within = (code: string, scope: string) => code === scope || code.startsWith(`${scope}.`);

const SessionContext = createContext<Session | null>(null);

/**
 * The signed-in user of this device, kept so that a reload without signal still opens the app
 * (menu and pages) instead of the login form, which cannot work offline. Only the profile
 * (name, roles, region) is kept; it is removed on sign-out and on any 401.
 */
const LAST_USER_KEY = 'sasmita.lastUser';
const LAST_ABILITIES_KEY = 'sasmita.lastAbilities';
function remember(key: string, value: unknown): void {
  try {
    if (value) localStorage.setItem(key, JSON.stringify(value));
    else localStorage.removeItem(key);
  } catch {
    // Storage full or disabled: the offline reload then shows the login form.
  }
}
function rememberUser(u: User | null): void {
  remember(LAST_USER_KEY, u);
}
function recall<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
const lastUser = () => recall<User>(LAST_USER_KEY);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [meta, setMeta] = useState<Meta | null>(null);
  const [abilities, setAbilitiesState] = useState<readonly Ability[]>([]);
  const setAbilities = useCallback((a: readonly Ability[] | null) => {
    remember(LAST_ABILITIES_KEY, a);
    setAbilitiesState(a ?? []);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      rememberUser(null);
      setAbilities(null);
      setUser(null);
      setStatus('anonymous');
    });
    api
      .get<Meta>('/meta')
      .then(setMeta)
      .catch(() => setMeta(null));
    api
      .get<{ user: User; abilities: Ability[] }>('/auth/me', { allow401: true })
      .then(async ({ user: u, abilities: a }) => {
        // This device's choice wins; a device that never chose takes the profile's language.
        if (!storedLanguage()) await applyLanguage(u.language);
        rememberUser(u);
        setAbilities(a);
        setUser(u);
        setStatus('signedIn');
      })
      .catch((e: unknown) => {
        // No signal: open the app as the user last signed in here; the server still checks
        // every API call, and its first 401 sends the user to the login form.
        const known = e instanceof NetworkError ? lastUser() : null;
        if (!(e instanceof NetworkError)) rememberUser(null);
        setAbilities(known ? recall<Ability[]>(LAST_ABILITIES_KEY) : null);
        setUser(known);
        setStatus(known ? 'signedIn' : 'anonymous');
      });
  }, [setAbilities]);

  const login = useCallback(
    async (username: string, password: string, keepLanguage: boolean) => {
      const { user: u, abilities: a } = await api.post<{ user: User; abilities: Ability[] }>(
        '/auth/login',
        { username, password },
        { allow401: true },
      );
      let signedIn = u;
      const lang = currentLanguage();
      if (keepLanguage && u.language !== lang) signedIn = await api.patch<User>('/me', { language: lang });
      else await applyLanguage(u.language);
      rememberUser(signedIn);
      setAbilities(a);
      setUser(signedIn);
      setStatus('signedIn');
    },
    [setAbilities],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout', undefined, { allow401: true });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    rememberUser(null);
    setAbilities(null);
    setUser(null);
    setStatus('anonymous');
  }, [setAbilities]);

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

  const can = useCallback(
    (action: Action, regionCode?: string) =>
      abilities.some(
        (a) => a.action === action && (regionCode === undefined || a.regions === null || a.regions.some((r) => within(regionCode, r))),
      ),
    [abilities],
  );

  const value = useMemo<Session>(
    () => ({ status, user, meta, login, logout, setLanguage, abilities, can }),
    [status, user, meta, login, logout, setLanguage, abilities, can],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
