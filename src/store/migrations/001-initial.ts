import { type Kysely, sql } from "kysely";

/**
 * The system of record (issue 9, storage). One migration set for PGlite and PostgreSQL:
 * PGlite is PostgreSQL compiled to WebAssembly, so one SQL text serves both.
 *
 * Conventions:
 * - ids are UUIDs made by the application (gen_random_uuid needs no extension on 13+, but
 *   the app makes them so an id is known before the insert and a retried job reuses it);
 * - every tenant-owned row has `practice_id`, and every query filters on it (src/app/scope.ts);
 * - money is bigint cents; dates of service are `date`; times are `timestamptz`;
 * - PHI (patient name, birth date, member id, address) is only in `*_enc` columns, sealed by
 *   src/store/phi-cipher.ts, with keyed-hash blind indexes (`*_bidx`) for lookups;
 * - documents (claim, findings, estimate) are jsonb with the patient's PHI taken out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per query: the pg driver's extended protocol takes one at a time.
  for (const statement of statements(schema)) await sql.raw(statement).execute(db);
}

/** Splits the script at each `;` that ends a line before the next create (function bodies stay whole). */
function statements(script: string): string[] {
  return script
    .split(/;\s*\n(?=\s*(?:create|--))/)
    .map((s) => s.trim().replace(/;$/, ""))
    .filter((s) => s.replace(/--.*$/gm, "").trim() !== "");
}

