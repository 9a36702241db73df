import { lazy, Suspense, useEffect, useRef } from "react";
import { CheckVisit } from "./pages/CheckVisit.js";
import { ClaimDetail } from "./pages/ClaimDetail.js";
import { Claims } from "./pages/Claims.js";
import { Denials } from "./pages/Denials.js";
import { Reference } from "./pages/Reference.js";
import { Settings } from "./pages/Settings.js";
import { Link, navigate, usePath } from "./router.js";
import { useSession } from "./session.js";

// The charts library is most of the bundle: the dashboard loads when it is opened.
const Dashboard = lazy(() => import("./pages/Dashboard.js").then((m) => ({ default: m.Dashboard })));

const pages = [
  { path: "/check", label: "Check a visit" },
  { path: "/claims", label: "Claims" },
  { path: "/denials", label: "Denials" },
  { path: "/dashboard", label: "Dashboard" },
  { path: "/reference", label: "Reference data" },
  { path: "/settings", label: "Settings", admin: true },
] as const;

/** The signed-in shell: navigation, the practice switcher, and the page for the path. */
export function App() {
  const session = useSession();
  const path = usePath();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    if (path === "/" || path === "") navigate("/check");
  }, [path]);
  useEffect(() => {
    // A new page: move focus to its content so keyboard and screen-reader users start there.
    if (path) main.current?.focus();
  }, [path]);

  let page = <CheckVisit />;
  const claimMatch = /^\/claims\/([^/]+)$/.exec(path);
  if (claimMatch) page = <ClaimDetail id={decodeURIComponent(claimMatch[1]!)} />;
  else if (path.startsWith("/claims")) page = <Claims />;
  else if (path.startsWith("/denials")) page = <Denials />;
  else if (path.startsWith("/dashboard")) page = <Dashboard />;
  else if (path.startsWith("/reference")) page = <Reference />;
  else if (path.startsWith("/settings")) page = <Settings />;
  // Reference data and Settings belong to no practice: a new install's admin starts there.
  const practiceFree = path.startsWith("/reference") || path.startsWith("/settings");

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">cleanclaim</span>
        <nav aria-label="Main">
          {pages
            .filter((p) => !("admin" in p) || session.orgAdmin)
            .map((p) => (
              <Link key={p.path} to={p.path} current={path.startsWith(p.path)}>
                {p.label}
              </Link>
            ))}
        </nav>
        <div className="who">
          {session.practices.length > 1 ? (
            <label className="inline">
              Practice
              <select
                aria-label="Practice"
                value={session.practice?.id ?? ""}
                onChange={(e) => session.setPracticeId(e.target.value)}
              >
                {session.practices.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} ({p.role})
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span>
              {session.practice ? `${session.practice.name} (${session.practice.role})` : "No practice"}
            </span>
          )}
          <span className="muted">{session.email}</span>
          <button type="button" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {session.practice || practiceFree ? (
          <Suspense fallback={<p role="status">Loading…</p>}>{page}</Suspense>
        ) : session.orgAdmin ? (
          <div>
            <h1>No practice yet</h1>
            <p>
              Create the first practice in <Link to="/settings">Settings</Link>: Practices, "New practice…".
              Its screens appear once it is saved.
            </p>
          </div>
        ) : (
          <p>Your roles give you no practice yet: ask an administrator for a grant.</p>
        )}
      </main>
    </div>
  );
}
