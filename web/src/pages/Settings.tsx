import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { ApiError } from "../api.js";
import { useSession } from "../session.js";
import type {
  AuditRecord,
  BillingProvider,
  Grant,
  PracticeEnvelope,
  PracticeRecord,
  PracticeSettings,
  RenderingProvider,
  Role,
  TokenRecord,
  UserRecord,
} from "../types.js";

const roles: Role[] = ["admin", "biller", "viewer"];
/** src/model/common.ts credentials. */
const credentials = ["PT", "PTA", "OT", "OTA", "SLP", "DC", "MD", "DO", "NP", "PA"];
const tabs = ["Practices", "Users and roles", "API tokens", "Audit log"] as const;
type Tab = (typeof tabs)[number];

/** The API's problem issues by JSON path, for the messages beside the fields they name. */
type FieldErrors = Map<string, string[]>;
function fieldErrors(error: unknown): FieldErrors {
  const map: FieldErrors = new Map();
  if (error instanceof ApiError)
    for (const issue of error.issues) {
      const key = issue.path ?? "";
      map.set(key, [...(map.get(key) ?? []), issue.message]);
    }
  return map;
}

/** The messages for `path`, shown under its field (and announced with the form's alert). */
function FieldError(props: { errors: FieldErrors; path: string }) {
  const messages = props.errors.get(props.path);
  if (!messages) return null;
  return (
    <span className="field-error" data-path={props.path}>
      {messages.join("; ")}
    </span>
  );
}

