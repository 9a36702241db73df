import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useState } from "react";
import { ApiError } from "../api.js";
import { Link } from "../router.js";
import { useSession } from "../session.js";
import type { CheckResult, Finding, PatchOp, StoredVisit } from "../types.js";
import { EstimateView, FindingsView, LinesView } from "../views.js";

const payerTypes = [
  "medicare",
  "medicare-advantage",
  "medicaid",
  "commercial",
  "workers-comp",
  "auto",
  "self-pay",
];
const credentials = ["PT", "PTA", "OT", "OTA", "SLP", "DC", "MD", "DO", "NP", "PA"];
const disciplines = ["PT", "OT", "SLP"];
const distinctModifiers = ["XE", "XS", "XP", "XU", "59"];
const regions = [
  "cervical",
  "thoracic",
  "lumbar",
  "sacral",
  "pelvic",
  "head",
  "rib-cage",
  "abdomen",
  "upper-extremity",
  "lower-extremity",
];

interface ServiceRow {
  key: string;
  code: string;
  minutes: string;
  assistantMinutes: string;
  region: string;
  distinct: string;
  /** Modifiers given by hand or by an applied fix (the coder adds GP/GO/GN, CQ/CO, KX itself). */
  modifiers: string[];
  diagnosisPointers: number[] | null;
  /** The note of an "Attest" on this service: recorded with the stored claim on "Save claim". */
  attestNote?: string;
}

interface Form {
  id: string;
  dateOfService: string;
  placeOfService: string;
  patient: {
    firstName: string;
    lastName: string;
    birthDate: string;
    sex: string;
    memberId: string;
    address: string;
    city: string;
    state: string;
    zip: string;
  };
  payer: { id: string; name: string; type: string };
  /** Workers' comp and auto: the injury (CLM11, DTP*439, CLM11-4), REF*Y4 and the employer. */
  injury: { date: string; state: string; claimNumber: string; employer: string; benefitUsed: string };
  billing: { npi: string; taxId: string; name: string; zip: string; locality: string };
  /** Where the services were furnished, when not at the billing address (2310C); its ZIP prices the visit. */
  facility: { name: string; address: string; city: string; state: string; zip: string };
  /** The practice's billing provider as stored (address, city, state), under the fields edited here. */
  billingRest: Record<string, string>;
  rendering: { npi: string; credential: string; participating: boolean };
  /** The practice's rendering provider's names, when the NPI is the practice's. */
  renderingNames: { npi: string; firstName?: string; lastName?: string } | null;
  plan: { discipline: string; certifiedFrom: string; certifiedThrough: string };
  diagnoses: string[];
  services: ServiceRow[];
}

interface PracticeView {
  settings: {
    billingProvider?: {
      npi: string;
      taxId?: string;
      name?: string;
      zip?: string;
      locality?: string;
      [field: string]: string | undefined;
    };
    locality?: string;
    charges?: Record<string, string>;
    serviceFacilities?: Array<{
      name: string;
      address?: string;
      city?: string;
      state?: string;
      zip?: string;
    }>;
    renderingProviders?: Array<{
      npi: string;
      credential: string;
      participating?: boolean;
      firstName?: string;
      lastName?: string;
    }>;
  };
}

function emptyRow(): ServiceRow {
  return {
    key: `${Date.now()}-${Math.random()}`,
    code: "",
    minutes: "",
    assistantMinutes: "",
    region: "",
    distinct: "",
    modifiers: [],
    diagnosisPointers: null,
  };
}

function newForm(): Form {
  return {
    id: `V-${Date.now().toString(36).toUpperCase()}`,
    dateOfService: new Date().toISOString().slice(0, 10),
    placeOfService: "11",
    patient: {
      firstName: "",
      lastName: "",
      birthDate: "",
      sex: "",
      memberId: "",
      address: "",
      city: "",
      state: "",
      zip: "",
    },
    payer: { id: "", name: "", type: "medicare" },
    injury: { date: "", state: "", claimNumber: "", employer: "", benefitUsed: "" },
    billing: { npi: "", taxId: "", name: "", zip: "", locality: "" },
    facility: { name: "", address: "", city: "", state: "", zip: "" },
    billingRest: {},
    rendering: { npi: "", credential: "PT", participating: true },
    renderingNames: null,
    plan: { discipline: "", certifiedFrom: "", certifiedThrough: "" },
    diagnoses: [],
    services: [emptyRow()],
  };
}

