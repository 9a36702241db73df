import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  type Row,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, type RefObject, useEffect, useMemo, useRef, useState } from "react";
import { type Api, download } from "../api.js";
import { Link } from "../router.js";
import { useSession } from "../session.js";
import type { ClaimSummary, SubmissionResult } from "../types.js";
import { BatchUpload } from "./BatchUpload.js";

export const claimStatuses = [
  "draft",
  "scrubbed",
  "ready",
  "submitted",
  "accepted",
  "rejected",
  "paid",
  "partially-paid",
  "denied",
  "corrected",
  "appealed",
  "closed",
];

interface Filters {
  status: string;
  payer: string;
  from: string;
  to: string;
  rule: string;
  patient: string;
}
const noFilters: Filters = { status: "", payer: "", from: "", to: "", rule: "", patient: "" };

/** Every claim matching the filters: GET /claims page by page (keyset cursor), up to `max` rows. */
export async function allClaims(
  api: Api,
  query: Record<string, string | undefined>,
  max = 10_000,
): Promise<ClaimSummary[]> {
  const rows: ClaimSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await claimPage(api, query, cursor);
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < max);
  return rows;
}

interface ClaimPageView {
  items: ClaimSummary[];
  nextCursor: string | null;
}

/** One page of GET /claims at the API's largest page size (fewer round trips for 10,000 rows). */
function claimPage(
  api: Api,
  query: Record<string, string | undefined>,
  cursor: string | undefined,
): Promise<ClaimPageView> {
  return api.get<ClaimPageView>("/claims", { ...query, limit: String(claimPageSize), cursor });
}
const claimPageSize = 1000;
/** The table holds at most this many rows; narrow the filters for more. */
const tableMax = 10_000;

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

const columns: ColumnDef<ClaimSummary>[] = [
  {
    accessorKey: "controlNumber",
    header: "Claim",
    cell: (c) => <Link to={`/claims/${c.row.original.id}`}>{c.row.original.controlNumber}</Link>,
  },
  { accessorKey: "dateOfService", header: "Date of service" },
  {
    accessorKey: "status",
    header: "Status",
    cell: (c) => <span className={`status s-${c.getValue()}`}>{String(c.getValue())}</span>,
  },
  { accessorKey: "payerId", header: "Payer" },
  { accessorKey: "currentVersion", header: "Version" },
  {
    accessorKey: "charge",
    header: "Charge",
    sortingFn: (a, b) => Number(a.original.charge) - Number(b.original.charge),
  },
  { accessorKey: "expected", header: "Expected", cell: (c) => c.getValue() ?? "—" },
  { accessorKey: "paid", header: "Paid" },
  { accessorKey: "paidDate", header: "Paid on", cell: (c) => c.getValue() ?? "—" },
];
const numeric = new Set(["charge", "expected", "paid", "currentVersion"]);
const csvColumns = [
  "id",
  "controlNumber",
  "dateOfService",
  "status",
  "payerId",
  "payerType",
  "currentVersion",
  "charge",
  "expected",
  "paid",
  "paidDate",
  "patientId",
  "updatedAt",
] as const;

