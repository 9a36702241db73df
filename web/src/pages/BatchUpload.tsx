import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../api.js";
import { useSession } from "../session.js";
import type { Finding } from "../types.js";

/** What GET /jobs/:id answers for a visit batch (src/server/routes/jobs.ts). */
interface BatchJob {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  total: number;
  done: number;
  result: {
    stored: number;
    refused: Array<{
      index: number;
      visitId: string | null;
      code: string;
      path: string | null;
      message: string;
    }>;
  } | null;
  error: { message?: string } | null;
}
interface ScrubEntry {
  claimId: string | null;
  findings: Finding[];
}
type Upload =
  | { kind: "batch"; file: string; format: "JSON" | "CSV"; jobId: string; total: number }
  | { kind: "837"; file: string; entries: ScrubEntry[] };

/** One table row per finding (or one "no findings" row per clean claim), each with its own key. */
function findingRows(entries: ScrubEntry[]) {
  const rows: Array<{ key: string; claimId: string | null; finding: Finding | null }> = [];
  let n = 0;
  for (const entry of entries) {
    if (entry.findings.length === 0) rows.push({ key: `r${n++}`, claimId: entry.claimId, finding: null });
    for (const finding of entry.findings) rows.push({ key: `r${n++}`, claimId: entry.claimId, finding });
  }
  return rows;
}

/** What a file holds: an 837 starts with ISA; JSON starts with [ or {; anything else is read as CSV. */
export function kindOf(name: string, text: string): "837" | "json" | "csv" {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("ISA")) return "837";
  if (start.startsWith("[") || start.startsWith("{") || /\.json$/i.test(name)) return "json";
  return "csv";
}

/**
 * "Upload visits or an 837" on the Claims page (issue 10, page 3): visits as JSON (an array,
 * contract §1) or CSV (docs/visit-csv.md) become a batch job (POST /batches), shown with its
 * progress and then what was stored and refused; an 837 is scrubbed (POST /scrub), never stored.
 */
export function BatchUpload() {
  const { api, practice } = useSession();
  const queryClient = useQueryClient();
  const [upload, setUpload] = useState<Upload | null>(null);

  const send = useMutation({
    mutationFn: async (file: File): Promise<Upload> => {
      const text = await file.text();
      const kind = kindOf(file.name, text);
      if (kind === "837") {
        const entries = await api.request<ScrubEntry[] | ScrubEntry>("POST", "/scrub", { text });
        return { kind: "837", file: file.name, entries: Array.isArray(entries) ? entries : [entries] };
      }
      if (!practice) throw new Error("choose a practice first");
      const query = { practice: practice.id };
      let started: { jobId: string; total: number };
      if (kind === "json") {
        let visits: unknown;
        try {
          visits = JSON.parse(text.replace(/^\uFEFF/, ""));
        } catch (error) {
          throw new Error(`${file.name} is not valid JSON: ${(error as Error).message}`);
        }
        started = await api.post("/batches", Array.isArray(visits) ? visits : [visits], query);
      } else {
        started = await api.request("POST", "/batches", { text, textType: "text/csv", query });
      }
      return {
        kind: "batch",
        file: file.name,
        format: kind === "json" ? "JSON" : "CSV",
        jobId: started.jobId,
        total: started.total,
      };
    },
    onMutate: () => setUpload(null),
    onSuccess: (u) => setUpload(u),
  });

  const jobId = upload?.kind === "batch" ? upload.jobId : null;
  const job = useQuery({
    queryKey: ["job", jobId],
    queryFn: async () => {
      const j = await api.get<BatchJob>(`/jobs/${jobId}`);
      if (j.status === "done") void queryClient.invalidateQueries({ queryKey: ["claims"] });
      return j;
    },
    enabled: Boolean(jobId),
    refetchInterval: (q) =>
      q.state.data?.status === "done" || q.state.data?.status === "failed" ? false : 400,
  });

  const failure = send.error;
  const issues = failure instanceof ApiError ? failure.issues : [];
  const j = job.data;

  return (
    <section className="card" aria-labelledby="batch-title">
      <h2 id="batch-title">Upload visits or an 837</h2>
      <p className="muted small">
        Visits as JSON (an array of visits) or CSV (one row per service line, grouped by <code>visit_id</code>
        ; the billing provider comes from the practice's settings) are checked and stored as claims. An 837
        file is <strong>checked, not stored</strong>: its findings are shown per claim.
      </p>
      <label>
        Visits (JSON or CSV) or an 837 file
        <input
          type="file"
          accept=".json,.csv,.837,.txt,.x12,.edi,application/json,text/csv,text/plain"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) send.mutate(file);
            e.target.value = "";
          }}
        />
      </label>
      {send.isPending && <p role="status">Uploading…</p>}
      {failure && (
        <div role="alert" className="error-text">
          <p>{failure.message}</p>
          {issues.length > 1 && (
            <ul>
              {issues.map((i) => (
                <li key={`${i.path}:${i.message}`}>
                  {i.path ? `${i.path}: ` : ""}
                  {i.message}
                </li>
              ))}
            </ul>
          )}
          <p>Nothing was stored.</p>
        </div>
      )}
      {upload?.kind === "batch" && (
        <div aria-label="Batch results" role="status" className="summary">
          <label>
            Batch progress
            <progress
              value={j?.done ?? 0}
              max={upload.total}
              style={{ width: "16rem", marginLeft: "0.5rem" }}
            />
          </label>{" "}
          <span>
            {j?.done ?? 0} of {upload.total} visits from {upload.file} ({upload.format})
            {j ? `: ${j.status}` : ""}
          </span>
          {j?.status === "failed" && (
            <p className="error-text">The batch failed: {j.error?.message ?? "see the job"}</p>
          )}
          {j?.status === "done" && j.result && (
            <>
              <p>
                <strong className="ok-text">{j.result.stored} stored</strong>, {j.result.refused.length}{" "}
                refused.
              </p>
              {j.result.refused.length > 0 && (
                <table className="grid">
                  <caption>Refused visits</caption>
                  <thead>
                    <tr>
                      <th scope="col">Index</th>
                      <th scope="col">Visit</th>
                      <th scope="col">Code</th>
                      <th scope="col">Where</th>
                      <th scope="col">Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {j.result.refused.map((r) => (
                      <tr key={r.index}>
                        <td className="num">{r.index}</td>
                        <td>{r.visitId ?? "—"}</td>
                        <td>{r.code}</td>
                        <td className="mono">{r.path ?? "—"}</td>
                        <td>{r.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </div>
      )}
      {upload?.kind === "837" && (
        <div aria-label="837 findings" role="status" className="summary">
          <p>
            <strong>{upload.file}</strong>: {upload.entries.filter((e) => e.claimId !== null).length} claim(s)
            checked, not stored.
          </p>
          <table className="grid">
            <caption>Findings per claim</caption>
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Rule</th>
                <th scope="col">Severity</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {findingRows(upload.entries).map((r) => (
                <tr key={r.key}>
                  <td style={{ whiteSpace: "nowrap" }}>{r.claimId ?? "file"}</td>
                  {r.finding ? (
                    <>
                      <td>{r.finding.rule}</td>
                      <td>
                        <span className={`badge sev-${r.finding.severity}`}>{r.finding.severity}</span>
                      </td>
                      <td>{r.finding.message}</td>
                    </>
                  ) : (
                    <td colSpan={3} className="ok-text">
                      no findings
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