const text = (v: string) => (v.trim() === "" ? undefined : v.trim());
const int = (v: string) => (v.trim() === "" ? undefined : Number(v));

/** The related cause a workers' comp (EM) or auto (AA) payer expects in CLM11; none for the others. */
const injuryCause = (payerType: string): string | undefined =>
  payerType === "workers-comp" ? "EM" : payerType === "auto" ? "AA" : undefined;

/** The injury fields of the visit for a workers' comp or auto payer (docs/x12.md); none for others. */
function injuryOf(form: Form): Record<string, unknown> {
  const cause = injuryCause(form.payer.type);
  if (cause === undefined) return {};
  const { date, state, claimNumber, employer, benefitUsed } = form.injury;
  const out: Record<string, unknown> = {};
  // An auto accident is sent with its state (CLM11-4); until both are entered, claim-structure says what is missing.
  if (text(date) && (cause === "EM" || text(state)))
    out.accident = { causes: [cause], date: text(date), state: text(state)?.toUpperCase() };
  if (text(claimNumber)) out.propertyCasualtyClaimNumber = text(claimNumber);
  if (form.payer.type === "workers-comp" && text(employer)) out.employer = { name: text(employer) };
  // The server validates the amount and names the field when it is not money ("9900.00").
  if (text(benefitUsed)) out.benefitUsed = text(benefitUsed);
  return out;
}

/** The service facility (2310C) when any of its fields is entered; the server names what is missing. */
function facilityOf(form: Form): Record<string, unknown> {
  const entered = Object.fromEntries(
    Object.entries(form.facility)
      .filter(([, v]) => v.trim() !== "")
      .map(([k, v]) => [k, k === "state" ? v.trim().toUpperCase() : v.trim()]),
  );
  if (Object.keys(entered).length === 0) return {};
  return { serviceFacility: { name: "", ...entered } };
}

/** The visit document (contract §1) the form describes; silent fields are left out. */
function visitOf(form: Form, charges: Record<string, string> | undefined): Record<string, unknown> {
  const patient = Object.fromEntries(Object.entries(form.patient).filter(([, v]) => v.trim() !== ""));
  return {
    id: form.id.trim(),
    dateOfService: form.dateOfService,
    patient,
    payer: { id: form.payer.id.trim(), name: text(form.payer.name), type: form.payer.type },
    placeOfService: form.placeOfService,
    billingProvider: {
      ...form.billingRest,
      npi: form.billing.npi.trim(),
      taxId: text(form.billing.taxId),
      name: text(form.billing.name),
      zip: text(form.billing.zip),
      locality: text(form.billing.locality),
    },
    ...facilityOf(form),
    renderingProvider: {
      ...(form.renderingNames && form.renderingNames.npi === form.rendering.npi.trim()
        ? { firstName: form.renderingNames.firstName, lastName: form.renderingNames.lastName }
        : {}),
      npi: text(form.rendering.npi),
      credential: form.rendering.credential,
      participating: form.rendering.participating,
    },
    planOfCare: form.plan.discipline
      ? {
          discipline: form.plan.discipline,
          certifiedFrom: form.plan.certifiedFrom,
          certifiedThrough: form.plan.certifiedThrough,
        }
      : null,
    diagnoses: form.diagnoses,
    services: form.services
      .filter((s) => s.code.trim() !== "")
      .map((s) => ({
        code: s.code.trim(),
        minutes: int(s.minutes),
        assistantMinutes: int(s.assistantMinutes),
        region: text(s.region),
        distinct: text(s.distinct),
        modifiers: s.modifiers.length ? s.modifiers : undefined,
        diagnosisPointers: s.diagnosisPointers ?? undefined,
      })),
    ...injuryOf(form),
    ...(charges && Object.keys(charges).length ? { charges } : {}),
  };
}