const schema = `
    create table organizations (
      id uuid primary key,
      name text not null,
      created_at timestamptz not null default now()
    );

    create table practices (
      id uuid primary key,
      organization_id uuid not null references organizations(id),
      name text not null,
      -- billing provider, envelope (submitter, receiver, ISA ids), locality, fee schedule: validated by app/practices
      settings jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index practices_org on practices(organization_id);

    create table rendering_providers (
      id uuid primary key,
      practice_id uuid not null references practices(id),
      npi text not null,
      name text,
      credential text not null,
      participating boolean not null default true,
      unique (practice_id, npi)
    );

    -- A practice's payer profiles (docs/payer-profiles.md), with the fee table read.
    create table payer_profiles (
      id uuid primary key,
      practice_id uuid not null references practices(id),
      name text not null,
      profile jsonb not null,
      fee_table jsonb,
      created_at timestamptz not null default now(),
      unique (practice_id, name)
    );

    create table payers (
      id uuid primary key,
      organization_id uuid not null references organizations(id),
      payer_id text not null,
      name text not null,
      type text not null,
      unique (organization_id, payer_id)
    );

    create table users (
      id uuid primary key,
      organization_id uuid not null references organizations(id),
      email text not null unique,
      password_hash text not null,
      disabled_at timestamptz,
      created_at timestamptz not null default now()
    );

    -- practice_id null: the role holds across the organization.
    create table user_roles (
      id uuid primary key,
      user_id uuid not null references users(id),
      practice_id uuid references practices(id),
      role text not null check (role in ('admin', 'biller', 'viewer'))
    );
    create unique index user_roles_one on user_roles(user_id, coalesce(practice_id, '00000000-0000-0000-0000-000000000000'::uuid));

    -- Server-side sessions: the cookie holds only the id; a revoked row ends the session.
    create table sessions (
      id text primary key,
      user_id uuid references users(id),
      data jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index sessions_user on sessions(user_id);

    -- API tokens: only a SHA-256 of the token is kept.
    create table api_tokens (
      id uuid primary key,
      organization_id uuid not null references organizations(id),
      name text not null,
      token_hash text not null unique,
      role text not null check (role in ('admin', 'biller', 'viewer')),
      practice_id uuid references practices(id),
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create table patients (
      id uuid primary key,
      practice_id uuid not null references practices(id),
      -- the EMR's patient id (visit.patient.id), sealed like the rest: it can be a chart number
      external_id_enc text,
      external_id_bidx text,
      first_name_enc text not null,
      last_name_enc text not null,
      birth_date_enc text,
      member_id_enc text,
      address_enc text,
      sex text,
      member_id_bidx text,
      name_bidx text,
      last_name_bidx text,
      birth_date_bidx text,
      key_version integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index patients_member on patients(practice_id, member_id_bidx);
    create index patients_name on patients(practice_id, name_bidx);
    create index patients_last_name on patients(practice_id, last_name_bidx);
    create index patients_external on patients(practice_id, external_id_bidx);

    create table visits (
      id uuid primary key,
      practice_id uuid not null references practices(id),
      patient_id uuid not null references patients(id),
      external_id text,
      date_of_service date not null,
      payer_id text not null,
      authorization_number text,
      -- the visit as documented, with patient PHI taken out
      document jsonb not null,
      -- a batch job's item: unique, so a retried job never stores a visit twice
      batch_id uuid,
      batch_index integer,
      created_by text,
      created_at timestamptz not null default now(),
      unique (batch_id, batch_index)
    );
    create index visits_patient on visits(practice_id, patient_id, date_of_service);

    create table claims (
      id uuid primary key,
      practice_id uuid not null references practices(id),
      patient_id uuid not null references patients(id),
      visit_id uuid references visits(id),
      -- claim.id: the patient control number sent in CLM01
      control_number text not null,
      status text not null,
      payer_id text not null,
      payer_type text not null,
      date_of_service date not null,
      -- service lines' last date (for multi-day claims)
      through_date date not null,
      current_version integer not null default 1,
      payer_claim_control_number text,
      charge_cents bigint not null,
      expected_cents bigint,
      paid_cents bigint not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (practice_id, control_number)
    );
    create index claims_status on claims(practice_id, status, date_of_service);
    create index claims_patient on claims(practice_id, patient_id, date_of_service);
    create index claims_payer on claims(practice_id, payer_id);

    create table claim_versions (
      id uuid primary key,
      claim_id uuid not null references claims(id),
      practice_id uuid not null references practices(id),
      version integer not null,
      frequency text not null check (frequency in ('1', '7', '8')),
      document jsonb not null,
      findings jsonb not null default '[]'::jsonb,
      estimate jsonb,
      error_count integer not null default 0,
      reason text,
      created_by text,
      created_at timestamptz not null default now(),
      unique (claim_id, version)
    );

    -- Rule ids of a version's findings, for the claims filter (?rule=).
    create table claim_findings (
      claim_version_id uuid not null references claim_versions(id),
      practice_id uuid not null references practices(id),
      claim_id uuid not null references claims(id),
      rule text not null,
      severity text not null
    );
    create index claim_findings_rule on claim_findings(practice_id, rule);

    -- The life cycle: every transition, with who, when and why (and an override of errors).
    create table claim_events (
      id uuid primary key,
      claim_id uuid not null references claims(id),
      practice_id uuid not null references practices(id),
      from_status text,
      to_status text not null,
      actor text not null,
      reason text,
      override boolean not null default false,
      data jsonb,
      at timestamptz not null default now()
    );
    create index claim_events_claim on claim_events(claim_id, at);

    -- A documented attestation (distinct service, medical necessity) with its note.
    create table attestations (
      id uuid primary key,
      claim_id uuid not null references claims(id),
      practice_id uuid not null references practices(id),
      kind text not null,
      line integer,
      value text,
      note text not null,
      actor text not null,
      at timestamptz not null default now()
    );

    create table submissions (
      id uuid primary key,
      practice_id uuid not null references practices(id),
      isa13 text not null,
      gs06 text not null,
      st02 text not null,
      claim_count integer not null,
      charge_cents bigint not null,
      -- the 837 holds patient names and member ids: sealed
      content_enc text not null,
      key_version integer not null,
      created_by text,
      created_at timestamptz not null default now()
    );
    -- Interchange control numbers are never reused by a practice.
    create unique index submissions_isa13 on submissions(practice_id, isa13);

    create table submission_claims (
      submission_id uuid not null references submissions(id),
      practice_id uuid not null references practices(id),
      claim_id uuid not null references claims(id),
      claim_version_id uuid not null references claim_versions(id),
      primary key (submission_id, claim_id)
    );

    create table remittances (
      id uuid primary key,
      practice_id uuid not null references practices(id),
      -- SHA-256 of the 835 text: posting the same file twice posts once
      content_hash text not null,
      payer_name text,
      payer_id text,
      trace_number text,
      payment_date date,
      paid_cents bigint not null,
      plb jsonb not null default '[]'::jsonb,
      plb_cents bigint not null default 0,
      balanced boolean not null,
      summary jsonb not null,
      content_enc text not null,
      key_version integer not null,
      created_by text,
      created_at timestamptz not null default now(),
      unique (practice_id, content_hash)
    );

    create table remit_claims (
      id uuid primary key,
      remittance_id uuid not null references remittances(id),
      practice_id uuid not null references practices(id),
      claim_id uuid references claims(id),
      claim_version_id uuid references claim_versions(id),
      control_number text not null,
      status_code text not null,
      charge_cents bigint not null,
      paid_cents bigint not null,
      patient_responsibility_cents bigint not null default 0,
      payer_claim_control_number text,
      -- CLP02 = 22: the remit claim this reverses
      reverses_id uuid references remit_claims(id),
      reversed boolean not null default false,
      adjustments jsonb not null default '[]'::jsonb,
      lines jsonb not null default '[]'::jsonb
    );
    create index remit_claims_claim on remit_claims(practice_id, claim_id);
    create index remit_claims_control on remit_claims(practice_id, control_number);

    create table worklist_items (
      id uuid primary key,
      practice_id uuid not null references practices(id),
      claim_id uuid references claims(id),
      claim_version_id uuid references claim_versions(id),
      remit_claim_id uuid references remit_claims(id),
      kind text not null check (kind in ('denial', 'underpayment', 'rejection', 'unmatched')),
      status text not null default 'open',
      assignee uuid references users(id),
      rule text,
      carc text,
      amount_cents bigint,
      item jsonb not null,
      notes jsonb not null default '[]'::jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index worklist_open on worklist_items(practice_id, status);

    -- The reference-data editions a check used (and the imports made through the service).
    create table reference_editions (
      id uuid primary key,
      organization_id uuid references organizations(id),
      dataset text not null,
      edition text not null,
      origin text not null,
      effective_from date,
      effective_through date,
      recorded_at timestamptz not null default now(),
      unique (dataset, edition)
    );

    -- Jobs: what the user sees (status, progress, result). pg-boss only dispatches them.
    create table jobs (
      id uuid primary key,
      organization_id uuid not null references organizations(id),
      practice_id uuid references practices(id),
      kind text not null,
      status text not null default 'queued',
      total integer not null default 0,
      done integer not null default 0,
      input jsonb,
      result jsonb,
      error jsonb,
      created_by text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    -- The audit log: append-only. No API changes it, and the trigger below refuses
    -- UPDATE and DELETE on PostgreSQL and PGlite alike.
    create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      organization_id uuid,
      practice_id uuid,
      user_id uuid,
      token_id uuid,
      actor text not null,
      ip text,
      action text not null,
      entity text not null,
      entity_id text,
      patient_id uuid,
      outcome text not null,
      detail jsonb
    );
    create index audit_at on audit_log(organization_id, at);
    create index audit_patient on audit_log(patient_id);
    create index audit_user on audit_log(user_id);

    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();
`;