function ProblemAlert(props: { error: unknown; shown?: readonly string[] }) {
  if (!props.error) return null;
  const issues = props.error instanceof ApiError ? props.error.issues : [];
  const elsewhere = issues.filter((i) => !props.shown?.includes(i.path ?? ""));
  return (
    <div role="alert" className="error-text">
      <p>{props.error instanceof Error ? props.error.message : String(props.error)}</p>
      {elsewhere.length > 0 && (
        <ul className="small">
          {elsewhere.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              {i.path ? <code>{i.path}</code> : null} {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A labelled text input bound to a string, with the API's message for its path beneath. */
function Field(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: FieldErrors;
  path: string;
  required?: boolean;
  pattern?: string;
  title?: string;
  type?: string;
  className?: string;
}) {
  const invalid = props.errors.has(props.path);
  return (
    <label className={props.className}>
      {props.label}
      <input
        type={props.type ?? "text"}
        value={props.value}
        required={props.required}
        pattern={props.pattern}
        title={props.title}
        aria-invalid={invalid || undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <FieldError errors={props.errors} path={props.path} />
    </label>
  );
}

/** Settings (issue 10, page 7; organization admins): practices, users, tokens, the audit log. */
export function Settings() {
  const { orgAdmin } = useSession();
  const [tab, setTab] = useState<Tab>("Practices");
  if (!orgAdmin)
    return (
      <div>
        <h1>Settings</h1>
        <p>Settings are for the organization's administrators.</p>
      </div>
    );
  return (
    <div>
      <h1>Settings</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: a row of toggle buttons, not form fields */}
      <div className="tabs" role="group" aria-label="Settings sections">
        {tabs.map((t) => (
          <button key={t} type="button" aria-pressed={tab === t} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </div>
      {tab === "Practices" && <Practices />}
      {tab === "Users and roles" && <Users />}
      {tab === "API tokens" && <Tokens />}
      {tab === "Audit log" && <Audit />}
    </div>
  );
}

// ---------------------------------------------------------------------------------------
// Practices

interface PracticeForm {
  name: string;
  billingProvider: Required<Omit<BillingProvider, never>>;
  locality: string;
  renderingProviders: Array<{
    npi: string;
    firstName: string;
    lastName: string;
    credential: string;
    participating: boolean;
  }>;
  hasEnvelope: boolean;
  envelope: {
    submitterName: string;
    submitterId: string;
    contactName: string;
    phone: string;
    email: string;
    receiverName: string;
    receiverId: string;
    senderId: string;
    receiverIdIsa: string;
    usageIndicator: "T" | "P";
  };
  charges: Array<{ code: string; amount: string }>;
  payerProfiles: string;
  serviceFacilities: Array<typeof emptyFacility>;
}

const emptyFacility = { name: "", npi: "", address: "", city: "", state: "", zip: "" };
const facilityFields: Array<[keyof typeof emptyFacility, string]> = [
  ["name", "Location name"],
  ["npi", "Location NPI"],
  ["address", "Location address"],
  ["city", "Location city"],
  ["state", "Location state"],
  ["zip", "Location ZIP+4"],
];

const emptyBilling = {
  npi: "",
  taxId: "",
  name: "",
  address: "",
  city: "",
  state: "",
  zip: "",
  locality: "",
};

function formOf(practice: PracticeRecord | null): PracticeForm {
  const s: Partial<PracticeSettings> = practice?.settings ?? {};
  const env = s.envelope;
  return {
    name: practice?.name ?? "",
    billingProvider: { ...emptyBilling, ...s.billingProvider },
    locality: s.locality ?? "",
    renderingProviders: (s.renderingProviders ?? []).map((r) => ({
      npi: r.npi,
      firstName: r.firstName ?? "",
      lastName: r.lastName ?? "",
      credential: r.credential,
      participating: r.participating,
    })),
    hasEnvelope: env !== undefined,
    envelope: {
      submitterName: env?.submitter.name ?? "",
      submitterId: env?.submitter.id ?? "",
      contactName: env?.submitter.contactName ?? "",
      phone: env?.submitter.phone ?? "",
      email: env?.submitter.email ?? "",
      receiverName: env?.receiver.name ?? "",
      receiverId: env?.receiver.id ?? "",
      senderId: env?.senderId ?? "",
      receiverIdIsa: env?.receiverId ?? "",
      usageIndicator: env?.usageIndicator ?? "P",
    },
    charges: Object.entries(s.charges ?? {}).map(([code, amount]) => ({ code, amount })),
    payerProfiles: JSON.stringify(s.payerProfiles ?? [], null, 2),
    serviceFacilities: (s.serviceFacilities ?? []).map((f) => ({ ...emptyFacility, ...f })),
  };
}

/** Empty optional strings are left out: the API refuses "" where it expects a value. */
function compact<T extends Record<string, string>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v.trim() !== "")) as Partial<T>;
}

/** The request body, or the client-side problems (by the API's paths) that stop it being sent. */
function bodyOf(form: PracticeForm): { body?: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = new Map();
  const add = (path: string, message: string) => errors.set(path, [...(errors.get(path) ?? []), message]);
  if (form.name.trim() === "") add("$.name", "expected the practice's name");
  if (!/^\d{10}$/.test(form.billingProvider.npi)) add("$.settings.billingProvider.npi", "expected 10 digits");
  form.renderingProviders.forEach((r, i) => {
    if (!/^\d{10}$/.test(r.npi)) add(`$.settings.renderingProviders[${i}].npi`, "expected 10 digits");
  });
  const charges: Record<string, string> = {};
  form.charges.forEach((c, i) => {
    const code = c.code.trim().toUpperCase();
    if (code === "") add(`$.settings.charges[${i}]`, "expected a code");
    else if (code in charges) add(`$.settings.charges["${code}"]`, `${code} is listed twice`);
    else charges[code] = c.amount.trim();
  });
  let payerProfiles: unknown = [];
  try {
    payerProfiles = JSON.parse(form.payerProfiles || "[]");
    if (!Array.isArray(payerProfiles)) add("$.settings.payerProfiles", "expected a JSON array");
  } catch (error) {
    add("$.settings.payerProfiles", `not JSON: ${(error as Error).message}`);
  }
  if (errors.size > 0) return { errors };
  const e = form.envelope;
  const envelope: PracticeEnvelope | undefined = form.hasEnvelope
    ? {
        submitter: {
          name: e.submitterName,
          id: e.submitterId,
          contactName: e.contactName,
          ...compact({ phone: e.phone, email: e.email }),
        },
        receiver: { name: e.receiverName, id: e.receiverId },
        senderId: e.senderId,
        receiverId: e.receiverIdIsa,
        usageIndicator: e.usageIndicator,
      }
    : undefined;
  const renderingProviders: RenderingProvider[] = form.renderingProviders.map((r) => ({
    npi: r.npi,
    credential: r.credential,
    participating: r.participating,
    ...compact({ firstName: r.firstName, lastName: r.lastName }),
  }));
  return {
    errors,
    body: {
      name: form.name.trim(),
      settings: {
        billingProvider: compact(form.billingProvider),
        ...(form.locality.trim() ? { locality: form.locality.trim() } : {}),
        renderingProviders,
        ...(envelope ? { envelope } : {}),
        charges,
        payerProfiles,
        serviceFacilities: form.serviceFacilities.map((f) => ({
          ...compact(f),
          name: f.name.trim(),
          ...(f.state.trim() ? { state: f.state.trim().toUpperCase() } : {}),
        })),
      },
    },
  };
}

function Practices() {
  const { api, refreshPractices } = useSession();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ["settings-practices"],
    queryFn: () => api.get<{ items: PracticeRecord[] }>("/practices"),
  });
  const [selected, setSelected] = useState<string | "new" | null>(null);
  // The last save's confirmation lives here, not in the editor: a save remounts the editor
  // (its key has the practice's updatedAt, so the form shows what was stored), and a new
  // practice's editor is replaced by the stored one's. It stays until the next edit.
  const [saved, setSaved] = useState<{ id: string; at: string } | null>(null);
  const practices = list.data?.items ?? [];
  const current = selected === "new" ? null : (practices.find((p) => p.id === selected) ?? null);
  useEffect(() => {
    // The first practice; none yet (a new install): the form for a new one.
    if (selected === null && list.data) setSelected(practices[0]?.id ?? "new");
  }, [selected, practices, list.data]);
  const detail = useQuery({
    queryKey: ["practice", current?.id],
    queryFn: () => api.get<PracticeRecord>(`/practices/${current!.id}`),
    enabled: current !== null,
  });

  return (
    <section aria-labelledby="practices-title">
      <div className="page-head">
        <h2 id="practices-title">Practices</h2>
        <div className="row end">
          <label>
            Practice to edit
            <select
              value={selected ?? ""}
              onChange={(e) => {
                setSaved(null);
                setSelected(e.target.value);
              }}
            >
              {practices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
              <option value="new">New practice…</option>
            </select>
          </label>
        </div>
      </div>
      {list.error && <ProblemAlert error={list.error} />}
      {selected === "new" ? (
        <PracticeEditor
          key="new"
          practice={null}
          savedAt={null}
          onEdited={() => setSaved(null)}
          onSaved={(stored) => {
            setSaved({ id: stored.id, at: new Date().toLocaleTimeString() });
            void queryClient.invalidateQueries({ queryKey: ["settings-practices"] });
            void refreshPractices(); // the switcher lists the new practice
            setSelected(stored.id);
          }}
        />
      ) : detail.data ? (
        <PracticeEditor
          key={`${detail.data.id}:${detail.data.updatedAt}`}
          practice={detail.data}
          savedAt={saved?.id === detail.data.id ? saved.at : null}
          onEdited={() => setSaved(null)}
          onSaved={(stored) => {
            setSaved({ id: stored.id, at: new Date().toLocaleTimeString() });
            queryClient.setQueryData(["practice", stored.id], stored);
            void queryClient.invalidateQueries({ queryKey: ["settings-practices"] });
            if (stored.name !== detail.data?.name) void refreshPractices(); // the switcher's label
          }}
        />
      ) : (
        <p role="status">Loading the practice…</p>
      )}
    </section>
  );
}

function PracticeEditor(props: {
  practice: PracticeRecord | null;
  /** When this practice was last saved (shown until the next edit), or null. */
  savedAt: string | null;
  onEdited: () => void;
  onSaved: (p: PracticeRecord) => void;
}) {
  const { api } = useSession();
  const [form, setForm] = useState<PracticeForm>(() => formOf(props.practice));
  const [local, setLocal] = useState<FieldErrors>(new Map());
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      props.practice
        ? api.patch<PracticeRecord>(`/practices/${props.practice.id}`, body)
        : api.post<PracticeRecord>("/practices", body),
    onSuccess: (saved) => props.onSaved(saved),
  });
  const errors = local.size > 0 ? local : fieldErrors(save.error);
  const set = (change: (f: PracticeForm) => PracticeForm) => {
    props.onEdited();
    setForm((f) => change(f));
  };
  const bp = form.billingProvider;
  const setBp = (key: keyof BillingProvider) => (value: string) =>
    set((f) => ({ ...f, billingProvider: { ...f.billingProvider, [key]: value } }));
  const env = form.envelope;
  const setEnv = (key: keyof PracticeForm["envelope"]) => (value: string) =>
    set((f) => ({ ...f, envelope: { ...f.envelope, [key]: value } }));

  function submit(event: FormEvent) {
    event.preventDefault();
    props.onEdited();
    const { body, errors: found } = bodyOf(form);
    setLocal(found);
    if (body) save.mutate(body);
  }

  const bpPath = (k: string) => `$.settings.billingProvider.${k}`;
  const envPath = (k: string) => `$.settings.envelope.${k}`;
  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-label="Practice settings">
      <Field
        label="Practice name"
        value={form.name}
        onChange={(name) => set((f) => ({ ...f, name }))}
        errors={errors}
        path="$.name"
        required
      />
      <fieldset>
        <legend>Billing provider</legend>
        <div className="form-grid">
          <Field label="NPI" value={bp.npi} onChange={setBp("npi")} errors={errors} path={bpPath("npi")} />
          <Field
            label="Tax id (EIN)"
            value={bp.taxId}
            onChange={setBp("taxId")}
            errors={errors}
            path={bpPath("taxId")}
          />
          <Field
            label="Name"
            value={bp.name}
            onChange={setBp("name")}
            errors={errors}
            path={bpPath("name")}
          />
          <Field
            label="Address"
            value={bp.address}
            onChange={setBp("address")}
            errors={errors}
            path={bpPath("address")}
          />
          <Field
            label="City"
            value={bp.city}
            onChange={setBp("city")}
            errors={errors}
            path={bpPath("city")}
          />
          <Field
            label="State"
            value={bp.state}
            onChange={setBp("state")}
            errors={errors}
            path={bpPath("state")}
          />
          <Field label="ZIP" value={bp.zip} onChange={setBp("zip")} errors={errors} path={bpPath("zip")} />
          <Field
            label="Practice locality (MAC-locality)"
            value={form.locality}
            onChange={(locality) => set((f) => ({ ...f, locality }))}
            errors={errors}
            path="$.settings.locality"
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>Rendering providers</legend>
        <FieldError errors={errors} path="$.settings.renderingProviders" />
        {form.renderingProviders.map((r, i) => {
          const setR = (change: Partial<PracticeForm["renderingProviders"][number]>) =>
            set((f) => ({
              ...f,
              renderingProviders: f.renderingProviders.map((x, k) => (k === i ? { ...x, ...change } : x)),
            }));
          const p = (k: string) => `$.settings.renderingProviders[${i}].${k}`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional, as the API's paths
            // biome-ignore lint/a11y/useSemanticElements: one provider's inputs inside the providers' fieldset
            <div className="row" key={i} role="group" aria-label={`Rendering provider ${i + 1}`}>
              <Field
                label="NPI"
                value={r.npi}
                onChange={(npi) => setR({ npi })}
                errors={errors}
                path={p("npi")}
              />
              <Field
                label="First name"
                value={r.firstName}
                onChange={(firstName) => setR({ firstName })}
                errors={errors}
                path={p("firstName")}
              />
              <Field
                label="Last name"
                value={r.lastName}
                onChange={(lastName) => setR({ lastName })}
                errors={errors}
                path={p("lastName")}
              />
              <label>
                Credential
                <select value={r.credential} onChange={(e) => setR({ credential: e.target.value })}>
                  {credentials.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
                <FieldError errors={errors} path={p("credential")} />
              </label>
              <label className="check-label">
                <input
                  type="checkbox"
                  checked={r.participating}
                  onChange={(e) => setR({ participating: e.target.checked })}
                />
                Participating
              </label>
              <button
                type="button"
                aria-label={`Remove rendering provider ${i + 1}`}
                onClick={() =>
                  set((f) => ({ ...f, renderingProviders: f.renderingProviders.filter((_, k) => k !== i) }))
                }
              >
                Remove
              </button>
            </div>
          );
        })}
        <button
          type="button"
          onClick={() =>
            set((f) => ({
              ...f,
              renderingProviders: [
                ...f.renderingProviders,
                { npi: "", firstName: "", lastName: "", credential: "PT", participating: true },
              ],
            }))
          }
        >
          Add rendering provider
        </button>
      </fieldset>

      <fieldset>
        <legend>Service locations</legend>
        <p className="small muted">
          The practice's other places of service (837P loop 2310C). A visit that names one as its service
          facility is billed and priced there: Medicare pays by the locality of the place of service.
        </p>
        <FieldError errors={errors} path="$.settings.serviceFacilities" />
        {form.serviceFacilities.map((f, i) => {
          const setF = (change: Partial<typeof emptyFacility>) =>
            set((x) => ({
              ...x,
              serviceFacilities: x.serviceFacilities.map((y, k) => (k === i ? { ...y, ...change } : y)),
            }));
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional, as the API's paths
            // biome-ignore lint/a11y/useSemanticElements: one location's inputs inside the locations' fieldset
            <div className="row" key={i} role="group" aria-label={`Service location ${i + 1}`}>
              {facilityFields.map(([k, label]) => (
                <Field
                  key={k}
                  label={label}
                  value={f[k]}
                  onChange={(value) => setF({ [k]: value })}
                  errors={errors}
                  path={`$.settings.serviceFacilities[${i}].${k}`}
                />
              ))}
              <button
                type="button"
                aria-label={`Remove service location ${i + 1}`}
                onClick={() =>
                  set((x) => ({ ...x, serviceFacilities: x.serviceFacilities.filter((_, k) => k !== i) }))
                }
              >
                Remove
              </button>
            </div>
          );
        })}
        <button
          type="button"
          onClick={() =>
            set((x) => ({ ...x, serviceFacilities: [...x.serviceFacilities, { ...emptyFacility }] }))
          }
        >
          Add service location
        </button>
      </fieldset>

      <fieldset>
        <legend>837 envelope (submitter and receiver)</legend>
        <label className="check-label">
          <input
            type="checkbox"
            checked={form.hasEnvelope}
            onChange={(e) => set((f) => ({ ...f, hasEnvelope: e.target.checked }))}
          />
          This practice submits 837s with its own envelope
        </label>
        <FieldError errors={errors} path="$.settings.envelope" />
        {form.hasEnvelope && (
          <div className="form-grid">
            <Field
              label="Submitter name"
              value={env.submitterName}
              onChange={setEnv("submitterName")}
              errors={errors}
              path={envPath("submitter.name")}
            />
            <Field
              label="Submitter id"
              value={env.submitterId}
              onChange={setEnv("submitterId")}
              errors={errors}
              path={envPath("submitter.id")}
            />
            <Field
              label="Contact name"
              value={env.contactName}
              onChange={setEnv("contactName")}
              errors={errors}
              path={envPath("submitter.contactName")}
            />
            <Field
              label="Contact phone"
              value={env.phone}
              onChange={setEnv("phone")}
              errors={errors}
              path={envPath("submitter.phone")}
            />
            <Field
              label="Contact email"
              value={env.email}
              onChange={setEnv("email")}
              errors={errors}
              path={envPath("submitter.email")}
            />
            <Field
              label="Receiver name"
              value={env.receiverName}
              onChange={setEnv("receiverName")}
              errors={errors}
              path={envPath("receiver.name")}
            />
            <Field
              label="Receiver id"
              value={env.receiverId}
              onChange={setEnv("receiverId")}
              errors={errors}
              path={envPath("receiver.id")}
            />
            <Field
              label="Sender id (ISA06)"
              value={env.senderId}
              onChange={setEnv("senderId")}
              errors={errors}
              path={envPath("senderId")}
            />
            <Field
              label="Receiver id (ISA08)"
              value={env.receiverIdIsa}
              onChange={setEnv("receiverIdIsa")}
              errors={errors}
              path={envPath("receiverId")}
            />
            <label>
              Usage
              <select
                value={env.usageIndicator}
                onChange={(e) => setEnv("usageIndicator")(e.target.value)}
                aria-label="Usage"
              >
                <option value="P">P (production)</option>
                <option value="T">T (test)</option>
              </select>
            </label>
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Fee schedule (charge per code)</legend>
        <FieldError errors={errors} path="$.settings.charges" />
        {form.charges.map((c, i) => {
          const setC = (change: Partial<{ code: string; amount: string }>) =>
            set((f) => ({ ...f, charges: f.charges.map((x, k) => (k === i ? { ...x, ...change } : x)) }));
          const path = `$.settings.charges["${c.code.trim().toUpperCase()}"]`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
            // biome-ignore lint/a11y/useSemanticElements: one charge's inputs inside the fee schedule's fieldset
            <div className="row" key={i} role="group" aria-label={`Charge ${i + 1}`}>
              <Field
                label="Code"
                value={c.code}
                onChange={(code) => setC({ code })}
                errors={errors}
                path={`$.settings.charges[${i}]`}
              />
              <Field
                label="Charge"
                value={c.amount}
                onChange={(amount) => setC({ amount })}
                errors={errors}
                path={path}
              />
              <button
                type="button"
                aria-label={`Remove charge ${i + 1}`}
                onClick={() => set((f) => ({ ...f, charges: f.charges.filter((_, k) => k !== i) }))}
              >
                Remove
              </button>
            </div>
          );
        })}
        <button
          type="button"
          onClick={() => set((f) => ({ ...f, charges: [...f.charges, { code: "", amount: "" }] }))}
        >
          Add charge
        </button>
      </fieldset>

      <fieldset>
        <legend>Payer profiles</legend>
        <label>
          Payer profiles (JSON: an array of {"{ profile, feeTable, stateRvuTable }"}, docs/payer-profiles.md)
          <textarea
            className="mono"
            rows={8}
            value={form.payerProfiles}
            aria-invalid={
              [...errors.keys()].some((k) => k.startsWith("$.settings.payerProfiles")) || undefined
            }
            onChange={(e) => set((f) => ({ ...f, payerProfiles: e.target.value }))}
          />
        </label>
        {[...errors.keys()]
          .filter((k) => k.startsWith("$.settings.payerProfiles"))
          .map((k) => (
            <p key={k} className="field-error">
              <code>{k}</code> {errors.get(k)?.join("; ")}
            </p>
          ))}
      </fieldset>

      <div className="save">
        <button type="submit" className="primary" disabled={save.isPending}>
          {props.practice ? "Save practice" : "Create practice"}
        </button>
        {props.savedAt && (
          <span role="status" className="ok-text">
            Saved at {props.savedAt}.
          </span>
        )}
      </div>
      {(local.size > 0 || save.error) && (
        <ProblemAlert
          error={local.size > 0 ? new Error("Fix the fields marked below before saving.") : save.error}
          shown={[...fieldPaths(form)]}
        />
      )}
    </form>
  );
}

/** Every path the form shows a message beside; other issues are listed in the alert. */
function* fieldPaths(form: PracticeForm): Generator<string> {
  yield "$.name";
  for (const k of Object.keys(emptyBilling)) yield `$.settings.billingProvider.${k}`;
  yield "$.settings.locality";
  yield "$.settings.renderingProviders";
  for (let i = 0; i < form.renderingProviders.length; i++)
    for (const k of ["npi", "firstName", "lastName", "credential"])
      yield `$.settings.renderingProviders[${i}].${k}`;
  yield "$.settings.serviceFacilities";
  for (let i = 0; i < form.serviceFacilities.length; i++)
    for (const [k] of facilityFields) yield `$.settings.serviceFacilities[${i}].${k}`;
  yield "$.settings.envelope";
  if (form.hasEnvelope)
    for (const k of [
      "submitter.name",
      "submitter.id",
      "submitter.contactName",
      "submitter.phone",
      "submitter.email",
      "receiver.name",
      "receiver.id",
      "senderId",
      "receiverId",
    ])
      yield `$.settings.envelope.${k}`;
  yield "$.settings.charges";
  for (let i = 0; i < form.charges.length; i++) {
    yield `$.settings.charges[${i}]`;
    yield `$.settings.charges["${form.charges[i]!.code.trim().toUpperCase()}"]`;
  }
}

// ---------------------------------------------------------------------------------------
// Users

function grantText(g: Grant, names: Map<string, string>): string {
  return `${g.role} ${g.practiceId === null ? "(organization)" : `of ${names.get(g.practiceId) ?? g.practiceId}`}`;
}

/** A role and where it applies: the organization or one practice. */
function GrantPicker(props: {
  value: Grant;
  onChange: (g: Grant) => void;
  practices: Array<{ id: string; name: string }>;
  label: string;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a role and its practice, inside a table cell or a form row
    <span className="row" role="group" aria-label={props.label}>
      <label>
        Role
        <select
          value={props.value.role}
          onChange={(e) => props.onChange({ ...props.value, role: e.target.value as Role })}
        >
          {roles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label>
        Applies to
        <select
          value={props.value.practiceId ?? ""}
          onChange={(e) => props.onChange({ ...props.value, practiceId: e.target.value || null })}
        >
          <option value="">the whole organization</option>
          {props.practices.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
    </span>
  );
}

function usePracticeNames() {
  const { api } = useSession();
  const list = useQuery({
    queryKey: ["settings-practices"],
    queryFn: () => api.get<{ items: PracticeRecord[] }>("/practices"),
  });
  const practices = (list.data?.items ?? []).map((p) => ({ id: p.id, name: p.name }));
  return { practices, names: new Map(practices.map((p) => [p.id, p.name])) };
}

function Users() {
  const { api, userId } = useSession();
  const queryClient = useQueryClient();
  const { practices, names } = usePracticeNames();
  const users = useQuery({ queryKey: ["users"], queryFn: () => api.get<UserRecord[]>("/users") });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["users"] });
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [grant, setGrant] = useState<Grant>({ role: "biller", practiceId: null });
  const add = useMutation({
    mutationFn: () => api.post<UserRecord>("/users", { email, password, roles: [grant] }),
    onSuccess: () => {
      setEmail("");
      setPassword("");
      refresh();
    },
  });
  const [editing, setEditing] = useState<{ id: string; grants: Grant[] } | null>(null);
  const change = useMutation({
    mutationFn: (c: { id: string; roles?: Grant[]; disabled?: boolean }) => {
      const { id, ...body } = c;
      return api.patch<UserRecord>(`/users/${id}`, body);
    },
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
  });
  const endSessions = useMutation({
    mutationFn: (id: string) => api.delete<{ revoked: number }>(`/users/${id}/sessions`),
  });
  const addErrors = fieldErrors(add.error);

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users and roles</h2>
      {users.error && <ProblemAlert error={users.error} />}
      <table className="grid">
        <caption className="sr-only">Users</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Roles</th>
            <th scope="col">Status</th>
            <th scope="col">Since</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>
                {editing?.id === u.id ? (
                  <div>
                    {editing.grants.map((g, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: grants are positional while edited
                      <div key={i} className="row">
                        <GrantPicker
                          label={`Grant ${i + 1} of ${u.email}`}
                          value={g}
                          practices={practices}
                          onChange={(next) =>
                            setEditing({
                              ...editing,
                              grants: editing.grants.map((x, k) => (k === i ? next : x)),
                            })
                          }
                        />
                        <button
                          type="button"
                          disabled={editing.grants.length === 1}
                          aria-label={`Remove grant ${i + 1}`}
                          onClick={() =>
                            setEditing({ ...editing, grants: editing.grants.filter((_, k) => k !== i) })
                          }
                        >
                          Remove
                        </button>
                      </div>
                    ))}
                    <div className="row">
                      <button
                        type="button"
                        onClick={() =>
                          setEditing({
                            ...editing,
                            grants: [...editing.grants, { role: "viewer", practiceId: null }],
                          })
                        }
                      >
                        Add grant
                      </button>
                      <button
                        type="button"
                        className="primary"
                        onClick={() => change.mutate({ id: u.id, roles: editing.grants })}
                      >
                        Save roles
                      </button>
                      <button type="button" onClick={() => setEditing(null)}>
                        Cancel
                      </button>
                    </div>
                  </div>
                ) : (
                  u.grants.map((g) => grantText(g, names)).join(", ")
                )}
              </td>
              <td>{u.disabled ? `disabled ${u.disabledAt?.slice(0, 10) ?? ""}` : "active"}</td>
              <td className="small">{u.createdAt.slice(0, 10)}</td>
              <td>
                <div className="row">
                  {editing?.id !== u.id && (
                    <button
                      type="button"
                      aria-label={`Change roles of ${u.email}`}
                      onClick={() => setEditing({ id: u.id, grants: u.grants })}
                    >
                      Change roles
                    </button>
                  )}
                  <button
                    type="button"
                    disabled={u.id === userId}
                    aria-label={`${u.disabled ? "Enable" : "Disable"} ${u.email}`}
                    onClick={() => change.mutate({ id: u.id, disabled: !u.disabled })}
                  >
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                  <button
                    type="button"
                    aria-label={`End sessions of ${u.email}`}
                    onClick={() => endSessions.mutate(u.id)}
                  >
                    End sessions
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {change.error && <ProblemAlert error={change.error} />}
      {endSessions.data && (
        <p role="status">
          Ended {endSessions.data.revoked} session{endSessions.data.revoked === 1 ? "" : "s"}.
        </p>
      )}
      {endSessions.error && <ProblemAlert error={endSessions.error} />}

      <form
        className="card"
        aria-labelledby="add-user-title"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <h3 id="add-user-title">Add a user</h3>
        <div className="row">
          <Field
            label="Email"
            type="email"
            value={email}
            onChange={setEmail}
            errors={addErrors}
            path="email"
          />
          <Field
            label="Password (12 characters or more)"
            type="password"
            value={password}
            onChange={setPassword}
            errors={addErrors}
            path="password"
          />
          <GrantPicker label="First grant" value={grant} onChange={setGrant} practices={practices} />
          <button type="submit" className="primary" disabled={add.isPending}>
            Add user
          </button>
        </div>
        {add.data && <p role="status">Added {add.data.email}.</p>}
        {add.error && <ProblemAlert error={add.error} shown={["email", "password"]} />}
      </form>
    </section>
  );
}