/** Which form row a claim line came from: the coder keeps the services' order, so match codes in turn. */
function rowOfLine(form: Form, result: CheckResult, line: number): number {
  const code = result.claim.lines[line]?.code;
  let seen = 0;
  for (let i = 0; i < line; i += 1) if (result.claim.lines[i]?.code === code) seen += 1;
  const rows = form.services
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.code.trim() !== "" && s.code.trim() === code);
  return rows[seen]?.i ?? -1;
}

/**
 * A fix's patch applied to the form's visit (then the check re-runs). Units are the coder's to
 * set from minutes, so set-units and split-line cannot be carried to a visit: those fixes are
 * applied to the stored claim (claim page, "Apply safe fixes").
 */
function applyPatch(form: Form, result: CheckResult, patch: PatchOp[]): Form | null {
  const services = form.services.map((s) => ({ ...s, modifiers: [...s.modifiers] }));
  const removed: number[] = [];
  for (const op of patch) {
    const row = rowOfLine(form, result, op.line);
    const service = services[row];
    if (!service) return null;
    switch (op.op) {
      case "add-modifier":
        if (distinctModifiers.includes(op.modifier)) service.distinct = op.modifier;
        else if (!service.modifiers.includes(op.modifier)) service.modifiers.push(op.modifier);
        break;
      case "remove-modifier":
        if (service.distinct === op.modifier) service.distinct = "";
        service.modifiers = service.modifiers.filter((m) => m !== op.modifier);
        break;
      case "replace-code":
        service.code = op.code;
        break;
      case "remove-line":
        removed.push(row);
        break;
      case "set-pointers":
        service.diagnosisPointers = op.pointers;
        break;
      default:
        return null;
    }
  }
  return { ...form, services: services.filter((_, i) => !removed.includes(i)) };
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Check a visit (issue 10, page 2): POST /api/v1/check as the user types; "Save claim" stores it. */
export function CheckVisit() {
  const { api, practice } = useSession();
  const [form, setForm] = useState<Form>(newForm);
  const [newDiagnosis, setNewDiagnosis] = useState("");
  const ids = useId();

  const practiceView = useQuery({
    queryKey: ["practice", practice?.id],
    queryFn: () => api.get<PracticeView>(`/practices/${practice!.id}`),
    enabled: Boolean(practice),
  });
  const settings = practiceView.data?.settings;
  // Prefill the billing and rendering providers from the practice's settings.
  useEffect(() => {
    if (!settings) return;
    setForm((f) => ({
      ...f,
      billing: settings.billingProvider
        ? {
            npi: settings.billingProvider.npi,
            taxId: settings.billingProvider.taxId ?? "",
            name: settings.billingProvider.name ?? "",
            zip: settings.billingProvider.zip ?? "",
            locality: settings.billingProvider.locality ?? settings.locality ?? "",
          }
        : f.billing,
      billingRest: Object.fromEntries(
        Object.entries(settings.billingProvider ?? {}).filter(
          (e): e is [string, string] =>
            typeof e[1] === "string" && ["address", "city", "state"].includes(e[0]),
        ),
      ),
      renderingNames: settings.renderingProviders?.[0] ?? null,
      rendering:
        settings.renderingProviders?.length === 1 && f.rendering.npi === ""
          ? {
              npi: settings.renderingProviders[0]!.npi,
              credential: settings.renderingProviders[0]!.credential,
              participating: settings.renderingProviders[0]!.participating ?? true,
            }
          : f.rendering,
    }));
  }, [settings]);

  const visit = useMemo(() => visitOf(form, settings?.charges), [form, settings?.charges]);
  const body = useDebounced(JSON.stringify(visit), 250);
  const ready = form.services.some((s) => s.code.trim() !== "") && form.payer.id.trim() !== "";
  const check = useQuery({
    queryKey: ["check", body],
    queryFn: () => api.request<CheckResult>("POST", "/check", { body: JSON.parse(body) }),
    enabled: ready,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const result = ready && !check.isError ? check.data : undefined;

  const [attesting, setAttesting] = useState<{ line: number; value: string; note: string } | null>(null);
  const save = useMutation({
    mutationFn: async () => {
      const stored = await api.post<StoredVisit>("/visits", visit, { practiceId: practice?.id });
      // Attestations made here are recorded on the stored claim, with their notes (POST /claims/:id/attest).
      for (const row of form.services) {
        if (!row.attestNote || !row.distinct) continue;
        const line = stored.claim.lines.findIndex(
          (l) => l.code === row.code.trim() && l.distinct === row.distinct,
        );
        if (line >= 0)
          await api.post(`/claims/${stored.claimId}/attest`, {
            kind: "distinct",
            line,
            value: row.distinct,
            note: row.attestNote,
          });
      }
      return stored;
    },
  });

  function attestForm(finding: Finding) {
    if (finding.rule !== "ncci-ptp" || finding.lines.length < 2 || !result) return null;
    const line = finding.lines[finding.lines.length - 1]!;
    if (attesting?.line !== line)
      return (
        <button type="button" onClick={() => setAttesting({ line, value: "XS", note: "" })}>
          Attest
        </button>
      );
    const row = rowOfLine(form, result, line);
    return (
      // biome-ignore lint/a11y/useSemanticElements: a group inside the finding, not a form of its own
      <div className="attest row end" role="group" aria-label="Attestation">
        <label>
          Distinct modifier
          <select
            value={attesting.value}
            onChange={(e) => setAttesting({ ...attesting, value: e.target.value })}
          >
            {distinctModifiers.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label className="grow">
          Attestation note
          <input
            value={attesting.note}
            onChange={(e) => setAttesting({ ...attesting, note: e.target.value })}
          />
        </label>
        <button
          type="button"
          className="primary"
          disabled={!attesting.note.trim() || row < 0}
          onClick={() => {
            setRow(row, { distinct: attesting.value, attestNote: attesting.note.trim() });
            setAttesting(null);
          }}
        >
          Confirm attestation
        </button>
        <button type="button" onClick={() => setAttesting(null)}>
          Cancel
        </button>
      </div>
    );
  }

  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const setRow = (i: number, patch: Partial<ServiceRow>) =>
    setForm((f) => ({ ...f, services: f.services.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));

  const diagnosisFindings = (k: number) =>
    (result?.findings ?? []).filter((f) => f.location === `$.diagnoses[${k}]`);

  function addDiagnosis() {
    const code = newDiagnosis.trim().toUpperCase();
    if (code && !form.diagnoses.includes(code) && form.diagnoses.length < 12)
      set({ diagnoses: [...form.diagnoses, code] });
    setNewDiagnosis("");
  }

  function fixAction(finding: Finding) {
    if (!finding.fix || !result) return null;
    const next = applyPatch(form, result, finding.fix.patch);
    if (!next) return { label: "Apply fix", disabled: "save the claim, then apply it on the claim's page" };
    return { label: "Apply fix", run: () => setForm(next) };
  }

  const problem = check.error instanceof ApiError ? check.error : null;

  return (
    <div className="check">
      <h1>Check a visit</h1>
      <div className="check-grid">
        <form className="visit-form" onSubmit={(e) => e.preventDefault()} aria-label="Visit">
          <fieldset>
            <legend>Visit</legend>
            <div className="row">
              <label>
                Visit id
                <input value={form.id} onChange={(e) => set({ id: e.target.value })} required />
              </label>
              <label>
                Date of service
                <input
                  type="date"
                  value={form.dateOfService}
                  onChange={(e) => set({ dateOfService: e.target.value })}
                  required
                />
              </label>
              <label>
                Place of service
                <input
                  value={form.placeOfService}
                  inputMode="numeric"
                  maxLength={2}
                  onChange={(e) => set({ placeOfService: e.target.value })}
                />
              </label>
            </div>
          </fieldset>
          <fieldset>
            <legend>Patient</legend>
            <div className="row">
              <label>
                First name
                <input
                  value={form.patient.firstName}
                  onChange={(e) => set({ patient: { ...form.patient, firstName: e.target.value } })}
                />
              </label>
              <label>
                Last name
                <input
                  value={form.patient.lastName}
                  onChange={(e) => set({ patient: { ...form.patient, lastName: e.target.value } })}
                />
              </label>
            </div>
            <div className="row">
              <label>
                Birth date
                <input
                  type="date"
                  value={form.patient.birthDate}
                  onChange={(e) => set({ patient: { ...form.patient, birthDate: e.target.value } })}
                />
              </label>
              <label>
                Sex
                <select
                  value={form.patient.sex}
                  onChange={(e) => set({ patient: { ...form.patient, sex: e.target.value } })}
                >
                  <option value="">—</option>
                  <option value="F">F</option>
                  <option value="M">M</option>
                  <option value="U">U</option>
                </select>
              </label>
              <label>
                Member id
                <input
                  value={form.patient.memberId}
                  onChange={(e) => set({ patient: { ...form.patient, memberId: e.target.value } })}
                />
              </label>
            </div>
            <div className="row">
              <label className="grow">
                Address
                <input
                  value={form.patient.address}
                  autoComplete="off"
                  onChange={(e) => set({ patient: { ...form.patient, address: e.target.value } })}
                />
              </label>
              <label>
                City
                <input
                  value={form.patient.city}
                  onChange={(e) => set({ patient: { ...form.patient, city: e.target.value } })}
                />
              </label>
              <label>
                State
                <input
                  value={form.patient.state}
                  maxLength={2}
                  onChange={(e) => set({ patient: { ...form.patient, state: e.target.value.toUpperCase() } })}
                />
              </label>
              <label>
                ZIP
                <input
                  value={form.patient.zip}
                  inputMode="numeric"
                  onChange={(e) => set({ patient: { ...form.patient, zip: e.target.value } })}
                />
              </label>
            </div>
          </fieldset>
          <fieldset>
            <legend>Payer</legend>
            <div className="row">
              <label>
                Payer id
                <input
                  value={form.payer.id}
                  onChange={(e) => set({ payer: { ...form.payer, id: e.target.value } })}
                />
              </label>
              <label>
                Payer name
                <input
                  value={form.payer.name}
                  onChange={(e) => set({ payer: { ...form.payer, name: e.target.value } })}
                />
              </label>
              <label>
                Payer type
                <select
                  value={form.payer.type}
                  onChange={(e) => set({ payer: { ...form.payer, type: e.target.value } })}
                >
                  {payerTypes.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </label>
            </div>
            {injuryCause(form.payer.type) && (
              <div className="row">
                <label>
                  {form.payer.type === "auto" ? "Accident date" : "Date of injury"}
                  <input
                    type="date"
                    value={form.injury.date}
                    onChange={(e) => set({ injury: { ...form.injury, date: e.target.value } })}
                  />
                </label>
                {/* Auto: CLM11-4. Workers' comp: not sent, but it chooses the state's fee schedule profile. */}
                <label>
                  {form.payer.type === "auto" ? "Accident state" : "State of injury"}
                  <input
                    value={form.injury.state}
                    maxLength={2}
                    onChange={(e) => set({ injury: { ...form.injury, state: e.target.value } })}
                  />
                </label>
                <label>
                  Insurer's claim number
                  <input
                    value={form.injury.claimNumber}
                    onChange={(e) => set({ injury: { ...form.injury, claimNumber: e.target.value } })}
                  />
                </label>
                {form.payer.type === "workers-comp" && (
                  <label>
                    Employer
                    <input
                      value={form.injury.employer}
                      onChange={(e) => set({ injury: { ...form.injury, employer: e.target.value } })}
                    />
                  </label>
                )}
                <label>
                  Benefit already paid
                  <input
                    value={form.injury.benefitUsed}
                    inputMode="decimal"
                    placeholder="0.00"
                    onChange={(e) => set({ injury: { ...form.injury, benefitUsed: e.target.value } })}
                  />
                </label>
              </div>
            )}
          </fieldset>
          <fieldset>
            <legend>Providers</legend>
            <div className="row">
              <label>
                Rendering provider NPI
                <input
                  value={form.rendering.npi}
                  inputMode="numeric"
                  onChange={(e) => set({ rendering: { ...form.rendering, npi: e.target.value } })}
                />
              </label>
              <label>
                Credential
                <select
                  value={form.rendering.credential}
                  onChange={(e) => set({ rendering: { ...form.rendering, credential: e.target.value } })}
                >
                  {credentials.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </label>
              <label className="check-label">
                <input
                  type="checkbox"
                  checked={form.rendering.participating}
                  onChange={(e) => set({ rendering: { ...form.rendering, participating: e.target.checked } })}
                />
                Participating
              </label>
            </div>
            <div className="row">
              <label>
                Billing provider NPI
                <input
                  value={form.billing.npi}
                  inputMode="numeric"
                  onChange={(e) => set({ billing: { ...form.billing, npi: e.target.value } })}
                />
              </label>
              <label>
                Billing ZIP
                <input
                  value={form.billing.zip}
                  onChange={(e) => set({ billing: { ...form.billing, zip: e.target.value } })}
                />
              </label>
              <label>
                Locality
                <input
                  value={form.billing.locality}
                  placeholder="09102-04"
                  onChange={(e) => set({ billing: { ...form.billing, locality: e.target.value } })}
                />
              </label>
            </div>
            <details className="facility">
              <summary>Service facility, when not at the billing address</summary>
              <p className="small muted">
                Where the services were furnished (837P loop 2310C). Medicare prices by its ZIP code's
                locality.
              </p>
              {(settings?.serviceFacilities?.length ?? 0) > 0 && (
                <label>
                  Practice location
                  <select
                    value={
                      settings?.serviceFacilities?.find((f) => f.name === form.facility.name)?.name ?? ""
                    }
                    onChange={(e) => {
                      const place = settings?.serviceFacilities?.find((f) => f.name === e.target.value);
                      set({
                        facility: place
                          ? {
                              name: place.name,
                              address: place.address ?? "",
                              city: place.city ?? "",
                              state: place.state ?? "",
                              zip: place.zip ?? "",
                            }
                          : { name: "", address: "", city: "", state: "", zip: "" },
                      });
                    }}
                  >
                    <option value="">the billing address</option>
                    {settings?.serviceFacilities?.map((f) => (
                      <option key={f.name} value={f.name}>
                        {f.name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <div className="row">
                <label>
                  Facility name
                  <input
                    value={form.facility.name}
                    onChange={(e) => set({ facility: { ...form.facility, name: e.target.value } })}
                  />
                </label>
                <label>
                  Facility address
                  <input
                    value={form.facility.address}
                    onChange={(e) => set({ facility: { ...form.facility, address: e.target.value } })}
                  />
                </label>
                <label>
                  Facility city
                  <input
                    value={form.facility.city}
                    onChange={(e) => set({ facility: { ...form.facility, city: e.target.value } })}
                  />
                </label>
                <label>
                  Facility state
                  <input
                    value={form.facility.state}
                    maxLength={2}
                    onChange={(e) => set({ facility: { ...form.facility, state: e.target.value } })}
                  />
                </label>
                <label>
                  Facility ZIP
                  <input
                    value={form.facility.zip}
                    inputMode="numeric"
                    onChange={(e) => set({ facility: { ...form.facility, zip: e.target.value } })}
                  />
                </label>
              </div>
            </details>
          </fieldset>
          <fieldset>
            <legend>Plan of care</legend>
            <div className="row">
              <label>
                Discipline
                <select
                  value={form.plan.discipline}
                  onChange={(e) => set({ plan: { ...form.plan, discipline: e.target.value } })}
                >
                  <option value="">none</option>
                  {disciplines.map((d) => (
                    <option key={d}>{d}</option>
                  ))}
                </select>
              </label>
              <label>
                Certified from
                <input
                  type="date"
                  value={form.plan.certifiedFrom}
                  onChange={(e) => set({ plan: { ...form.plan, certifiedFrom: e.target.value } })}
                />
              </label>
              <label>
                Certified through
                <input
                  type="date"
                  value={form.plan.certifiedThrough}
                  onChange={(e) => set({ plan: { ...form.plan, certifiedThrough: e.target.value } })}
                />
              </label>
            </div>
          </fieldset>
          <fieldset>
            <legend>Diagnoses</legend>
            <p className="muted small" id={`${ids}-dx-help`}>
              ICD-10-CM codes, in pointer order. Each is checked against the loaded ICD-10-CM edition by the
              check (its diagnosis findings).
            </p>
            <ol className="chips">
              {form.diagnoses.map((code, k) => {
                const problems = diagnosisFindings(k);
                return (
                  <li key={code} className={problems.length ? "chip bad" : "chip"}>
                    <span>
                      {k + 1}. {code}
                    </span>
                    {problems.length > 0 && <span className="chip-note">{problems[0]!.message}</span>}
                    {problems.length === 0 && result && <span className="chip-note ok">valid</span>}
                    <button
                      type="button"
                      aria-label={`Remove diagnosis ${code}`}
                      onClick={() => set({ diagnoses: form.diagnoses.filter((d) => d !== code) })}
                    >
                      ×
                    </button>
                  </li>
                );
              })}
            </ol>
            <div className="row end">
              <label>
                Diagnosis code
                <input
                  value={newDiagnosis}
                  aria-describedby={`${ids}-dx-help`}
                  placeholder="M54.16"
                  onChange={(e) => setNewDiagnosis(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      addDiagnosis();
                    }
                  }}
                />
              </label>
              <button type="button" onClick={addDiagnosis}>
                Add diagnosis
              </button>
            </div>
          </fieldset>
          <fieldset>
            <legend>Services</legend>
            {form.services.map((s, i) => (
              // biome-ignore lint/a11y/useSemanticElements: a group of one service's inputs
              <div className="service-row" key={s.key} role="group" aria-label={`Service ${i + 1}`}>
                <label>
                  Code
                  <input value={s.code} onChange={(e) => setRow(i, { code: e.target.value })} maxLength={5} />
                </label>
                <label>
                  Minutes
                  <input
                    type="number"
                    min={0}
                    value={s.minutes}
                    onChange={(e) => setRow(i, { minutes: e.target.value })}
                  />
                </label>
                <label>
                  Assistant minutes
                  <input
                    type="number"
                    min={0}
                    value={s.assistantMinutes}
                    onChange={(e) => setRow(i, { assistantMinutes: e.target.value })}
                  />
                </label>
                <label>
                  Region
                  <select
                    aria-label="Region"
                    value={s.region}
                    onChange={(e) => setRow(i, { region: e.target.value })}
                  >
                    <option value="">—</option>
                    {regions.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </label>
                <label>
                  Distinct
                  <select
                    aria-label="Distinct"
                    value={s.distinct}
                    onChange={(e) => setRow(i, { distinct: e.target.value })}
                  >
                    <option value="">—</option>
                    {distinctModifiers.map((m) => (
                      <option key={m}>{m}</option>
                    ))}
                  </select>
                </label>
                {s.attestNote && s.distinct && (
                  <p className="small muted attested">
                    Attested {s.distinct}: {s.attestNote}
                  </p>
                )}
                <button
                  type="button"
                  aria-label={`Remove service ${i + 1}`}
                  onClick={() => set({ services: form.services.filter((_, j) => j !== i) })}
                  disabled={form.services.length === 1}
                >
                  ×
                </button>
              </div>
            ))}
            <button type="button" onClick={() => set({ services: [...form.services, emptyRow()] })}>
              Add service
            </button>
          </fieldset>
        </form>

        <section className="results" aria-label="Check result" aria-busy={check.isFetching}>
          <div className="results-head">
            <h2>Result</h2>
            <span className="muted small" role="status">
              {!ready
                ? "Enter a payer and a service to check"
                : check.isFetching
                  ? "Checking…"
                  : result
                    ? "Up to date"
                    : ""}
            </span>
          </div>
          {problem && (
            <div className="problem" role="alert">
              <strong>Not checked yet:</strong> {problem.message}
            </div>
          )}
          {result && (
            <>
              <h3>Billed lines</h3>
              <LinesView claim={result.claim} findings={result.findings} />
              <h3>Findings</h3>
              <FindingsView
                findings={result.findings}
                lines={result.claim.lines}
                action={fixAction}
                extra={attestForm}
              />
              <h3>Estimate</h3>
              <EstimateView estimate={result.estimate} />
              <div className="save">
                <button
                  type="button"
                  className="primary"
                  onClick={() => save.mutate()}
                  disabled={save.isPending}
                >
                  Save claim
                </button>
                {save.error && (
                  <span role="alert" className="error-text">
                    {save.error.message}
                  </span>
                )}
                {save.data && (
                  <span role="status">
                    Saved: <Link to={`/claims/${save.data.claimId}`}>claim {save.data.claim.id}</Link>
                  </span>
                )}
              </div>
            </>
          )}
        </section>
      </div>
    </div>
  );
}
