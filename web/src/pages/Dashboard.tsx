import { useQuery } from "@tanstack/react-query";
import { type ReactElement, type ReactNode, useMemo, useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Api } from "../api.js";
import { useSession } from "../session.js";
import type { ClaimSummary, WorklistItem } from "../types.js";
import { allClaims } from "./Claims.js";

/** Money strings ("12.34", "-5.00") as integer cents, never through floats. */
export function cents(text: string | null | undefined): number {
  if (!text) return 0;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return 0;
  const value = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -value : value;
}
export function money(value: number): string {
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  // Whole dollars grouped by thousands (12,480.00): a sum over a practice's claims runs large.
  return `${sign}${Math.floor(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
}

const adjudicated = new Set(["paid", "partially-paid", "denied", "appealed", "corrected"]);
const receivable = new Set(["submitted", "accepted", "partially-paid", "denied", "appealed"]);
const agingBuckets = ["0–30", "31–60", "61–90", "91–120", "120+"] as const;

function daysBetween(from: string, to: Date): number {
  const start = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)));
  return Math.floor((Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate()) - start) / 86_400_000);
}
function bucketOf(days: number): (typeof agingBuckets)[number] {
  if (days <= 30) return "0–30";
  if (days <= 60) return "31–60";
  if (days <= 90) return "61–90";
  if (days <= 120) return "91–120";
  return "120+";
}

/** GET /therapy-spending (src/app/dashboard.ts): the thresholds come from the policy table, never from here. */
interface SpendingList {
  year: number;
  kxThreshold: { amount: string; verified: boolean } | null;
  reviewThreshold: { amount: string; verified: boolean } | null;
  atLeastPercent: number;
  patientsWithSpending: number;
  items: Array<{
    patientId: string;
    patient: { id?: string; firstName?: string; lastName?: string };
    ptSlp: string;
    ot: string;
    ptSlpPercent: number | null;
    otPercent: number | null;
    pastKx: { ptSlp: boolean; ot: boolean };
    pastReview: { ptSlp: boolean; ot: boolean };
  }>;
}
/** GET /plans-of-care/expiring. */
interface ExpiringPlans {
  today: string;
  through: string;
  items: Array<{
    patientId: string;
    patient: { id?: string; firstName?: string; lastName?: string };
    discipline: string;
    certifiedFrom: string;
    certifiedThrough: string;
    daysLeft: number;
    lastVisit: { externalId: string | null; dateOfService: string };
  }>;
}
const nameOf = (p: { id?: string; firstName?: string; lastName?: string }) =>
  [[p.lastName, p.firstName].filter(Boolean).join(", "), p.id ? `(${p.id})` : ""].filter(Boolean).join(" ") ||
  "unnamed";

/** Median of whole numbers: the middle one, or the mean of the two middle ones, to one decimal. */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

function daysFromTo(from: string, to: string): number {
  return daysBetween(from, new Date(`${to}T00:00:00Z`));
}

async function allDenials(api: Api, practiceId: string | undefined): Promise<WorklistItem[]> {
  const items: WorklistItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<{ items: WorklistItem[]; nextCursor: string | null }>("/worklist", {
      practiceId,
      kind: "denial",
      limit: "500",
      cursor,
    });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < 20_000);
  return items;
}

function countBy<T>(items: T[], key: (item: T) => string | null | undefined) {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item) || "none";
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count);
}

/** A chart with its numbers as a table (the table is what screen readers and tests read). */
function Figure(props: {
  title: string;
  rows: Array<Record<string, string | number>>;
  columns: Array<{ key: string; label: string }>;
  chart: ReactNode;
}) {
  return (
    <section className="card figure" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.rows.length === 0 ? (
        <p className="muted">No data in this range.</p>
      ) : (
        <>
          <div className="chart" aria-hidden="true">
            <ResponsiveContainer width="100%" height={220}>
              {props.chart as ReactElement}
            </ResponsiveContainer>
          </div>
          <table className="grid small">
            <caption className="sr-only">{props.title}</caption>
            <thead>
              <tr>
                {props.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr key={String(row[props.columns[0]!.key])}>
                  {props.columns.map((c) => (
                    <td key={c.key}>{row[c.key]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** Dashboard (issue 10, page 5): per practice or all of them, over a range of dates of service. */
export function Dashboard() {
  const { api, practice, practices } = useSession();
  const [scope, setScope] = useState<"practice" | "all">("practice");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const practiceId = scope === "all" ? undefined : practice?.id;
  const claims = useQuery({
    queryKey: ["dashboard-claims", practiceId, from, to],
    // A dashboard shows the figures as of now: read again each time it opens.
    refetchOnMount: "always",
    queryFn: () => allClaims(api, { practiceId, from: from || undefined, to: to || undefined }, 20_000),
  });
  const denials = useQuery({
    queryKey: ["dashboard-denials", practiceId],
    refetchOnMount: "always",
    queryFn: () => allDenials(api, practiceId),
  });
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const spending = useQuery({
    queryKey: ["dashboard-spending", practiceId, year],
    refetchOnMount: "always",
    queryFn: () => api.get<SpendingList>("/therapy-spending", { practiceId, year }),
    enabled: /^\d{4}$/.test(year),
  });
  const plans = useQuery({
    queryKey: ["dashboard-plans", practiceId],
    refetchOnMount: "always",
    queryFn: () => api.get<ExpiringPlans>("/plans-of-care/expiring", { practiceId, days: "14" }),
  });

  const figures = useMemo(() => {
    const list: ClaimSummary[] = claims.data ?? [];
    const byId = new Map(list.map((c) => [c.id, c]));
    // Denials of the claims in range (the worklist item's claim gives the payer and the date).
    const denied = (denials.data ?? []).filter((d) => d.claimId && byId.has(d.claimId));
    const months = new Map<
      string,
      { month: string; adjudicated: number; firstPass: number; expected: number; paid: number }
    >();
    for (const c of list) {
      if (!adjudicated.has(c.status)) continue;
      const month = c.dateOfService.slice(0, 7);
      const m = months.get(month) ?? { month, adjudicated: 0, firstPass: 0, expected: 0, paid: 0 };
      m.adjudicated += 1;
      if (c.status === "paid" && c.currentVersion === 1) m.firstPass += 1;
      m.expected += cents(c.expected);
      m.paid += cents(c.paid);
      months.set(month, m);
    }
    const monthly = [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
    // Aged as of the server's today (what the plans-of-care list answers with), not this browser's clock.
    const serverToday = plans.data?.today;
    const today = serverToday ? new Date(`${serverToday}T00:00:00Z`) : new Date();
    const aging = agingBuckets.map((bucket) => ({ bucket, claims: 0, balance: 0 }));
    for (const c of list) {
      if (!receivable.has(c.status)) continue;
      const owed = (c.expected !== null ? cents(c.expected) : cents(c.charge)) - cents(c.paid);
      if (owed <= 0) continue;
      const row = aging.find((a) => a.bucket === bucketOf(daysBetween(c.dateOfService, today)))!;
      row.claims += 1;
      row.balance += owed;
    }
    // Days from service to the first payment, by month of service.
    const paidMonths = new Map<string, number[]>();
    for (const c of list) {
      if (!c.paidDate) continue;
      const month = c.dateOfService.slice(0, 7);
      const days = paidMonths.get(month) ?? [];
      days.push(daysFromTo(c.dateOfService, c.paidDate));
      paidMonths.set(month, days);
    }
    const toPayment = [...paidMonths.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, days]) => ({
        month,
        claims: days.length,
        average: Math.round((days.reduce((sum, d) => sum + d, 0) / days.length) * 10) / 10,
        median: median(days),
      }));
    return {
      toPayment,
      claimCount: list.length,
      deniedCount: denied.length,
      firstPass: monthly.map((m) => ({
        month: m.month,
        rate: Math.round((m.firstPass / m.adjudicated) * 1000) / 10,
        label: `${m.firstPass} of ${m.adjudicated}`,
      })),
      expectedPaid: monthly.map((m) => ({
        month: m.month,
        expected: m.expected / 100,
        paid: m.paid / 100,
        expectedText: money(m.expected),
        paidText: money(m.paid),
      })),
      byCarc: countBy(denied, (d) => d.carc),
      byRule: countBy(denied, (d) => d.rule),
      byPayer: countBy(denied, (d) => (d.claimId ? byId.get(d.claimId)?.payerId : null)),
      byCode: countBy(denied, (d) => (d.item as { code?: string | null }).code),
      aging: aging.map((a) => ({ ...a, amount: a.balance / 100, balanceText: money(a.balance) })),
    };
  }, [claims.data, denials.data, plans.data?.today]);

  const bar = (rows: Array<{ name: string; count: number }>) => (
    <BarChart accessibilityLayer={false} data={rows}>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="name" />
      <YAxis allowDecimals={false} />
      <Tooltip />
      <Bar dataKey="count" fill="#1d4ed8" />
    </BarChart>
  );
  const countColumns = [
    { key: "name", label: "Value" },
    { key: "count", label: "Denied lines" },
  ];

  return (
    <div>
      <h1>Dashboard</h1>
      <form className="filters" aria-label="Dashboard range" onSubmit={(e) => e.preventDefault()}>
        <label>
          Practices
          <select value={scope} onChange={(e) => setScope(e.target.value as "practice" | "all")}>
            <option value="practice">{practice?.name ?? "This practice"}</option>
            <option value="all">All {practices.length} practices</option>
          </select>
        </label>
        <label>
          Service from
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          Service to
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          Therapy spending year
          <input type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(e.target.value)} />
        </label>
      </form>
      <p className="muted small" role="status">
        {claims.isFetching || denials.isFetching
          ? "Loading…"
          : `${figures.claimCount} claim${figures.claimCount === 1 ? "" : "s"}, ${figures.deniedCount} denied line${figures.deniedCount === 1 ? "" : "s"}`}
      </p>
      <div className="figures">
        <Figure
          title="Clean-claim (first-pass) rate"
          rows={figures.firstPass}
          columns={[
            { key: "month", label: "Month of service" },
            { key: "rate", label: "Rate %" },
            { key: "label", label: "Paid in full on the first version, of adjudicated" },
          ]}
          chart={
            <LineChart accessibilityLayer={false} data={figures.firstPass}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" />
              <YAxis domain={[0, 100]} unit="%" />
              <Tooltip />
              <Line dataKey="rate" stroke="#1d4ed8" />
            </LineChart>
          }
        />
        <Figure
          title="Expected versus paid"
          rows={figures.expectedPaid}
          columns={[
            { key: "month", label: "Month of service" },
            { key: "expectedText", label: "Expected" },
            { key: "paidText", label: "Paid" },
          ]}
          chart={
            <BarChart accessibilityLayer={false} data={figures.expectedPaid}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" />
              <YAxis />
              <Tooltip />
              <Legend />
              <Bar dataKey="expected" name="Expected" fill="#64748b" />
              <Bar dataKey="paid" name="Paid" fill="#1e6b34" />
            </BarChart>
          }
        />
        <Figure
          title="A/R aging"
          rows={figures.aging}
          columns={[
            { key: "bucket", label: "Days since service" },
            { key: "claims", label: "Claims" },
            { key: "balanceText", label: "Balance" },
          ]}
          chart={
            <BarChart accessibilityLayer={false} data={figures.aging}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="bucket" />
              <YAxis />
              <Tooltip />
              <Bar dataKey="amount" name="Balance" fill="#8a5300" />
            </BarChart>
          }
        />
        <Figure
          title="Days from service to payment"
          rows={figures.toPayment}
          columns={[
            { key: "month", label: "Month of service" },
            { key: "claims", label: "Claims paid" },
            { key: "average", label: "Average days" },
            { key: "median", label: "Median days" },
          ]}
          chart={
            <LineChart accessibilityLayer={false} data={figures.toPayment}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" />
              <YAxis allowDecimals={false} unit=" d" />
              <Tooltip />
              <Legend />
              <Line dataKey="average" name="Average" stroke="#1d4ed8" />
              <Line dataKey="median" name="Median" stroke="#8a5300" />
            </LineChart>
          }
        />
        <Figure
          title="Denials by CARC"
          rows={figures.byCarc}
          columns={countColumns}
          chart={bar(figures.byCarc)}
        />
        <Figure
          title="Denials by rule"
          rows={figures.byRule}
          columns={countColumns}
          chart={bar(figures.byRule)}
        />
        <Figure
          title="Denials by payer"
          rows={figures.byPayer}
          columns={countColumns}
          chart={bar(figures.byPayer)}
        />
        <Figure
          title="Denials by code"
          rows={figures.byCode}
          columns={countColumns}
          chart={bar(figures.byCode)}
        />
      </div>
      <div className="figures">
        <SpendingSection data={spending.data} error={spending.error} />
        <PlansSection data={plans.data} error={plans.error} />
      </div>
    </div>
  );
}

/** Patients near the KX threshold (or past it) and past the targeted medical review threshold. */
function SpendingSection(props: { data: SpendingList | undefined; error: Error | null }) {
  const d = props.data;
  const title = "Patients near the therapy thresholds";
  const mark = (percent: number | null, past: boolean, review: boolean) =>
    `${percent === null ? "" : `${percent}%`}${review ? ", past review" : past ? ", past KX" : ""}`;
  return (
    <section className="card figure" aria-label={title}>
      <h2>{title}</h2>
      {props.error ? (
        <p className="error-text">{props.error.message}</p>
      ) : !d ? (
        <p className="muted">Loading…</p>
      ) : !d.kxThreshold ? (
        <p className="muted">The policy figures give no KX threshold for {d.year}.</p>
      ) : (
        <>
          <p className="small">
            {d.year} Medicare KX threshold {d.kxThreshold.amount} for PT and SLP together and for OT apart
            {d.reviewThreshold ? `; targeted medical review past ${d.reviewThreshold.amount}` : ""}
            {d.kxThreshold.verified ? "" : " (figure not yet verified against CMS)"}. Listed: at or above{" "}
            {d.atLeastPercent}% of the KX threshold, of {d.patientsWithSpending} patient
            {d.patientsWithSpending === 1 ? "" : "s"} with spending.
          </p>
          {d.items.length === 0 ? (
            <p className="muted">No patient is near a threshold.</p>
          ) : (
            <table className="grid small">
              <caption className="sr-only">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">Patient</th>
                  <th scope="col">PT + SLP</th>
                  <th scope="col">of KX</th>
                  <th scope="col">OT</th>
                  <th scope="col">of KX</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((p) => (
                  <tr key={p.patientId}>
                    <td>{nameOf(p.patient)}</td>
                    <td className="num">{p.ptSlp}</td>
                    <td>{mark(p.ptSlpPercent, p.pastKx.ptSlp, p.pastReview.ptSlp)}</td>
                    <td className="num">{p.ot}</td>
                    <td>{mark(p.otPercent, p.pastKx.ot, p.pastReview.ot)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

/** Plans of care whose certification ends in the next 14 days (a recertified plan is not listed). */
function PlansSection(props: { data: ExpiringPlans | undefined; error: Error | null }) {
  const d = props.data;
  const title = "Plans of care expiring in the next 14 days";
  return (
    <section className="card figure" aria-label={title}>
      <h2>{title}</h2>
      {props.error ? (
        <p className="error-text">{props.error.message}</p>
      ) : !d ? (
        <p className="muted">Loading…</p>
      ) : d.items.length === 0 ? (
        <p className="muted">
          No plan of care ends from {d.today} through {d.through}.
        </p>
      ) : (
        <table className="grid small">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Discipline</th>
              <th scope="col">Certified through</th>
              <th scope="col">Days left</th>
              <th scope="col">Last visit</th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((p) => (
              <tr key={`${p.patientId}:${p.discipline}`}>
                <td>{nameOf(p.patient)}</td>
                <td>{p.discipline}</td>
                <td>{p.certifiedThrough}</td>
                <td className="num">{p.daysLeft}</td>
                <td>
                  {p.lastVisit.externalId ?? ""} {p.lastVisit.dateOfService}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