// ---------------------------------------------------------------------------------------
// Tokens

function Tokens() {
  const { api } = useSession();
  const queryClient = useQueryClient();
  const { practices, names } = usePracticeNames();
  const tokens = useQuery({ queryKey: ["tokens"], queryFn: () => api.get<TokenRecord[]>("/tokens") });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["tokens"] });
  const [name, setName] = useState("");
  const [grant, setGrant] = useState<Grant>({ role: "biller", practiceId: null });
  const create = useMutation({
    mutationFn: () =>
      api.post<TokenRecord & { token: string }>("/tokens", {
        role: grant.role,
        practiceId: grant.practiceId,
        ...(name.trim() ? { name: name.trim() } : {}),
      }),
    onSuccess: () => {
      setName("");
      refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete<TokenRecord>(`/tokens/${id}`),
    onSuccess: refresh,
  });
  const [confirming, setConfirming] = useState<string | null>(null);
  const errors = fieldErrors(create.error);

  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <form
        className="card"
        aria-labelledby="create-token-title"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <h3 id="create-token-title">Create a token</h3>
        <div className="row">
          <Field label="Token name" value={name} onChange={setName} errors={errors} path="name" />
          <GrantPicker label="Token role" value={grant} onChange={setGrant} practices={practices} />
          <button type="submit" className="primary" disabled={create.isPending}>
            Create token
          </button>
        </div>
        {create.error && <ProblemAlert error={create.error} shown={["name"]} />}
        {create.data && (
          <div role="status" className="secret">
            <p>
              <strong>Copy the token now: it is shown this once.</strong> {create.data.name}:
            </p>
            <code data-testid="token-secret">{create.data.token}</code>
          </div>
        )}
      </form>
      {tokens.error && <ProblemAlert error={tokens.error} />}
      <table className="grid">
        <caption className="sr-only">API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {(tokens.data ?? []).map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{grantText({ role: t.role, practiceId: t.practiceId }, names)}</td>
              <td className="small">{t.createdAt.slice(0, 16).replace("T", " ")}</td>
              <td className="small">{t.lastUsedAt?.slice(0, 16).replace("T", " ") ?? "never"}</td>
              <td>{t.revokedAt ? `revoked ${t.revokedAt.slice(0, 10)}` : "active"}</td>
              <td>
                {!t.revokedAt &&
                  (confirming === t.id ? (
                    <span className="row">
                      <button
                        type="button"
                        className="danger"
                        onClick={() => {
                          setConfirming(null);
                          revoke.mutate(t.id);
                        }}
                      >
                        Confirm revoke
                      </button>
                      <button type="button" onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <button type="button" aria-label={`Revoke ${t.name}`} onClick={() => setConfirming(t.id)}>
                      Revoke
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoke.error && <ProblemAlert error={revoke.error} />}
    </section>
  );
}

// ---------------------------------------------------------------------------------------
// Audit log

const actions = [
  "read",
  "search",
  "create",
  "update",
  "delete",
  "transition",
  "submit",
  "post",
  "import",
  "login",
  "logout",
  "export",
];
const entities = [
  "patient",
  "visit",
  "claim",
  "remit",
  "acknowledgment",
  "submission",
  "worklist",
  "practice",
  "user",
  "token",
  "session",
  "reference",
  "job",
  "audit",
  "key",
];

interface AuditFilters {
  user: string;
  patient: string;
  action: string;
  entity: string;
  from: string;
  to: string;
}

function Audit() {
  const { api } = useSession();
  const users = useQuery({ queryKey: ["users"], queryFn: () => api.get<UserRecord[]>("/users") });
  const [draft, setDraft] = useState<AuditFilters>({
    user: "",
    patient: "",
    action: "",
    entity: "",
    from: "",
    to: "",
  });
  const [filters, setFilters] = useState<AuditFilters>(draft);
  // The pages read so far: each cursor is the `before` of the next page.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const before = cursors.at(-1);
  const page = useQuery({
    queryKey: ["audit", filters, before],
    queryFn: () =>
      api.get<{ records: AuditRecord[]; next: string | null }>("/audit", {
        ...filters,
        before,
        limit: "50",
      }),
  });
  const set = (key: keyof AuditFilters) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const select = (label: string, key: keyof AuditFilters, options: ReactNode) => (
    <label>
      {label}
      <select value={draft[key]} onChange={(e) => set(key)(e.target.value)}>
        <option value="">any</option>
        {options}
      </select>
    </label>
  );
  const emails = new Map((users.data ?? []).map((u) => [u.id, u.email]));

  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <form
        className="filters"
        aria-label="Audit filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
          setCursors([undefined]);
        }}
      >
        {select(
          "User",
          "user",
          (users.data ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.email}
            </option>
          )),
        )}
        <label>
          Patient id
          <input value={draft.patient} onChange={(e) => set("patient")(e.target.value)} />
        </label>
        {select(
          "Action",
          "action",
          actions.map((a) => <option key={a}>{a}</option>),
        )}
        {select(
          "Entity",
          "entity",
          entities.map((a) => <option key={a}>{a}</option>),
        )}
        <label>
          From
          <input type="date" value={draft.from} onChange={(e) => set("from")(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={draft.to} onChange={(e) => set("to")(e.target.value)} />
        </label>
        <button type="submit">Apply filters</button>
      </form>
      {page.error && <ProblemAlert error={page.error} />}
      <table className="grid" data-testid="audit-table">
        <caption className="sr-only">Audit records, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">From</th>
            <th scope="col">Action</th>
            <th scope="col">Entity</th>
            <th scope="col">Outcome</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {(page.data?.records ?? []).map((r) => (
            <tr key={r.id}>
              <td className="small mono">{r.at.slice(0, 19).replace("T", " ")}</td>
              <td className="small">{(r.userId && emails.get(r.userId)) ?? r.actor}</td>
              <td className="small mono">{r.ip ?? "—"}</td>
              <td>{r.action}</td>
              <td className="small">
                {r.entity}
                {r.entityId ? <span className="mono break"> {r.entityId}</span> : null}
              </td>
              <td>
                <span className={`status ${r.outcome === "ok" ? "s-ready" : "s-denied"}`}>{r.outcome}</span>
              </td>
              <td className="small mono break">{r.detail ? JSON.stringify(r.detail) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.data?.records.length === 0 && <p>No records match.</p>}
      <div className="row">
        <button
          type="button"
          disabled={cursors.length === 1}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Newer
        </button>
        <span className="small muted">Page {cursors.length}</span>
        <button
          type="button"
          disabled={!page.data?.next}
          onClick={() => setCursors((c) => [...c, page.data?.next ?? undefined])}
        >
          Older
        </button>
      </div>
    </section>
  );
}