/** Claims (issue 10, page 3): batch upload, filters, sorting, a virtualized table, CSV export and "Create 837". */
export function Claims() {
  const { api, practice } = useSession();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Filters>(noFilters);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [sorting, setSorting] = useState<SortingState>([]);
  const query = { ...filters, practiceId: practice?.id };
  // Page by page: the first rows show as soon as the first page arrives, the rest follow.
  const claims = useInfiniteQuery({
    queryKey: ["claims", query],
    queryFn: ({ pageParam }) => claimPage(api, query, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const data = useMemo(() => claims.data?.pages.flatMap((p) => p.items) ?? [], [claims.data]);
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = claims;
  useEffect(() => {
    // A page that failed is not asked for again in a loop: the error shows, the rows so far stay.
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError && data.length < tableMax)
      void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage, data.length]);
  const loadingMore = claims.isFetching || (hasNextPage && !isFetchNextPageError && data.length < tableMax);
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);

  const create837 = useMutation({
    mutationFn: async () => {
      const ready = await allClaims(api, { status: "ready", practiceId: practice?.id }, 5000);
      if (ready.length === 0) throw new Error("no claim is ready: move claims to ready first");
      const submission = await api.post<SubmissionResult>("/submissions", {
        claimIds: ready.map((c) => c.id),
      });
      const text = await api.get<string>(`/submissions/${submission.submissionId}/837`);
      download(`${submission.isa13}.837`, text);
      return submission;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["claims"] }),
  });

  function exportCsv() {
    const lines = [csvColumns.join(",")];
    for (const row of rows) lines.push(csvColumns.map((k) => csvCell(row.original[k])).join(","));
    download(`claims-${new Date().toISOString().slice(0, 10)}.csv`, `${lines.join("\n")}\n`, "text/csv");
  }

  const field = (key: keyof Filters, label: string, type = "text") => (
    <label>
      {label}
      <input type={type} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </label>
  );

  return (
    <div>
      <div className="page-head">
        <h1>Claims</h1>
        <div className="actions">
          <button type="button" onClick={exportCsv} disabled={rows.length === 0}>
            Export CSV
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => create837.mutate()}
            disabled={create837.isPending}
          >
            Create 837
          </button>
        </div>
      </div>
      {create837.error && (
        <p role="alert" className="error-text">
          {create837.error.message}
        </p>
      )}
      {create837.data && (
        <p role="status" className="ok-text">
          837 {create837.data.isa13} created with {create837.data.claims.length} claim(s), charge{" "}
          {create837.data.charge}; downloaded.
        </p>
      )}
      <BatchUpload />
      <form
        className="filters"
        aria-label="Filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <label>
          Status
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">any</option>
            {claimStatuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        {field("payer", "Payer")}
        {field("from", "From", "date")}
        {field("to", "To", "date")}
        {field("rule", "Rule")}
        {field("patient", "Patient (id or member id)")}
        <button type="submit">Apply filters</button>
        <button
          type="button"
          onClick={() => {
            setDraft(noFilters);
            setFilters(noFilters);
          }}
        >
          Clear
        </button>
      </form>
      <p className="muted small" role="status">
        {claims.error
          ? claims.error.message
          : loadingMore
            ? `Loading claims… ${rows.length} so far`
            : `${rows.length} claim${rows.length === 1 ? "" : "s"}${hasNextPage ? ` (the first ${tableMax}: narrow the filters for the rest)` : ""}`}
      </p>
      <div className="table-scroll" ref={scroller}>
        <table className="grid claims-table">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                    >
                      <button
                        type="button"
                        className="sort"
                        onClick={header.column.getToggleSortingHandler()}
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden="true">
                          {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <ClaimRows rows={rows} scroller={scroller} />
        </table>
      </div>
    </div>
  );
}

const rowHeight = 37;

/**
 * The virtualized body of the claims table. It is its own component so that a scroll re-renders
 * only the rows, not the filters and the header above them, and each row is memoized so that
 * rows still in view are not rendered again.
 */
const ClaimRows = memo(function ClaimRows(props: {
  rows: Row<ClaimSummary>[];
  scroller: RefObject<HTMLDivElement | null>;
}) {
  const { rows, scroller } = props;
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    // A few rows beyond the view: a fling replaces every row each frame, so each extra row costs.
    overscan: 4,
  });
  const items = virtual.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtual.getTotalSize() - items[items.length - 1]!.end : 0;
  return (
    <tbody>
      {padTop > 0 && (
        <tr className="spacer">
          <td colSpan={columns.length} style={{ height: padTop, padding: 0, border: 0 }} />
        </tr>
      )}
      {items.map((item) => (
        <ClaimRow key={rows[item.index]!.id} row={rows[item.index]!} index={item.index} />
      ))}
      {padBottom > 0 && (
        <tr className="spacer">
          <td colSpan={columns.length} style={{ height: padBottom, padding: 0, border: 0 }} />
        </tr>
      )}
    </tbody>
  );
});

const ClaimRow = memo(function ClaimRow(props: { row: Row<ClaimSummary>; index: number }) {
  const { row, index } = props;
  return (
    <tr data-index={index} style={{ height: rowHeight }}>
      {row.getVisibleCells().map((cell) => (
        <td key={cell.id} className={numeric.has(cell.column.id) ? "num" : undefined}>
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </td>
      ))}
    </tr>
  );
});
