import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useSession } from "../session.js";
import type { Edition, EditionRemoval, Job, ReferenceImportResult, ReferenceStatus } from "../types.js";

/** "bundled pack" or "imported 2026-12-02", with partial and PTP parts, as `data status` says it. */
function originText(e: Edition): string {
  const kind = e.origin === "pack" ? (e.scope ?? "bundled pack") : `imported ${e.importedAt.slice(0, 10)}`;
  const partial = e.partial ? ", partial" : "";
  const parts = e.parts ? `, parts ${e.parts.map((p) => `f${p.part}`).join(", ")}` : "";
  return `${kind}${partial}${parts}`;
}

/** The upload's content type: the import endpoint takes zip, csv or bytes. */
function uploadType(file: File): string {
  if (/\.zip$/i.test(file.name)) return "application/zip";
  if (/\.csv$/i.test(file.name)) return "text/csv";
  return "application/octet-stream";
}

/** Reference data (issue 10, page 6): the editions loaded, staleness, imports and removals. */
export function Reference() {
  const { api, orgAdmin } = useSession();
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: ["reference"],
    queryFn: () => api.get<ReferenceStatus>("/reference"),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["reference"] });
  const [confirming, setConfirming] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => api.delete<EditionRemoval>(`/reference/editions/${encodeURIComponent(id)}`),
    onSuccess: () => {
      setConfirming(null);
      refresh();
    },
  });

  const editions = [...(status.data?.editions ?? [])].sort(
    (a, b) => a.table.localeCompare(b.table) || a.effectiveFrom.localeCompare(b.effectiveFrom),
  );
  const schedules = status.data?.stateSchedules ?? [];
  // A state schedule's warnings (its figures to enter) go with that schedule below, so the
  // warnings at the top are the editions' own: stale NCCI, ICD-10-CM and fee schedule files.
  const scheduleOf = (w: string) => schedules.find((s) => w.startsWith(`${s.profileId} (${s.state}): `));
  const allWarnings = status.data?.warnings ?? [];
  const warnings = allWarnings.filter((w) => !scheduleOf(w));
  const scheduleWarnings = allWarnings.filter((w) => scheduleOf(w));
  const policy = status.data?.policy ?? [];

  return (
    <div>
      <h1>Reference data</h1>
      {status.isPending && <p role="status">Loading the editions…</p>}
      {status.error && (
        <p role="alert" className="error-text">
          {status.error.message}
        </p>
      )}
      {warnings.length > 0 && (
        <section className="card" aria-labelledby="warnings-title">
          <h2 id="warnings-title">Warnings ({warnings.length})</h2>
          <ul className="warn-list" data-testid="reference-warnings">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          {scheduleWarnings.length > 0 && (
            <p className="small">
              And {scheduleWarnings.length} state fee schedule
              {scheduleWarnings.length === 1 ? " has" : "s have"} figures to enter before they price: see{" "}
              <a href="#state-schedules-title">State fee schedules</a>.
            </p>
          )}
        </section>
      )}

      {orgAdmin && <ImportCard onImported={refresh} />}

      {remove.data && (
        <p role="status" className="ok-text">
          Removed {remove.data.removed.table} {remove.data.removed.release}.
          {remove.data.nowInForce
            ? ` ${remove.data.removed.table} on ${remove.data.removed.effectiveFrom} now uses ${remove.data.nowInForce.release}.`
            : ` No ${remove.data.removed.table} edition is left.`}
        </p>
      )}
      {remove.error && (
        <p role="alert" className="error-text">
          {remove.error.message}
        </p>
      )}

      <h2>Editions ({editions.length})</h2>
      <table className="grid" data-testid="editions">
        <caption className="sr-only">Reference editions loaded</caption>
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col">Release</th>
            <th scope="col">Dates covered</th>
            <th scope="col">Rows</th>
            <th scope="col">Source file</th>
            <th scope="col">Origin</th>
            {orgAdmin && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {editions.map((e) => (
            <tr key={`${e.origin}:${e.id}`} data-edition={e.id}>
              <td className="mono">{e.table}</td>
              <td>{e.release}</td>
              <td className="mono small">
                {e.effectiveFrom} to {e.effectiveThrough ?? "open"}
              </td>
              <td className="num">{e.rows.toLocaleString("en-US")}</td>
              <td className="small break">{e.source}</td>
              <td className="small">{originText(e)}</td>
              {orgAdmin && (
                <td>
                  {e.origin === "import" &&
                    (confirming === e.id ? (
                      <span className="row">
                        <button
                          type="button"
                          className="danger"
                          disabled={remove.isPending}
                          onClick={() => remove.mutate(e.id)}
                        >
                          Confirm removal
                        </button>
                        <button type="button" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        aria-label={`Remove ${e.table} ${e.release}`}
                        onClick={() => setConfirming(e.id)}
                      >
                        Remove
                      </button>
                    ))}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Policy figures</h2>
      <p className="small muted">
        The yearly figures (conversion factor, KX threshold, deductible) and the payment rules, by the dates
        they apply (docs/policy-figures.md).
      </p>
      <table className="grid">
        <caption className="sr-only">Policy figures</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Value</th>
            <th scope="col">Dates</th>
            <th scope="col">Verified</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {policy.map((p) => (
            <tr key={`${p.edition}:${p.figure}:${p.effectiveFrom}:${p.value}`}>
              <td>{p.figure}</td>
              <td className="mono small">{p.value}</td>
              <td className="mono small">
                {p.effectiveFrom} to {p.effectiveThrough ?? "open"}
              </td>
              <td>{p.verified ? "yes" : <span className="error-text">unverified</span>}</td>
              <td className="small break">
                {p.source} [{p.release}]
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="state-schedules-title">State fee schedules</h2>
      <p className="small muted">
        Workers' compensation and no-fault schedules shipped as payer profiles (docs/state-fee-schedules.md).
        A missing figure makes the estimate refuse until it is entered in the profile.
      </p>
      {schedules.map((s) => (
        <details key={s.profileId} className="state-schedule">
          <summary>
            <strong>{s.state}</strong> {s.program} ({s.method}): {s.verified} verified, {s.unverified} not
            verified
            {s.missing.length > 0 ? <span className="error-text">, {s.missing.length} missing</span> : ""}
          </summary>
          <p className="small">
            {s.authority.citation} · <span className="mono">{s.file}</span>
          </p>
          {scheduleWarnings
            .filter((w) => scheduleOf(w) === s)
            .map((w) => (
              <p key={w} className="small warn-text" data-testid="schedule-warning">
                {w.slice(`${s.profileId} (${s.state}): `.length)}
              </p>
            ))}
          <table className="grid">
            <caption className="sr-only">{`${s.state} ${s.program}: figures`}</caption>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">Value</th>
                <th scope="col">Verified</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {s.figures.map((f) => (
                <tr key={`${f.kind}:${f.figure}`}>
                  <td>{f.figure}</td>
                  <td className="mono small">
                    {f.missing ? <span className="error-text">missing</span> : f.value}
                  </td>
                  <td>{f.verified ? "yes" : <span className="error-text">no</span>}</td>
                  <td className="small break">
                    {f.source.citation}
                    {f.source.url ? ` (${f.source.url})` : ""}
                    {f.source.retrieved ? `, read ${f.source.retrieved}` : ""}
                    {f.note ? `. ${f.note}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </div>
  );
}

/** Upload a CMS file (or zip) to POST /imports, then follow the job to its result. */
function ImportCard(props: { onImported: () => void }) {
  const { api } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [partial, setPartial] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const progressLabel = useId();
  const start = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error("choose a file to import first");
      return api.request<{ jobId: string }>("POST", "/imports", {
        raw: { blob: file, type: uploadType(file) },
        query: { name: file.name, partial: partial ? "true" : undefined },
      });
    },
    onSuccess: (answer) => setJobId(answer.jobId),
  });
  const job = useQuery({
    queryKey: ["job", jobId],
    queryFn: () => api.get<Job>(`/jobs/${jobId}`),
    enabled: jobId !== null,
    refetchInterval: (query) => {
      const s = query.state.data?.status;
      return s === "done" || s === "failed" ? false : 400;
    },
  });
  const finished = job.data?.status === "done";
  const { onImported } = props;
  useEffect(() => {
    if (finished) onImported();
  }, [finished, onImported]);
  const result = finished ? (job.data?.result as ReferenceImportResult) : null;
  const running = jobId !== null && !job.data?.status.match(/done|failed/);

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">Import CMS files</h2>
      <p className="small muted">
        PPRRVU, GPCI, county and ZIP files, NCCI PTP, MUE and add-on edits, ICD-10-CM, HCPCS, POS, CARC and
        RARC lists, or a zip of them, and policy figures files. An import is all or nothing.
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setJobId(null);
          start.mutate();
        }}
      >
        <label>
          Reference file
          <input
            type="file"
            accept=".zip,.csv,.txt,.xlsx,.xls,.json"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <label className="check-label">
          <input type="checkbox" checked={partial} onChange={(e) => setPartial(e.target.checked)} />
          Partial (the file holds some codes only)
        </label>
        <button type="submit" className="primary" disabled={!file || start.isPending || running}>
          Import
        </button>
      </form>
      {start.error && (
        <p role="alert" className="error-text">
          {start.error.message}
        </p>
      )}
      {job.data && (
        <div className="job">
          <label id={progressLabel} htmlFor={`${progressLabel}-bar`}>
            Import progress: {job.data.done} of {job.data.total}
          </label>
          <progress id={`${progressLabel}-bar`} max={job.data.total || 1} value={job.data.done} />
          <p role="status">
            {job.data.status === "queued" && "Waiting for a worker…"}
            {job.data.status === "running" && "Importing…"}
            {job.data.status === "done" && "Import done."}
          </p>
          {job.data.status === "failed" && (
            <p role="alert" className="error-text">
              The import failed: {job.data.error?.message ?? "no reason given"}
            </p>
          )}
          {result && (
            <ul className="small" data-testid="import-result">
              {result.imported.map((e) => (
                <li key={e.id}>
                  imported {e.table} {e.release}
                  {e.partial ? " as a partial edition" : ""} ({e.rows.toLocaleString("en-US")} rows)
                </li>
              ))}
              {result.unchanged.map((e) => (
                <li key={e.id}>
                  unchanged {e.table} {e.release}: the same rows are already loaded
                  {e.origin === "pack" ? " (in the bundled pack)" : ""}; nothing was stored
                </li>
              ))}
              {result.replaced.map((e) => (
                <li key={e.id}>
                  replaced {e.table} {e.release}
                </li>
              ))}
              {result.skipped.map((s) => (
                <li key={s.name}>
                  skipped {s.name}: {s.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
