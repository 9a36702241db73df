import { type FormEvent, useState } from "react";
import { ApiError } from "./api.js";

/** Sign in (issue 10, page 1): POST /api/v1/auth/login sets the session cookie. */
export function SignIn(props: { submit: (email: string, password: string) => Promise<void> }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.submit(email, password);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "the service could not be reached");
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={onSubmit} aria-labelledby="sign-in-title" className="card">
        <h1 id="sign-in-title">cleanclaim</h1>
        <p className="muted">Sign in to work your practices' claims.</p>
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
