import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiProblem, fetchJson, sendApiRequest, setCsrfToken } from '../api/client.ts';

// Who is logged in. The server keeps the session (an HttpOnly cookie the page cannot read); the
// page learns the user and the CSRF token from GET /v1/session.

export interface SessionUser {
  name: string;
  displayName: string;
  organisation: string | null;
  roles: string[];
  /** A second factor (TOTP) is on for this account. */
  totpEnabled?: boolean;
  /** The password is a one-time one (new or reset by an operator): the user must change it. */
  passwordChangeRequired?: boolean;
}

interface SessionAnswer {
  user: SessionUser | null;
  csrfToken: string | null;
}

export interface Session {
  /** Undefined while the session is being read. */
  user: SessionUser | null | undefined;
  logIn: (input: { name: string; password: string; totp?: string }) => Promise<SessionUser>;
  logOut: () => Promise<void>;
  hasRole: (...roles: string[]) => boolean;
  /** Reads the session again (after the user changed their own account). */
  refresh: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

function applyAnswer(answer: SessionAnswer): SessionUser | null {
  setCsrfToken(answer.csrfToken ?? null);
  return answer.user ?? null;
}

async function readSession(): Promise<SessionUser | null> {
  try {
    return applyAnswer(await fetchJson<SessionAnswer>('/v1/session'));
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 401 || error.status === 404)) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    readSession().then(setUser, () => setUser(null));
  }, []);

  const logIn = useCallback(async (input: { name: string; password: string; totp?: string }) => {
    const answer = await fetchJson<SessionAnswer>('/v1/session', { method: 'POST', json: input });
    const loggedIn = applyAnswer(answer);
    if (loggedIn === null) throw new ApiProblem(500, 'SESSION_MISSING', 'the server answered no user');
    setUser(loggedIn);
    return loggedIn;
  }, []);

  const logOut = useCallback(async () => {
    await sendApiRequest('/v1/session', { method: 'DELETE' }).catch(() => undefined);
    setCsrfToken(null);
    setUser(null);
  }, []);

  const refresh = useCallback(async () => {
    setUser(await readSession());
  }, []);

  const value = useMemo<Session>(
    () => ({
      user,
      logIn,
      logOut,
      hasRole: (...roles) => user?.roles.some((role) => roles.includes(role)) ?? false,
      refresh,
    }),
    [user, logIn, logOut, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside SessionProvider');
  return session;
}
