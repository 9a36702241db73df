import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { Api, ApiError } from "./api.js";
import type { Grant, LoginAnswer, Me, PracticeAccess } from "./types.js";

export interface Session {
  api: Api;
  userId: string | null;
  email: string;
  practices: PracticeAccess[];
  /** An organization-wide admin (a grant of admin with no practice): Settings, reference imports. */
  orgAdmin: boolean;
  /** The practice the screens work in (the switcher's choice). */
  practice: PracticeAccess | null;
  setPracticeId(id: string): void;
  /** Reads the caller's practices again (GET /auth/me): after an admin creates or renames one. */
  refreshPractices(): Promise<void>;
  signOut(): Promise<void>;
}

interface State {
  status: "loading" | "signed-out" | "signed-in";
  userId: string | null;
  email: string;
  practices: PracticeAccess[];
  orgAdmin: boolean;
  practiceId: string | null;
}

/** Nobody signed in: the state after a 401, a failed /auth/me or signing out. */
const signedOut: State = {
  status: "signed-out",
  userId: null,
  email: "",
  practices: [],
  orgAdmin: false,
  practiceId: null,
};

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a signed-in page");
  return session;
}

const practiceKey = "cleanclaim.practice";

const isOrgAdmin = (grants: readonly Grant[]) =>
  grants.some((g) => g.role === "admin" && g.practiceId === null);

function pickPractice(practices: PracticeAccess[]): string | null {
  const remembered = window.localStorage.getItem(practiceKey);
  return practices.find((p) => p.id === remembered)?.id ?? practices[0]?.id ?? null;
}

/** Loads the caller (GET /auth/me) and shows the sign-in form until there is one. */
export function SessionProvider(props: {
  children: ReactNode;
  signIn: (submit: (email: string, password: string) => Promise<void>) => ReactNode;
}) {
  const api = useMemo(() => new Api(), []);
  const queryClient = useQueryClient();
  const [state, setState] = useState<State>({ ...signedOut, status: "loading" });

  useEffect(() => {
    api.onUnauthenticated = () => {
      queryClient.clear();
      setState(signedOut);
    };
    let live = true;
    (async () => {
      try {
        const me = await api.get<Me>("/auth/me");
        const { csrfToken } = await api.get<{ csrfToken: string }>("/auth/csrf");
        api.csrf = csrfToken;
        if (live)
          setState({
            status: "signed-in",
            userId: me.user?.id ?? null,
            email: me.user?.email ?? "",
            practices: me.practices,
            orgAdmin: isOrgAdmin(me.grants),
            practiceId: pickPractice(me.practices),
          });
      } catch (error) {
        if (live && error instanceof ApiError) setState(signedOut);
      }
    })();
    return () => {
      live = false;
    };
  }, [api, queryClient]);

  const submit = useCallback(
    async (email: string, password: string) => {
      const answer = await api.post<LoginAnswer>("/auth/login", { email, password });
      api.csrf = answer.csrfToken;
      // The sign-in answer has no grants: /auth/me says whether the user administers the organization.
      const me = await api.get<Me>("/auth/me");
      setState({
        status: "signed-in",
        userId: answer.user.id,
        email: answer.user.email,
        practices: answer.practices,
        orgAdmin: isOrgAdmin(me.grants),
        practiceId: pickPractice(answer.practices),
      });
    },
    [api],
  );

  const setPracticeId = useCallback((id: string) => {
    window.localStorage.setItem(practiceKey, id);
    setState((s) => ({ ...s, practiceId: id }));
  }, []);

  const refreshPractices = useCallback(async () => {
    const me = await api.get<Me>("/auth/me");
    setState((s) => ({
      ...s,
      practices: me.practices,
      orgAdmin: isOrgAdmin(me.grants),
      practiceId: me.practices.some((p) => p.id === s.practiceId) ? s.practiceId : pickPractice(me.practices),
    }));
  }, [api]);

  const signOut = useCallback(async () => {
    try {
      await api.post("/auth/logout");
    } finally {
      api.csrf = null;
      // Nothing of this user's stays in memory for whoever signs in next.
      queryClient.clear();
      setState(signedOut);
    }
  }, [api, queryClient]);

  if (state.status === "loading")
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (state.status === "signed-out") return <>{props.signIn(submit)}</>;
  const session: Session = {
    api,
    userId: state.userId,
    email: state.email,
    practices: state.practices,
    orgAdmin: state.orgAdmin,
    practice: state.practices.find((p) => p.id === state.practiceId) ?? null,
    setPracticeId,
    refreshPractices,
    signOut,
  };
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}
