import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { download } from "../api.js";
import { Link } from "../router.js";
import { useSession } from "../session.js";
import type { ClaimLine, Finding, PostRemitResult, WorklistItem, WorklistStatus } from "../types.js";

/** POST /worklist/:id/corrected-claim (src/app/worklist.ts, CorrectedClaimResult). */
interface CorrectedClaimResult {
  itemId: string;
  claimId: string;
  corrected: {
    claimId: string;
    frequency: "1" | "7" | "8";
    payerClaimControlNumber: string | null;
    why: string;
    claim: { lines: ClaimLine[] };
    x12?: string;
    x12Problem?: string;
    remainingFindings: Finding[];
  };
  stored: { version: number } | null;
}

const frequencyNames = {
  "1": "a new claim (frequency 1)",
  "7": "a replacement (frequency 7)",
  "8": "a void (frequency 8)",
};

/** The corrected claim, shown for review before it is sent: what changed, its lines, and the files. */
function CorrectedClaimReview({ result }: { result: CorrectedClaimResult }) {
  const c = result.corrected;
  return (
    <section className="card" aria-label="Corrected claim for review">
      <h2>Corrected claim {c.claimId}</h2>
      <p role="status" className="ok-text">
        Corrected claim made: {frequencyNames[c.frequency]}
        {c.payerClaimControlNumber ? `, REF*F8 ${c.payerClaimControlNumber}` : ""}
        {result.stored ? `; stored as version ${result.stored.version} of the claim` : ""}.
      </p>
      <p>{c.why}</p>
      <table className="grid small">
        <caption>Lines of the corrected claim</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Code</th>
            <th scope="col">Modifiers</th>
            <th scope="col">Units</th>
            <th scope="col">Pointers</th>
            <th scope="col">Charge</th>
          </tr>
        </thead>
        <tbody>
          {c.claim.lines.map((l, i) => (
            <tr
              key={`${l.code}-${l.modifiers.join("")}-${l.units}-${l.diagnosisPointers.join("")}`}
              data-testid={`corrected-line-${i + 1}`}
            >
              <td className="num">{i + 1}</td>
              <td>{l.code}</td>
              <td>{l.modifiers.join(" ")}</td>
              <td className="num">{l.units}</td>
              <td>{l.diagnosisPointers.join(", ")}</td>
              <td className="num">{l.charge}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.remainingFindings.length > 0 ? (
        <ul className="warn-list">
          {c.remainingFindings.map((f) => (
            <li key={`${f.rule}:${f.message}`}>
              {f.rule}: {f.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="ok-text">The scrubber finds no error left on it.</p>
      )}
      {c.x12Problem && <p className="error-text">No 837 could be written: {c.x12Problem}</p>}
      <div className="actions">
        {c.x12 && (
          <button type="button" onClick={() => download(`${c.claimId}-corrected.837`, c.x12!)}>
            Download the 837
          </button>
        )}
        <button
          type="button"
          onClick={() =>
            download("corrected-claim.json", JSON.stringify(result, null, 2), "application/json")
          }
        >
          Download JSON
        </button>
      </div>
    </section>
  );
}

const statuses: WorklistStatus[] = ["open", "in-progress", "resolved", "ignored"];

/** The remit reader's actions (src/remit/types.ts WorkAction), in words. */
const actionWords: Record<string, string> = {
  void: "void the claim (frequency 8)",
  document: "the fix needs documentation the claim does not carry",
  review: "cleanclaim finds nothing wrong on the line as submitted: review the payer's edit, or appeal",
  "no-rule": "no cleanclaim rule covers it (eligibility, coordination of benefits, records)",
  "needs-claims": "the submitted claim is needed to find the fix",
};

interface Explained {
  code?: string;
  meaning?: string;
}
interface Adjustment {
  group?: Explained;
  carc?: Explained;
  amount?: string;
  expected?: boolean;
}

/** The reason in plain words: "CO-236 (contractual obligation): this code is not allowed ...". */
function carcText(a: Adjustment): string {
  const group = a.group?.meaning ? ` (${a.group.meaning.toLowerCase()})` : "";
  return `${a.group?.code ?? ""}-${a.carc?.code ?? "?"}${group}: ${a.carc?.meaning ?? ""}${a.amount ? `, ${a.amount}` : ""}`;
}

/** Denials (issue 10, page 4): post an 835, see its summary, and work the worklist. */
export function Denials() {
  const { api, practice, userId, email } = useSession();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string>("open");
  const [selected, setSelected] = useState<string[]>([]);

  const worklist = useQuery({
    queryKey: ["worklist", practice?.id, status],
    queryFn: async () => {
      const items: WorklistItem[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.get<{ items: WorklistItem[]; nextCursor: string | null }>("/worklist", {
          practiceId: practice?.id,
          status: status || undefined,
          limit: "500",
          cursor,
        });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && items.length < 5000);
      return items;
    },
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["worklist"] });

  const upload = useMutation({
    mutationFn: async (file: File) =>
      api.request<PostRemitResult>("POST", "/remits", {
        text: await file.text(),
        query: { practiceId: practice?.id },
      }),
    onSuccess: () => {
      refresh();
      void queryClient.invalidateQueries({ queryKey: ["claims"] });
    },
  });
  const update = useMutation({
    mutationFn: (change: {
      id: string;
      status?: WorklistStatus;
      assignee?: string | null;
      note?: string;
    }) => {
      const { id, ...body } = change;
      return api.patch(`/worklist/${id}`, body);
    },
    onSuccess: refresh,
  });
  const bulk = useMutation({
    mutationFn: async (to: WorklistStatus) => {
      for (const id of selected) await api.patch(`/worklist/${id}`, { status: to });
    },
    onSuccess: () => {
      setSelected([]);
      refresh();
    },
  });
  const corrected = useMutation({
    mutationFn: (id: string) => api.post<CorrectedClaimResult>(`/worklist/${id}/corrected-claim`),
    onSuccess: () => {
      refresh();
      void queryClient.invalidateQueries({ queryKey: ["claims"] });
    },
  });

  // The organization's users, to assign items to (an organization-wide admin may list them);
  // anyone else can assign to themselves.
  const users = useQuery({
    queryKey: ["users"],
    queryFn: () => api.get<Array<{ id: string; email: string; disabled: boolean }>>("/users"),
  });
  const people = (users.data ?? []).filter((u) => !u.disabled).map((u) => ({ id: u.id, email: u.email }));
  if (userId && !people.some((p) => p.id === userId)) people.unshift({ id: userId, email });

  const items = worklist.data ?? [];
  const denials = items.filter((i) => i.kind !== "underpayment");
  const underpayments = items.filter((i) => i.kind === "underpayment");
  const result = upload.data;

  return (
    <div>
      <h1>Denials</h1>
      <section className="card" aria-labelledby="upload-title">
        <h2 id="upload-title">Post an 835</h2>
        <label>
          835 file
          <input
            type="file"
            accept=".835,.txt,.x12,.edi,text/plain"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) upload.mutate(file);
              e.target.value = "";
            }}
          />
        </label>
        {upload.isPending && <p role="status">Posting…</p>}
        {upload.error && (
          <p role="alert" className="error-text">
            {upload.error.message}
          </p>
        )}
        {result && (
          <div role="status" aria-label="Posting summary" className="summary">
            <p>
              <strong>{result.posted ? "Posted" : "Posted before: nothing new written"}.</strong>{" "}
              {result.balance.balanced ? (
                <span className="ok-text">Balanced</span>
              ) : (
                <span className="error-text">Not balanced</span>
              )}
              : payment {result.balance.paymentAmount} = claim payments {result.balance.claimPayments} −
              provider adjustments {result.balance.providerAdjustments}.
            </p>
            <table className="grid">
              <caption className="sr-only">Claims in the 835</caption>
              <thead>
                <tr>
                  <th scope="col">Claim</th>
                  <th scope="col">CLP02</th>
                  <th scope="col">Charge</th>
                  <th scope="col">Paid</th>
                  <th scope="col">Status now</th>
                </tr>
              </thead>
              <tbody>
                {result.claims.map((c) => (
                  <tr key={c.remitClaimId}>
                    <td>
                      {c.claimId ? (
                        <Link to={`/claims/${c.claimId}`}>{c.controlNumber}</Link>
                      ) : (
                        `${c.controlNumber} (unmatched)`
                      )}
                    </td>
                    <td>{c.statusCode}</td>
                    <td className="num">{c.charge}</td>
                    <td className="num">{c.paid}</td>
                    <td>{c.claimStatus ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="small">
              {result.items.length} denied or reduced line(s), {result.underpayments.length} underpayment(s),{" "}
              {result.unmatched.length} unmatched, {result.findings.length} 835 finding(s).
            </p>
          </div>
        )}
      </section>

      <div className="page-head">
        <h2>Worklist</h2>
        <div className="row end">
          <label>
            Show
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">all statuses</option>
              {statuses.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <span className="small muted">{selected.length} selected</span>
          {statuses.map((s) => (
            <button
              key={s}
              type="button"
              disabled={selected.length === 0 || bulk.isPending}
              onClick={() => bulk.mutate(s)}
            >
              Mark {s}
            </button>
          ))}
        </div>
      </div>
      {[update.error, bulk.error, corrected.error].map(
        (e) =>
          e && (
            <p key={e.message} role="alert" className="error-text">
              {e.message}
            </p>
          ),
      )}
      {corrected.data && <CorrectedClaimReview result={corrected.data} />}
      {worklist.isPending ? (
        <p role="status">Loading the worklist…</p>
      ) : denials.length === 0 ? (
        <p className="muted">No denials{status ? ` with status ${status}` : ""}.</p>
      ) : (
        <ul className="work-items">
          {denials.map((item) => (
            <WorkItemCard
              key={item.itemId}
              item={item}
              people={people}
              selected={selected.includes(item.itemId)}
              onSelect={(on) =>
                setSelected((s) => (on ? [...s, item.itemId] : s.filter((id) => id !== item.itemId)))
              }
              onChange={(change) => update.mutate({ id: item.itemId, ...change })}
              onCorrect={() => corrected.mutate(item.itemId)}
            />
          ))}
        </ul>
      )}

      <h2>Underpayments</h2>
      {underpayments.length === 0 ? (
        <p className="muted">No underpayments{status ? ` with status ${status}` : ""}.</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Claim</th>
              <th scope="col">Line</th>
              <th scope="col">Our allowed</th>
              <th scope="col">− Deductible</th>
              <th scope="col">− Coinsurance</th>
              <th scope="col">− Copay</th>
              <th scope="col">− Sequestration</th>
              <th scope="col">= Expected</th>
              <th scope="col">Paid</th>
              <th scope="col">Short by</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {underpayments.map((u) => {
              const d = u.item as Record<string, string | number | undefined>;
              return (
                <tr key={u.itemId}>
                  <td>
                    {u.claimId ? (
                      <Link to={`/claims/${u.claimId}`}>{String(d.claimId ?? "claim")}</Link>
                    ) : (
                      String(d.claimId ?? "")
                    )}
                  </td>
                  <td>
                    {typeof d.line === "number" ? d.line + 1 : "—"} {String(d.code ?? "")}
                  </td>
                  <td className="num">{d.ourAllowed}</td>
                  <td className="num">{d.deductible}</td>
                  <td className="num">{d.coinsurance}</td>
                  <td className="num">{d.copay}</td>
                  <td className="num">{d.sequestration}</td>
                  <td className="num">{d.expectedPaid}</td>
                  <td className="num">{d.paid}</td>
                  <td className="num">{d.shortBy}</td>
                  <td>
                    <select
                      aria-label={`Status of underpayment on ${String(d.claimId ?? "")} line ${typeof d.line === "number" ? d.line + 1 : ""}`}
                      value={u.status}
                      onChange={(e) =>
                        update.mutate({ id: u.itemId, status: e.target.value as WorklistStatus })
                      }
                    >
                      {statuses.map((s) => (
                        <option key={s}>{s}</option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function WorkItemCard(props: {
  item: WorklistItem;
  people: Array<{ id: string; email: string }>;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onChange: (change: { status?: WorklistStatus; assignee?: string | null; note?: string }) => void;
  onCorrect: () => void;
}) {
  const { item } = props;
  const d = item.item as {
    claimId?: string;
    code?: string | null;
    line?: number | null;
    claimStatus?: { code: string; meaning: string };
    adjustments?: Adjustment[];
    remarks?: Array<{ code?: string; meaning?: string }>;
    ruleBasis?: string;
    nextStep?: string;
    fix?: { description: string } | null;
    correctedClaim?: string | null;
    action?: string;
    message?: string;
  };
  const [note, setNote] = useState("");
  const title = `${d.claimId ?? "claim"}${typeof d.line === "number" ? ` line ${d.line + 1}` : ""}${d.code ? ` ${d.code}` : ""}`;
  return (
    <li className="card work-item" aria-label={title}>
      <div className="finding-head">
        <label className="check-label">
          <input
            type="checkbox"
            checked={props.selected}
            onChange={(e) => props.onSelect(e.target.checked)}
          />
          <span className="sr-only">Select {title}</span>
        </label>
        <strong>{item.claimId ? <Link to={`/claims/${item.claimId}`}>{title}</Link> : title}</strong>
        <span className="badge">{item.kind}</span>
        {item.carc && <span className="badge">CARC {item.carc}</span>}
        {item.amount && <span className="num">{item.amount}</span>}
        <span className={`status s-${item.status}`}>{item.status}</span>
        {item.assignee && (
          <span className="small muted">
            assigned to {props.people.find((p) => p.id === item.assignee)?.email ?? item.assignee}
          </span>
        )}
      </div>
      {d.message && <p>{d.message}</p>}
      {(d.adjustments ?? []).map((a) => (
        <p key={carcText(a)}>{carcText(a)}</p>
      ))}
      {(d.remarks ?? []).map((r) => (
        <p key={r.code} className="small">
          Remark {r.code}: {r.meaning}
        </p>
      ))}
      {item.rule && (
        <p className="small">
          Rule <code>{item.rule}</code>
          {d.ruleBasis ? `: ${d.ruleBasis}` : ""}
        </p>
      )}
      {d.fix && <p className="small">Fix: {d.fix.description}</p>}
      {d.action && d.action !== "correct" && (
        <p className="small">Action: {actionWords[d.action] ?? d.action}</p>
      )}
      {d.nextStep && <p className="small">Next: {d.nextStep}</p>}
      <div className="row end">
        <label>
          Status
          <select
            value={item.status}
            onChange={(e) => props.onChange({ status: e.target.value as WorklistStatus })}
          >
            {statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Assignee
          <select
            value={item.assignee ?? ""}
            onChange={(e) => props.onChange({ assignee: e.target.value === "" ? null : e.target.value })}
          >
            <option value="">nobody</option>
            {props.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.email}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          Note
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button
          type="button"
          disabled={!note.trim()}
          onClick={() => {
            props.onChange({ note: note.trim() });
            setNote("");
          }}
        >
          Add note
        </button>
        {item.kind === "denial" && item.claimId && d.action === "correct" && (
          <button type="button" className="primary" onClick={props.onCorrect}>
            Corrected claim
          </button>
        )}
      </div>
      {item.notes.length > 0 && (
        <ul className="notes small">
          {item.notes.map((n) => (
            <li key={`${n.at}-${n.text}`}>
              {n.text} — {n.by}, {new Date(n.at).toLocaleString()}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
