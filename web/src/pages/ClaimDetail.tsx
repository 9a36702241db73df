import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "../router.js";
import { useSession } from "../session.js";
import type { Claim, ClaimDetails, Finding } from "../types.js";
import { EstimateView, FindingsView, LinesView } from "../views.js";

/** Timely filing by payer type (src/payers/profile.ts defaultsByType; a payer profile may set its own). */
const filingDays: Record<string, number> = {
  medicare: 365,
  "medicare-advantage": 365,
  medicaid: 365,
  commercial: 180,
  "workers-comp": 365,
  auto: 365,
  "self-pay": 3650,
};

function daysLeft(
  dateOfService: string,
  payerType: string,
  today = new Date(),
): { limit: number; left: number } {
  const limit = filingDays[payerType] ?? 365;
  const dos = Date.UTC(
    Number(dateOfService.slice(0, 4)),
    Number(dateOfService.slice(5, 7)) - 1,
    Number(dateOfService.slice(8, 10)),
  );
  const now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return { limit, left: limit - Math.round((now - dos) / 86_400_000) };
}

const sendable = ["draft", "scrubbed", "ready", "rejected", "corrected"];

/** A claim: versions, findings, estimate, history, remits, timely filing; fix, attest, move to ready. */
export function ClaimDetail(props: { id: string }) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [attesting, setAttesting] = useState<{ line: number; value: string; note: string } | null>(null);
  const claim = useQuery({
    queryKey: ["claim", props.id],
    queryFn: () => api.get<ClaimDetails>(`/claims/${props.id}`),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["claim", props.id] });
    void queryClient.invalidateQueries({ queryKey: ["claims"] });
  };
  const transition = useMutation({
    mutationFn: (body: { to: string; reason?: string; override?: boolean }) =>
      api.post(`/claims/${props.id}/transition`, body),
    onSuccess: () => {
      setReason("");
      refresh();
    },
  });
  const fix = useMutation({ mutationFn: () => api.post(`/claims/${props.id}/fix`), onSuccess: refresh });
  const attest = useMutation({
    mutationFn: (body: { line: number; value: string; note: string }) =>
      api.post(`/claims/${props.id}/attest`, { kind: "distinct", ...body }),
    onSuccess: () => {
      setAttesting(null);
      refresh();
    },
  });

  if (claim.isPending) return <p role="status">Loading the claim…</p>;
  if (claim.error) return <p role="alert">{claim.error.message}</p>;
  const c = claim.data;
  const errors = c.findings.filter((f) => f.severity === "error").length;
  const filing = daysLeft(c.dateOfService, c.payerType);
  const open = sendable.includes(c.status);
  const attestable = (f: Finding) => open && f.rule === "ncci-ptp" && f.lines.length > 1;

  return (
    <div>
      <p className="small">
        <Link to="/claims">← Claims</Link>
      </p>
      <div className="page-head">
        <h1>
          Claim {c.controlNumber} <span className={`status s-${c.status}`}>{c.status}</span>
        </h1>
      </div>
      <dl className="facts">
        <div>
          <dt>Date of service</dt>
          <dd>{c.dateOfService}</dd>
        </div>
        <div>
          <dt>Payer</dt>
          <dd>
            {c.payerId} ({c.payerType})
          </dd>
        </div>
        <div>
          <dt>Charge</dt>
          <dd>{c.charge}</dd>
        </div>
        <div>
          <dt>Expected</dt>
          <dd>{c.expected ?? "—"}</dd>
        </div>
        <div>
          <dt>Paid</dt>
          <dd>{c.paid}</dd>
        </div>
        {c.claim.serviceFacility && (
          <div>
            <dt>Service facility</dt>
            <dd data-testid="service-facility">
              {[
                c.claim.serviceFacility.name,
                c.claim.serviceFacility.address,
                c.claim.serviceFacility.city,
                [c.claim.serviceFacility.state, c.claim.serviceFacility.zip].filter(Boolean).join(" "),
              ]
                .filter(Boolean)
                .join(", ")}
            </dd>
          </div>
        )}
        <div>
          <dt>Timely filing</dt>
          <dd className={filing.left < 30 ? "error-text" : ""}>
            {filing.left >= 0 ? `${filing.left} days left` : `${-filing.left} days past`} of {filing.limit}
          </dd>
        </div>
      </dl>
      <InjuryFacts claim={c.claim} />

      {open && (
        <section className="card" aria-label="Claim work">
          <h2>Work</h2>
          <div className="row end">
            <button type="button" onClick={() => fix.mutate()} disabled={fix.isPending}>
              Apply safe fixes
            </button>
            {c.status !== "ready" && (
              <>
                {errors > 0 && (
                  <label className="grow">
                    Override reason ({errors} error{errors === 1 ? "" : "s"} remain)
                    <input value={reason} onChange={(e) => setReason(e.target.value)} />
                  </label>
                )}
                <button
                  type="button"
                  className="primary"
                  disabled={transition.isPending || (errors > 0 && reason.trim() === "")}
                  onClick={() =>
                    transition.mutate(
                      errors > 0 ? { to: "ready", override: true, reason: reason.trim() } : { to: "ready" },
                    )
                  }
                >
                  Move to ready
                </button>
              </>
            )}
          </div>
          {[transition.error, fix.error, attest.error].map(
            (e) =>
              e && (
                <p key={e.message} role="alert" className="error-text">
                  {e.message}
                </p>
              ),
          )}
        </section>
      )}

      <h2>Findings</h2>
      <FindingsView
        findings={c.findings}
        lines={c.claim.lines}
        extra={(f) =>
          attestable(f) ? (
            <button
              type="button"
              onClick={() => setAttesting({ line: f.lines[f.lines.length - 1]!, value: "XS", note: "" })}
            >
              Attest distinct
            </button>
          ) : null
        }
      />
      {attesting && (
        <form
          className="card"
          aria-label="Attestation"
          onSubmit={(e) => {
            e.preventDefault();
            attest.mutate(attesting);
          }}
        >
          <h3>
            Attest line {attesting.line + 1} ({c.claim.lines[attesting.line]?.code}) distinct
          </h3>
          <div className="row end">
            <label>
              Modifier
              <select
                value={attesting.value}
                onChange={(e) => setAttesting({ ...attesting, value: e.target.value })}
              >
                {["XE", "XS", "XP", "XU", "59"].map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            </label>
            <label className="grow">
              Note (what the documentation shows)
              <input
                required
                value={attesting.note}
                onChange={(e) => setAttesting({ ...attesting, note: e.target.value })}
              />
            </label>
            <button type="submit" className="primary" disabled={attest.isPending || !attesting.note.trim()}>
              Record attestation
            </button>
            <button type="button" onClick={() => setAttesting(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <h2>Lines</h2>
      <LinesView claim={c.claim} findings={c.findings} />
      <h2>Estimate</h2>
      <EstimateView estimate={c.estimate} />

      <h2>Versions</h2>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Frequency</th>
            <th scope="col">Errors</th>
            <th scope="col">Reason</th>
            <th scope="col">By</th>
            <th scope="col">At</th>
          </tr>
        </thead>
        <tbody>
          {c.versions.map((v) => (
            <tr key={v.id}>
              <td>{v.version}</td>
              <td>{v.frequency}</td>
              <td>{v.errorCount}</td>
              <td>{v.reason ?? "—"}</td>
              <td>{v.createdBy ?? "—"}</td>
              <td>{new Date(v.createdAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>History</h2>
      <ol className="history">
        {c.history.map((h) => (
          <li key={`${h.at}-${h.to}`}>
            <span className="mono small">{new Date(h.at).toLocaleString()}</span> {h.from ?? "new"} →{" "}
            <strong>{h.to}</strong> by {h.actor}
            {h.override ? " (override)" : ""}
            {h.reason ? `: ${h.reason}` : ""}
          </li>
        ))}
      </ol>

      {c.attestations.length > 0 && (
        <>
          <h2>Attestations</h2>
          <ul>
            {c.attestations.map((a) => (
              <li key={a.id}>
                {a.kind} {a.line !== null ? `line ${a.line + 1}` : ""} {a.value ?? ""}: {a.note} ({a.actor})
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>Remits</h2>
      {c.remits.length === 0 ? (
        <p className="muted">No remittance posted for this claim yet.</p>
      ) : (
        <pre className="mono small">{JSON.stringify(c.remits, null, 2)}</pre>
      )}
    </div>
  );
}

/** The words of CLM11's related causes (005010X222A1). */
const causeWords: Record<string, string> = { AA: "auto accident", EM: "employment", OA: "other accident" };

/**
 * What a workers' comp or auto claim carries besides Medicare's (issue 11): the injury (CLM11,
 * DTP*439), the insurer's claim number (REF*Y4), the employer, the authorization and the visits
 * before this claim that the state visit limits count from. Nothing when the claim has none.
 */
function InjuryFacts(props: { claim: Claim }) {
  const { accident, propertyCasualtyClaimNumber, employer, authorization, visitsBefore, benefitUsed } =
    props.claim;
  const before = Object.entries(visitsBefore ?? {}).filter(([, n]) => n !== undefined && n > 0);
  if (
    !accident &&
    !propertyCasualtyClaimNumber &&
    !employer &&
    !authorization &&
    !visitsBefore &&
    !benefitUsed
  )
    return null;
  return (
    <dl className="facts" aria-label="Injury and authorization">
      {accident && (
        <div>
          <dt>Injury</dt>
          <dd>
            {accident.causes.map((c) => causeWords[c] ?? c).join(", ")}
            {accident.date ? ` on ${accident.date}` : ""}
            {accident.state ? ` (${accident.state})` : ""}
          </dd>
        </div>
      )}
      {propertyCasualtyClaimNumber && (
        <div>
          <dt>Insurer's claim number</dt>
          <dd>{propertyCasualtyClaimNumber}</dd>
        </div>
      )}
      {employer && (
        <div>
          <dt>Employer</dt>
          <dd>{employer.name}</dd>
        </div>
      )}
      {authorization && (
        <div>
          <dt>Authorization</dt>
          <dd>
            {authorization.number}
            {authorization.visitsAllowed !== undefined
              ? `, ${authorization.visitsAllowed} visits allowed`
              : ""}
            {authorization.visitsUsed !== undefined ? `, ${authorization.visitsUsed} used before` : ""}
          </dd>
        </div>
      )}
      {benefitUsed && (
        <div>
          <dt>Benefit already paid</dt>
          <dd>{benefitUsed}</dd>
        </div>
      )}
      {visitsBefore && (
        <div>
          <dt>Visits before this claim</dt>
          <dd>{before.length ? before.map(([d, n]) => `${d} ${n}`).join(", ") : "none"}</dd>
        </div>
      )}
    </dl>
  );
}
