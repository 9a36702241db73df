import type { ReactNode } from "react";
import type { Claim, ClaimLine, Estimate, Finding, Severity } from "./types.js";

/** Why a modifier is on a line: what each one means on a therapy or chiropractic claim. */
function modifierWhy(modifier: string, claim: Claim): string {
  if (modifier === "GP" || modifier === "GO" || modifier === "GN")
    return `${modifier}: therapy under a ${claim.planOfCare?.discipline ?? ""} plan of care`.replace(
      "a  plan",
      "a plan",
    );
  if (["XE", "XS", "XP", "XU", "59"].includes(modifier))
    return `${modifier}: documented as a distinct service (NCCI procedure-to-procedure edit)`;
  if (modifier === "CQ" || modifier === "CO")
    return `${modifier}: furnished in whole or in part by an assistant`;
  if (modifier === "KX") return "KX: over the therapy threshold, medically necessary as documented";
  if (modifier === "AT") return "AT: active chiropractic treatment";
  return `${modifier}: given on the visit`;
}

function unitsWhy(line: ClaimLine): string {
  if (line.minutes === undefined) return `${line.units} (untimed: one per service)`;
  const assistant = line.assistantMinutes ? `, ${line.assistantMinutes} by an assistant` : "";
  return `${line.units} from ${line.minutes} documented minutes${assistant} (timed code: the day's timed minutes counted by the payer's unit method)`;
}

/** The billed lines with units and modifiers, and why each was chosen. */
export function LinesView(props: { claim: Claim; findings: Finding[] }) {
  const { claim } = props;
  return (
    <table className="grid">
      <caption className="sr-only">Billed lines</caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Code</th>
          <th scope="col">Units</th>
          <th scope="col">Modifiers</th>
          <th scope="col">Charge</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {claim.lines.map((line, i) => {
          const lineFindings = props.findings.filter(
            (f) => f.lines.includes(i) && f.severity === "info" && f.rule !== "reference-data",
          );
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
            <tr key={i} data-testid={`line-${i + 1}`}>
              <td>{i + 1}</td>
              <td className="mono">{line.code}</td>
              <td className="num">{line.units}</td>
              <td className="mono">{line.modifiers.join(" ") || "—"}</td>
              <td className="num">{line.charge ?? "—"}</td>
              <td className="small">
                <div>Units: {unitsWhy(line)}</div>
                {line.modifiers.map((m) => (
                  <div key={m}>{modifierWhy(m, claim)}</div>
                ))}
                {lineFindings.map((f) => (
                  <div key={f.message} className="muted">
                    {f.message}
                  </div>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const order: Severity[] = ["error", "warning", "info"];
const severityLabel: Record<Severity, string> = { error: "Errors", warning: "Warnings", info: "Notes" };

export interface FindingAction {
  label: string;
  run?: () => void;
  disabled?: string;
}

/** Findings by severity, each with its explanation, authority (reference) and CARC. */
export function FindingsView(props: {
  findings: Finding[];
  lines: ClaimLine[];
  action?: (finding: Finding) => FindingAction | null;
  extra?: (finding: Finding) => ReactNode;
}) {
  if (props.findings.length === 0) return <p className="ok-text">No findings: the claim is clean.</p>;
  return (
    <div className="findings">
      {order.map((severity) => {
        const group = props.findings.filter((f) => f.severity === severity);
        if (group.length === 0) return null;
        return (
          <section key={severity} aria-label={severityLabel[severity]}>
            <h4 className={`sev-${severity}`}>
              {severityLabel[severity]} ({group.length})
            </h4>
            <ul className="finding-list">
              {group.map((f, k) => {
                const action = props.action?.(f);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: findings have no id
                  <li key={`${f.rule}-${k}`} className={`finding sev-${severity}`} data-rule={f.rule}>
                    <div className="finding-head">
                      <span className={`badge sev-${severity}`}>{severity}</span>
                      <code>{f.rule}</code>
                      {f.lines.length > 0 && (
                        <span className="muted small">
                          line {f.lines.map((l) => `${l + 1} (${props.lines[l]?.code ?? "?"})`).join(", ")}
                        </span>
                      )}
                      {f.carc && <span className="badge">CARC {f.carc}</span>}
                    </div>
                    <p>{f.message}</p>
                    {f.reference && <p className="small muted">Authority: {f.reference}</p>}
                    {f.fix && <p className="small">Fix: {f.fix.description}</p>}
                    <div className="finding-actions">
                      {action?.run && (
                        <button type="button" onClick={action.run}>
                          {action.label}
                        </button>
                      )}
                      {action?.disabled && <span className="small muted">Fix: {action.disabled}</span>}
                      {props.extra?.(f)}
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

/** The estimate with its line breakdown and the trace. */
export function EstimateView(props: { estimate: Estimate | null }) {
  const e = props.estimate;
  if (!e) return <p className="muted">No estimate (the claim cannot be priced yet).</p>;
  return (
    <div className="estimate">
      <dl className="totals">
        <div>
          <dt>Allowed</dt>
          <dd data-testid="estimate-allowed">{e.allowed}</dd>
        </div>
        <div>
          <dt>Payer pays</dt>
          <dd>{e.payerPaid}</dd>
        </div>
        <div>
          <dt>Patient owes</dt>
          <dd>{e.patientResponsibility}</dd>
        </div>
        <div>
          <dt>Deductible</dt>
          <dd>{e.deductibleApplied}</dd>
        </div>
        <div>
          <dt>Coinsurance</dt>
          <dd>{e.coinsurance}</dd>
        </div>
        <div>
          <dt>Sequestration</dt>
          <dd>{e.sequestration}</dd>
        </div>
      </dl>
      <p className="small muted">
        {e.schedule} {e.year}, {e.edition}
        {e.locality ? `, locality ${e.locality.mac}-${e.locality.locality} ${e.locality.name}` : ""}
      </p>
      <table className="grid">
        <caption className="sr-only">Estimate by line</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Code</th>
            <th scope="col">Units</th>
            <th scope="col">Allowed</th>
            <th scope="col">MPPR</th>
            <th scope="col">Assistant</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {e.lines.map((l) => (
            <tr key={l.line}>
              <td>{l.line}</td>
              <td className="mono">
                {l.code} {l.modifiers.join(" ")}
              </td>
              <td className="num">{l.units}</td>
              <td className="num">{l.allowed}</td>
              <td className="num">{reduction(l.mpprReduction)}</td>
              <td className="num">{reduction(l.assistantReduction)}</td>
              <td className="small">{l.notes.join("; ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.warnings.length > 0 && (
        <ul className="small warn-list">
          {e.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <details>
        <summary>Trace ({e.trace.length} steps)</summary>
        <ol className="trace mono small">
          {e.trace.map((t, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the trace is ordered text
            <li key={i}>{t}</li>
          ))}
        </ol>
      </details>
    </div>
  );
}

/** A reduction as a biller reads it: "−7.17", and "0.00" (not "−0.00") when nothing came off. */
function reduction(amount: string): string {
  return /^0+(\.0+)?$/.test(amount) ? amount : `−${amount}`;
}
