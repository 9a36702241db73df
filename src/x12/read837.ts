import type { Claim, ClaimLine } from "../model/claim.js";
import type { BillingProvider, Credential, Patient, Payer, RenderingProvider } from "../model/common.js";
import type { Finding } from "../model/finding.js";
import { formatCents } from "../model/money.js";
import type { ReferenceData } from "../reference/types.js";
import { centsFromX12, moneyText, quantityFromX12 } from "./amounts.js";
import {
  activeTreatmentConditions,
  credentialForTaxonomy,
  icd10StartDate,
  payerTypeByFilingIndicator,
} from "./code-lists.js";
import { snipReference, x12Finding } from "./findings.js";
import { compileGuide, handlerTable } from "./guide.js";
import { guide837p } from "./guide-837p.js";
import { HierarchyChecker } from "./hierarchy.js";
import { InterchangeReader, type TransactionContext, type TransactionHandler } from "./interchange.js";
import { isValidNpi } from "./npi.js";
import type { SegmentPosition, SegmentView } from "./segment.js";
import { SegmentTokenizer, type X12Input, type X12Source } from "./tokenizer.js";
import { GuideWalker, type LoopInstance, type WalkerSink } from "./walker.js";
import { isoFromX12Date } from "./x12-date.js";

/** Where a service line came from: its SV1 segment. */
export interface LinePosition extends SegmentPosition {
  loop: "2400";
}

/** Where a claim came from: its CLM segment, its transaction set, and each line's SV1. */
export interface ClaimPosition extends SegmentPosition {
  loop: "2300";
  /** ST02 of the transaction set. */
  transaction: string;
  /** The file name given in the options, when any. */
  source?: string;
  lines: LinePosition[];
}

/** One claim read from an 837P, with its source position and the findings inside it. */
export interface ClaimEntry {
  claim: Claim;
  position: ClaimPosition;
  /** Findings inside this claim's loops (2300 and below) and the claim-level checks. */
  findings: Finding[];
}

export interface Parse837Options {
  /** Reference data for the code-set checks (SNIP 4-5): ICD-10-CM, HCPCS, POS, modifiers. */
  reference?: ReferenceData;
  /** File name, carried into each claim's position. */
  source?: string;
  /**
   * Credential assumed when the rendering provider's taxonomy (PRV03) is missing or does
   * not name one. Default "PT" (DC when the claim carries CR2 spinal manipulation data).
   */
  defaultCredential?: Credential;
}

export interface Parse837Result {
  claims: ClaimEntry[];
  /** Every finding in file order, the claims' own included. Zero findings means a clean file. */
  findings: Finding[];
}

const compiled837 = compileGuide(guide837p);
const reference837 = guide837p.reference;

interface ProviderDraft {
  entityType: string;
  name: string;
  firstName: string;
  npi: string;
  npiPosition: SegmentPosition | undefined;
  taxonomy: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  taxId: string;
}

interface PersonDraft {
  lastName: string;
  firstName: string;
  memberId: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  birthDate: string;
  sex: string;
}

interface SubscriberDraft extends PersonDraft {
  filingIndicator: string;
  sbrPosition: SegmentPosition | undefined;
  payerName: string;
  payerId: string;
}

interface LineDraft {
  code: string;
  modifiers: string[];
  chargeText: string;
  /** SV102 in cents; undefined when not an amount (the walker reports it). */
  cents: number | undefined;
  unitsText: string;
  units: number | undefined;
  pointers: string[];
  date: string;
  position: LinePosition;
}

interface DiagnosisDraft {
  qualifier: string;
  code: string;
  element: number;
}

interface ClaimDraft {
  id: string;
  chargeText: string;
  placeOfService: string;
  frequency: string;
  participation: string;
  position: ClaimPosition;
  payerClaimControlNumber: string;
  medicalRecordNumber: string;
  priorAuthorization: string;
  diagnoses: DiagnosisDraft[];
  hiPosition: SegmentPosition | undefined;
  initialTreatment: string;
  lastXray: string;
  condition: string;
  hasChiropracticData: boolean;
  rendering: (ProviderDraft & { lastName: string }) | undefined;
  lines: LineDraft[];
  findings: Finding[];
  billing: ProviderDraft;
  subscriber: SubscriberDraft;
  patient: PersonDraft | undefined;
}

const emptyProvider = (): ProviderDraft => ({
  entityType: "",
  name: "",
  firstName: "",
  npi: "",
  npiPosition: undefined,
  taxonomy: "",
  address: "",
  city: "",
  state: "",
  zip: "",
  taxId: "",
});

const emptyPerson = (): PersonDraft => ({
  lastName: "",
  firstName: "",
  memberId: "",
  address: "",
  city: "",
  state: "",
  zip: "",
  birthDate: "",
  sex: "",
});

const emptySubscriber = (): SubscriberDraft => ({
  lastName: "",
  firstName: "",
  memberId: "",
  address: "",
  city: "",
  state: "",
  zip: "",
  birthDate: "",
  sex: "",
  filingIndicator: "",
  sbrPosition: undefined,
  payerName: "",
  payerId: "",
});

/** N3: one address string; a second line is appended after a comma. */
const addressOf = (seg: SegmentView): string =>
  seg.has(2) ? `${seg.element(1)}, ${seg.element(2)}` : seg.element(1);

/** D8 or the start of an RD8 period, as an ISO date; "" when unreadable (the walker reports it). */
const dateOf = isoFromX12Date;

const linePosition = (seg: SegmentView): LinePosition => ({
  segment: seg.segment,
  transactionSegment: seg.transactionSegment,
  offset: seg.offset,
  loop: "2400",
});

/** ICD-10-CM codes travel without the dot; claims show them with it (after the category). */
function dottedIcd10(code: string): string {
  const bare = code.includes(".") ? code.replace(".", "") : code;
  const upper = hasLowerCase(bare) ? bare.toUpperCase() : bare;
  return upper.length > 3 ? `${upper.slice(0, 3)}.${upper.slice(3)}` : upper;
}

/** `/[a-z]/.test(text)` without the regex: the reader asks it of every diagnosis. */
function hasLowerCase(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

interface Output837 {
  claim(entry: ClaimEntry): void;
  finding(finding: Finding): void;
}

/** Reads the body of one 837P transaction set into claims. */
class Claim837TransactionReader implements TransactionHandler {
  private readonly options: Parse837Options;
  private readonly output: Output837;
  private readonly walker: GuideWalker;
  readonly hierarchy: HierarchyChecker;
  private context: TransactionContext | undefined;
  // What the segment handlers fill in, level by level.
  billing: ProviderDraft = emptyProvider();
  subscriber: SubscriberDraft = emptySubscriber();
  patient: PersonDraft | undefined;
  claim: ClaimDraft | undefined;
  line: LineDraft | undefined;

  constructor(options: Parse837Options, output: Output837) {
    this.options = options;
    this.output = output;
    const sink: WalkerSink = {
      opened: (instance, seg) => this.loopOpened(instance, seg),
      segment: (instance, rule, seg) => {
        const handler = rule ? handlers837[rule.slot] : undefined;
        if (handler) handler(this, seg, instance.loop.id);
      },
      closed: (instance) => this.loopClosed(instance),
      finding: (finding) => this.finding(finding),
    };
    this.walker = new GuideWalker(compiled837, sink);
    this.hierarchy = new HierarchyChecker({ "22": "20", "23": "22" }, reference837, (f) => this.finding(f));
  }

  begin(st: SegmentView, context: TransactionContext): void {
    this.context = context;
    this.walker.begin(st);
  }

  segment(seg: SegmentView): void {
    this.walker.segment(seg);
  }

  end(): void {
    this.walker.finish();
    this.hierarchy.finish();
  }

  // ---- What the walker reports ---------------------------------------------------------

  private finding(finding: Finding): void {
    const claim = this.claim;
    if (claim) {
      if (this.line) finding.lines = [claim.lines.length - 1];
      claim.findings.push(finding);
    }
    this.output.finding(finding);
  }

  private loopOpened(instance: LoopInstance, seg: SegmentView): void {
    switch (instance.loop.id) {
      case "2000A":
        this.billing = emptyProvider();
        this.subscriber = emptySubscriber();
        this.patient = undefined;
        break;
      case "2000B":
        this.subscriber = emptySubscriber();
        this.patient = undefined;
        break;
      case "2000C":
        this.patient = emptyPerson();
        break;
      case "2300":
        this.claim = this.newClaim(seg);
        break;
      case "2400":
        if (this.claim) {
          this.line = {
            code: "",
            modifiers: [],
            chargeText: "",
            cents: undefined,
            unitsText: "",
            units: undefined,
            pointers: [],
            date: "",
            position: linePosition(seg),
          };
          this.claim.lines.push(this.line);
        }
        break;
    }
  }

  private loopClosed(instance: LoopInstance): void {
    if (instance.loop.id === "2400") this.line = undefined;
    else if (instance.loop.id === "2300" && this.claim) {
      const draft = this.claim;
      this.line = undefined;
      this.claimChecks(draft);
      this.claim = undefined;
      this.output.claim(this.toEntry(draft));
    }
  }

  private newClaim(seg: SegmentView): ClaimDraft {
    const position: ClaimPosition = {
      segment: seg.segment,
      transactionSegment: seg.transactionSegment,
      offset: seg.offset,
      loop: "2300",
      transaction: this.context?.control ?? "",
      lines: [],
    };
    if (this.options.source !== undefined) position.source = this.options.source;
    return {
      id: "",
      chargeText: "",
      placeOfService: "",
      frequency: "",
      participation: "",
      position,
      payerClaimControlNumber: "",
      medicalRecordNumber: "",
      priorAuthorization: "",
      diagnoses: [],
      hiPosition: undefined,
      initialTreatment: "",
      lastXray: "",
      condition: "",
      hasChiropracticData: false,
      rendering: undefined,
      lines: [],
      findings: [],
      billing: this.billing,
      subscriber: this.subscriber,
      patient: this.patient,
    };
  }

  // ---- Claim-level checks (SNIP 3 balancing, ICD-9/10 dates, NPI, code sets) -----------

  private report(draft: ClaimDraft, finding: Finding): void {
    draft.findings.push(finding);
    this.output.finding(finding);
  }

  private claimChecks(draft: ClaimDraft): void {
    const clm = draft.position;
    const lines = draft.lines;

    // SNIP 3: CLM02 equals the sum of SV102.
    const total = centsFromX12(draft.chargeText);
    let sum = 0;
    let allLinesRead = true;
    let datedLines = 0;
    let linesOnOrAfterIcd10 = 0;
    for (const line of lines) {
      if (line.cents === undefined) allLinesRead = false;
      else sum += line.cents;
      if (line.date !== "") {
        datedLines++;
        if (line.date >= icd10StartDate) linesOnOrAfterIcd10++;
      }
    }
    if (draft.chargeText !== "" && total === undefined) {
      this.report(
        draft,
        x12Finding(
          { loop: "2300", segmentId: "CLM", element: 2, position: clm },
          `CLM02 total charge ${JSON.stringify(draft.chargeText)} is not an amount in dollars and cents`,
          {
            reference: reference837,
          },
        ),
      );
    } else if (total !== undefined && allLinesRead && draft.lines.length > 0 && total !== sum) {
      this.report(
        draft,
        x12Finding(
          { loop: "2300", segmentId: "CLM", element: 2, position: clm },
          `CLM02 total charge ${formatCents(total)} does not equal the sum of the ${draft.lines.length} line charges (SV102), ${formatCents(sum)}; correct CLM02 or the line charges`,
          { rule: "claim-structure", reference: snipReference.balancing837 },
        ),
      );
    }

    // ICD-9 (BK/BF) for services from 2015-10-01 on, and ICD-10 (ABK/ABF) before it.
    const hi = draft.hiPosition;
    let icd9: DiagnosisDraft | undefined;
    let icd10: DiagnosisDraft | undefined;
    let extraPrincipal = false;
    for (let i = 0; i < draft.diagnoses.length; i++) {
      const d = draft.diagnoses[i] as DiagnosisDraft;
      if (d.qualifier === "BK" || d.qualifier === "BF") icd9 ??= d;
      else if (d.qualifier === "ABK" || d.qualifier === "ABF") icd10 ??= d;
      if (i > 0 && (d.qualifier === "ABK" || d.qualifier === "BK")) extraPrincipal = true;
    }
    const linesOnOrAfter =
      icd9 && linesOnOrAfterIcd10 > 0
        ? lines.flatMap((l, i) => (l.date !== "" && l.date >= icd10StartDate ? [i] : []))
        : [];
    if (icd9 && icd10) {
      this.report(
        draft,
        x12Finding(
          { loop: "2300", segmentId: "HI", element: icd9.element, component: 1, position: hi },
          "HI mixes ICD-10-CM (ABK/ABF) and ICD-9-CM (BK/BF) qualifiers; one claim uses one code set",
          {
            reference: reference837,
          },
        ),
      );
    } else if (icd9 && linesOnOrAfter.length > 0) {
      this.report(
        draft,
        x12Finding(
          { loop: "2300", segmentId: "HI", element: icd9.element, component: 1, position: hi },
          `HI uses ICD-9-CM (qualifier ${icd9.qualifier}) but ${linesOnOrAfter.length} line${linesOnOrAfter.length === 1 ? " is" : "s are"} dated on or after ${icd10StartDate}, when ICD-10-CM became required; recode the diagnoses in ICD-10-CM (ABK/ABF)`,
          {
            reference: "HHS ICD-10 compliance date, 45 CFR 162.1002; 005010X222A1 HI01-1",
            lines: linesOnOrAfter,
          },
        ),
      );
    } else if (icd10 && datedLines > 0 && linesOnOrAfterIcd10 === 0) {
      this.report(
        draft,
        x12Finding(
          { loop: "2300", segmentId: "HI", element: icd10.element, component: 1, position: hi },
          `HI uses ICD-10-CM (qualifier ${icd10.qualifier}) but every service is dated before ${icd10StartDate}; those claims take ICD-9-CM (BK/BF)`,
          { reference: "HHS ICD-10 compliance date, 45 CFR 162.1002; 005010X222A1 HI01-1" },
        ),
      );
    }
    if (extraPrincipal) {
      this.report(
        draft,
        x12Finding(
          { loop: "2300", segmentId: "HI", position: hi },
          "only HI01 may carry the principal diagnosis qualifier (ABK or BK); use ABF or BF for the others",
          { reference: reference837 },
        ),
      );
    }

    // Pointers must point at an HI position that holds a diagnosis.
    draft.lines.forEach((line, index) => {
      line.pointers.forEach((pointer, k) => {
        const n = Number(pointer);
        if (n > draft.diagnoses.length) {
          this.report(
            draft,
            x12Finding(
              { loop: "2400", segmentId: "SV1", element: 7, component: k + 1, position: line.position },
              `diagnosis pointer ${n} points past the ${draft.diagnoses.length} diagnosis code${draft.diagnoses.length === 1 ? "" : "s"} in HI`,
              { reference: reference837, lines: [index] },
            ),
          );
        }
      });
      const units = line.units;
      if (units !== undefined && !Number.isInteger(units)) {
        this.report(
          draft,
          x12Finding(
            { loop: "2400", segmentId: "SV1", element: 4, position: line.position },
            `SV104 is ${line.unitsText} units; cleanclaim bills whole units, so the line is read as ${Math.trunc(units)}`,
            { rule: "claim-structure", reference: reference837, lines: [index] },
          ),
        );
      }
    });

    // Corrected claims name the claim they correct (REF*F8).
    if ((draft.frequency === "7" || draft.frequency === "8") && draft.payerClaimControlNumber === "") {
      this.report(
        draft,
        x12Finding(
          { loop: "2300", segmentId: "REF", position: clm },
          `claim frequency ${draft.frequency} (${draft.frequency === "7" ? "replacement" : "void"}) needs REF*F8 with the payer claim control number of the claim it corrects`,
          { reference: reference837 },
        ),
      );
    }

    // NPI check digits, always (claim-structure, contract §3).
    this.checkNpi(draft, draft.billing.npi, draft.billing.npiPosition, "2010AA");
    if (draft.rendering) this.checkNpi(draft, draft.rendering.npi, draft.rendering.npiPosition, "2310B");

    if (this.options.reference) this.codeSetChecks(draft, this.options.reference);
  }

  private checkNpi(
    draft: ClaimDraft,
    npi: string,
    position: SegmentPosition | undefined,
    loop: string,
  ): void {
    if (npi !== "" && !this.npiIsValid(npi)) {
      this.report(
        draft,
        x12Finding(
          { loop, segmentId: "NM1", element: 9, position },
          `NPI ${JSON.stringify(npi)} is not valid: ${/^\d{10}$/.test(npi) ? "its check digit is wrong (Luhn with prefix 80840)" : "an NPI is 10 digits"}; check the number in NPPES`,
          { rule: "claim-structure", reference: "CMS NPI check digit (Luhn formula with prefix 80840)" },
        ),
      );
    }
  }

  /** Claims repeat their providers' NPIs: remember the valid ones (a bounded set). */
  private readonly validNpis = new Set<string>();
  private npiIsValid(npi: string): boolean {
    if (this.validNpis.has(npi)) return true;
    const valid = isValidNpi(npi);
    if (valid) {
      if (this.validNpis.size > 10_000) this.validNpis.clear();
      this.validNpis.add(npi);
    }
    return valid;
  }

  /** SNIP 4-5: the codes exist and are valid on the date of service in the loaded editions. */
  private codeSetChecks(draft: ClaimDraft, reference: ReferenceData): void {
    const firstDate = draft.lines.map((l) => l.date).find((d) => d !== "");
    if (!firstDate) return;
    const ref = snipReference.codeSets;
    for (const diagnosis of draft.diagnoses) {
      if (diagnosis.qualifier !== "ABK" && diagnosis.qualifier !== "ABF") continue;
      const bare = diagnosis.code.replace(".", "").toUpperCase();
      const found = reference.icd10(bare, firstDate);
      if (!found.edition) break;
      const place = {
        loop: "2300",
        segmentId: "HI",
        element: diagnosis.element,
        component: 2,
        position: draft.hiPosition,
      };
      if (!found.value) {
        this.report(
          draft,
          x12Finding(place, `${dottedIcd10(bare)} is not an ICD-10-CM code in ${found.edition.release}`, {
            rule: "diagnosis",
            reference: ref,
          }),
        );
      } else if (!found.value.billable) {
        this.report(
          draft,
          x12Finding(
            place,
            `${dottedIcd10(bare)} is a category, not a billable ICD-10-CM code; code it to the highest specificity`,
            {
              rule: "diagnosis",
              reference: ref,
            },
          ),
        );
      }
    }
    draft.lines.forEach((line, index) => {
      const date = line.date || firstDate;
      if (line.code !== "") {
        const hcpcs = reference.hcpcs(line.code, date);
        const rvu = hcpcs.value ? undefined : reference.rvu(line.code, date);
        if (!hcpcs.value && !rvu?.value && (hcpcs.edition || rvu?.edition)) {
          this.report(
            draft,
            x12Finding(
              { loop: "2400", segmentId: "SV1", element: 1, component: 2, position: line.position },
              `procedure code ${line.code} is not in the loaded HCPCS or fee schedule editions for ${date}`,
              {
                rule: "code-status",
                reference: ref,
                lines: [index],
              },
            ),
          );
        }
      }
      line.modifiers.forEach((modifier, k) => {
        const found = reference.modifier(modifier, date);
        if (found.edition && !found.value) {
          this.report(
            draft,
            x12Finding(
              { loop: "2400", segmentId: "SV1", element: 1, component: k + 3, position: line.position },
              `modifier ${modifier} is not a HCPCS modifier in ${found.edition.release}`,
              {
                rule: "modifier",
                reference: ref,
                lines: [index],
              },
            ),
          );
        }
      });
    });
    if (draft.placeOfService !== "") {
      const pos = reference.placeOfService(draft.placeOfService);
      if (pos.edition && !pos.value) {
        this.report(
          draft,
          x12Finding(
            { loop: "2300", segmentId: "CLM", element: 5, component: 1, position: draft.position },
            `place of service ${JSON.stringify(draft.placeOfService)} is not a CMS place-of-service code`,
            {
              rule: "claim-structure",
              reference: ref,
            },
          ),
        );
      }
    }
  }

  // ---- Claim assembly ----------------------------------------------------------------

  private toEntry(draft: ClaimDraft): ClaimEntry {
    const lines: ClaimLine[] = [];
    const positions: LinePosition[] = [];
    for (const line of draft.lines) {
      const pointers: number[] = [];
      for (const pointer of line.pointers) {
        const n = Number(pointer);
        if (Number.isInteger(n)) pointers.push(n);
      }
      lines.push({
        code: line.code,
        modifiers: line.modifiers,
        units: line.units === undefined ? 0 : Math.trunc(line.units),
        charge: line.cents === undefined ? "" : moneyText(line.cents),
        diagnosisPointers: pointers,
        dateOfService: line.date,
      });
      positions.push(line.position);
    }
    draft.position.lines = positions;

    const subscriber = draft.subscriber;
    const person = draft.patient ?? subscriber;
    const patient: Patient = {};
    if (draft.medicalRecordNumber) patient.id = draft.medicalRecordNumber;
    if (person.firstName) patient.firstName = person.firstName;
    if (person.lastName) patient.lastName = person.lastName;
    if (person.birthDate) patient.birthDate = person.birthDate;
    if (person.sex === "F" || person.sex === "M" || person.sex === "U") patient.sex = person.sex;
    if (subscriber.memberId) patient.memberId = subscriber.memberId;
    if (person.zip) patient.zip = person.zip;
    if (person.address) patient.address = person.address;
    if (person.city) patient.city = person.city;
    if (person.state) patient.state = person.state;

    const payerType = payerTypeByFilingIndicator[subscriber.filingIndicator];
    if (!payerType) {
      this.report(
        draft,
        x12Finding(
          { loop: "2000B", segmentId: "SBR", element: 9, position: subscriber.sbrPosition },
          `SBR09 claim filing indicator ${subscriber.filingIndicator === "" ? "is missing" : `${JSON.stringify(subscriber.filingIndicator)} is not known`}; the payer is treated as commercial`,
          { severity: "warning", reference: reference837 },
        ),
      );
    }
    const payer: Payer = { id: subscriber.payerId, type: payerType ?? "commercial" };
    if (subscriber.payerName) payer.name = subscriber.payerName;

    const billing = draft.billing;
    const billingProvider: BillingProvider = { npi: billing.npi };
    if (billing.taxId) billingProvider.taxId = billing.taxId;
    const billingName =
      billing.entityType === "1" && billing.firstName ? `${billing.firstName} ${billing.name}` : billing.name;
    if (billingName) billingProvider.name = billingName;
    if (billing.address) billingProvider.address = billing.address;
    if (billing.city) billingProvider.city = billing.city;
    if (billing.state) billingProvider.state = billing.state;
    if (billing.zip) billingProvider.zip = billing.zip;

    const renderingProvider = this.renderingProvider(draft);

    const claim: Claim = {
      id: draft.id,
      frequency: draft.frequency === "7" || draft.frequency === "8" ? draft.frequency : "1",
      payerClaimControlNumber: draft.payerClaimControlNumber === "" ? null : draft.payerClaimControlNumber,
      patient,
      payer,
      billingProvider,
      renderingProvider,
      placeOfService: draft.placeOfService,
      diagnoses: draft.diagnoses.map((d) =>
        d.qualifier === "ABK" || d.qualifier === "ABF" ? dottedIcd10(d.code) : d.code,
      ),
      lines,
      chiropractic: null,
    };
    if (draft.hasChiropracticData) {
      const chiropractic: NonNullable<Claim["chiropractic"]> = {
        activeTreatment:
          draft.condition !== ""
            ? activeTreatmentConditions.has(draft.condition)
            : lines.some((l) => l.modifiers.includes("AT")),
      };
      if (draft.initialTreatment) chiropractic.initialTreatmentDate = draft.initialTreatment;
      if (draft.lastXray) chiropractic.xrayDate = draft.lastXray;
      claim.chiropractic = chiropractic;
    }
    if (draft.priorAuthorization) claim.authorization = { number: draft.priorAuthorization };
    return { claim, position: draft.position, findings: draft.findings };
  }

  /**
   * 2310B when present; otherwise the billing provider rendered the service (the guide's
   * rule for omitting 2310B). CLM07 "C" (not assigned) means a non-participating provider.
   */
  private renderingProvider(draft: ClaimDraft): RenderingProvider {
    const rendering = draft.rendering;
    const taxonomy = rendering ? rendering.taxonomy : draft.billing.taxonomy;
    let credential = taxonomy ? credentialForTaxonomy(taxonomy) : undefined;
    if (!credential) {
      credential = draft.hasChiropracticData ? "DC" : (this.options.defaultCredential ?? "PT");
      const where = rendering
        ? { loop: "2310B", segmentId: "PRV", position: rendering.npiPosition }
        : { loop: "2000A", segmentId: "PRV", position: draft.position };
      this.report(
        draft,
        x12Finding(
          { ...where, element: 3 },
          `${taxonomy ? `taxonomy ${taxonomy} does not name a credential cleanclaim knows` : "no rendering provider taxonomy (PRV)"}; the rendering provider is assumed to be ${credential}`,
          { severity: "info", reference: "NUCC health care provider taxonomy; 005010X222A1 PRV03" },
        ),
      );
    }
    const provider: RenderingProvider = { credential, participating: draft.participation !== "C" };
    if (rendering) {
      if (rendering.npi) provider.npi = rendering.npi;
      if (rendering.entityType === "1") {
        if (rendering.firstName) provider.firstName = rendering.firstName;
        if (rendering.lastName) provider.lastName = rendering.lastName;
      }
    } else {
      if (draft.billing.npi) provider.npi = draft.billing.npi;
      if (draft.billing.entityType === "1") {
        if (draft.billing.firstName) provider.firstName = draft.billing.firstName;
        if (draft.billing.name) provider.lastName = draft.billing.name;
      }
    }
    return provider;
  }
}

type SegmentHandler = (reader: Claim837TransactionReader, seg: SegmentView, loop: string) => void;

/**
 * What cleanclaim takes from each segment, by "loop/segment". The walker has already
 * placed and validated the segment; a handler only copies values.
 */
const segmentHandlers: Record<string, SegmentHandler> = {
  "2000A/HL": (r, seg, loop) => r.hierarchy.hl(seg, loop),
  "2000B/HL": (r, seg, loop) => r.hierarchy.hl(seg, loop),
  "2000C/HL": (r, seg, loop) => r.hierarchy.hl(seg, loop),
  "2000A/PRV": (r, seg) => {
    r.billing.taxonomy = seg.element(3);
  },
  "2010AA/NM1": (r, seg) => {
    const billing = r.billing;
    billing.entityType = seg.element(2);
    billing.name = seg.element(3);
    billing.firstName = seg.element(4);
    billing.npi = seg.element(9);
    billing.npiPosition = seg.position();
  },
  "2010AA/N3": (r, seg) => {
    r.billing.address = addressOf(seg);
  },
  "2010AA/N4": (r, seg) => {
    r.billing.city = seg.element(1);
    r.billing.state = seg.element(2);
    r.billing.zip = seg.element(3);
  },
  "2010AA/REF": (r, seg) => {
    if (seg.elementIs(1, "EI") || seg.elementIs(1, "SY")) r.billing.taxId = seg.element(2);
  },
  "2000B/SBR": (r, seg) => {
    r.subscriber.filingIndicator = seg.element(9);
    r.subscriber.sbrPosition = seg.position();
  },
  "2010BA/NM1": (r, seg) => {
    r.subscriber.lastName = seg.element(3);
    r.subscriber.firstName = seg.element(4);
    r.subscriber.memberId = seg.element(9);
  },
  "2010BA/N3": (r, seg) => {
    r.subscriber.address = addressOf(seg);
  },
  "2010BA/N4": (r, seg) => readCityStateZip(r.subscriber, seg),
  "2010BA/DMG": (r, seg) => readDemographics(r.subscriber, seg),
  "2010BB/NM1": (r, seg) => {
    r.subscriber.payerName = seg.element(3);
    r.subscriber.payerId = seg.element(9);
  },
  "2010CA/NM1": (r, seg) => {
    if (!r.patient) return;
    r.patient.lastName = seg.element(3);
    r.patient.firstName = seg.element(4);
  },
  "2010CA/N3": (r, seg) => {
    if (r.patient) r.patient.address = addressOf(seg);
  },
  "2010CA/N4": (r, seg) => {
    if (r.patient) readCityStateZip(r.patient, seg);
  },
  "2010CA/DMG": (r, seg) => {
    if (r.patient) readDemographics(r.patient, seg);
  },
  "2300/CLM": (r, seg) => {
    const claim = r.claim;
    if (!claim) return;
    claim.id = seg.element(1);
    claim.chargeText = seg.element(2);
    const components: string[] = [];
    const count = seg.componentsInto(5, components);
    claim.placeOfService = count > 0 ? (components[0] as string) : "";
    claim.frequency = count > 2 ? (components[2] as string) : "";
    claim.participation = seg.element(7);
  },
  "2300/DTP": (r, seg) => {
    const claim = r.claim;
    if (!claim) return;
    if (seg.elementIs(1, "454")) {
      claim.initialTreatment = dateOf(seg.element(3));
      claim.hasChiropracticData = true;
    } else if (seg.elementIs(1, "455")) {
      claim.lastXray = dateOf(seg.element(3));
      claim.hasChiropracticData = true;
    }
  },
  "2300/REF": (r, seg) => {
    const claim = r.claim;
    if (!claim) return;
    if (seg.elementIs(1, "F8")) claim.payerClaimControlNumber = seg.element(2);
    else if (seg.elementIs(1, "G1")) claim.priorAuthorization = seg.element(2);
    else if (seg.elementIs(1, "EA")) claim.medicalRecordNumber = seg.element(2);
  },
  "2300/CR2": (r, seg) => {
    const claim = r.claim;
    if (!claim) return;
    claim.condition = seg.element(8);
    claim.hasChiropracticData = true;
  },
  "2300/HI": (r, seg) => {
    const claim = r.claim;
    if (!claim) return;
    const qualifier = seg.component(1, 1);
    if (qualifier !== "ABK" && qualifier !== "BK") return;
    claim.hiPosition = seg.position();
    for (let n = 1; n <= seg.elementCount; n++) {
      const components: string[] = [];
      const count = seg.componentsInto(n, components);
      if (count === 0) continue;
      claim.diagnoses.push({
        qualifier: components[0] as string,
        code: count > 1 ? (components[1] as string) : "",
        element: n,
      });
    }
  },
  "2310B/NM1": (r, seg) => {
    const claim = r.claim;
    if (!claim) return;
    claim.rendering = {
      entityType: seg.element(2),
      name: seg.element(3),
      lastName: seg.element(3),
      firstName: seg.element(4),
      npi: seg.element(9),
      npiPosition: seg.position(),
      taxonomy: "",
      address: "",
      city: "",
      state: "",
      zip: "",
      taxId: "",
    };
  },
  "2310B/PRV": (r, seg) => {
    if (r.claim?.rendering) r.claim.rendering.taxonomy = seg.element(3);
  },
  "2400/SV1": (r, seg) => {
    const line = r.line;
    if (!line) return;
    // The position taken at LX is not shared yet: move it to SV1 instead of allocating another.
    const position = line.position;
    position.segment = seg.segment;
    position.transactionSegment = seg.transactionSegment;
    position.offset = seg.offset;
    const components: string[] = [];
    const count = seg.componentsInto(1, components);
    line.code = count > 1 ? (components[1] as string) : "";
    for (let c = 2; c < count && c < 6; c++) {
      const modifier = components[c] as string;
      if (modifier) line.modifiers.push(modifier);
    }
    line.chargeText = seg.element(2);
    line.cents = centsFromX12(line.chargeText);
    line.unitsText = seg.element(4);
    line.units = quantityFromX12(line.unitsText);
    const pointers = seg.componentsInto(7, components);
    for (let c = 0; c < pointers && c < 4; c++) {
      const pointer = components[c] as string;
      if (pointer) line.pointers.push(pointer);
    }
  },
  "2400/DTP": (r, seg) => {
    if (r.line && seg.elementIs(1, "472")) r.line.date = dateOf(seg.element(3));
  },
};

function readCityStateZip(person: PersonDraft, seg: SegmentView): void {
  person.city = seg.element(1);
  person.state = seg.element(2);
  person.zip = seg.element(3);
}

function readDemographics(person: PersonDraft, seg: SegmentView): void {
  person.birthDate = seg.elementIs(1, "D8") ? dateOf(seg.element(2)) : "";
  person.sex = seg.element(3);
}

const handlers837 = handlerTable(compiled837, segmentHandlers);

function handlerFactory(options: Parse837Options, output: Output837) {
  return (context: TransactionContext): TransactionHandler | string => {
    if (context.set !== "837") {
      return `transaction set ${JSON.stringify(context.set)} is not an 837; this reader reads 837P (005010X222A1) claims`;
    }
    // A file without GS08/ST03 is read as 5010 (the missing ST03 is reported by the guide).
    if (context.version !== "" && context.version !== guide837p.version) {
      return `837 version ${JSON.stringify(context.version)} is not read; cleanclaim reads 837 Professional ${guide837p.version} (ST03)`;
    }
    return new Claim837TransactionReader(options, output);
  };
}

/**
 * Reads an 837P file: claims with their source positions, and findings for syntax
 * (SNIP 1), implementation-guide (SNIP 2), balancing (SNIP 3) and, with reference data,
 * code-set problems (SNIP 4-5). Never throws on bad input: problems come back as
 * positioned findings.
 */
export function parse837(input: X12Input, options: Parse837Options = {}): Parse837Result {
  const claims: ClaimEntry[] = [];
  const findings: Finding[] = [];
  const output: Output837 = {
    claim: (entry) => claims.push(entry),
    finding: (finding) => findings.push(finding),
  };
  const interchange = new InterchangeReader({
    handlerFor: handlerFactory(options, output),
    finding: (f) => findings.push(f),
  });
  const tokenizer = new SegmentTokenizer(interchange);
  tokenizer.push(input);
  tokenizer.end();
  interchange.end();
  return { claims, findings };
}

/**
 * Streams an 837P in constant memory. Each step yields what the chunks read so far
 * completed, in the same shape as parse837: the claims whose loop closed, and the
 * findings (claim findings also sit in their claim's entry). Batches, not single
 * claims, because an await per claim would cost more than reading the claim.
 */
const sliceBytes = 65_536;

export async function* parse837Stream(
  source: X12Source,
  options: Parse837Options = {},
): AsyncGenerator<Parse837Result> {
  let batch: Parse837Result = { claims: [], findings: [] };
  const output: Output837 = {
    claim: (entry) => batch.claims.push(entry),
    finding: (finding) => batch.findings.push(finding),
  };
  const interchange = new InterchangeReader({
    handlerFor: handlerFactory(options, output),
    finding: (finding) => batch.findings.push(finding),
  });
  const tokenizer = new SegmentTokenizer(interchange);
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    // Large chunks are read in slices, so that a batch of claims dies young (cheap to collect).
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    for (let at = 0; at < bytes.length; at += sliceBytes) {
      tokenizer.push(at === 0 && bytes.length <= sliceBytes ? bytes : bytes.subarray(at, at + sliceBytes));
      if (batch.claims.length > 0 || batch.findings.length > 0) {
        yield batch;
        batch = { claims: [], findings: [] };
      }
    }
  }
  tokenizer.end();
  interchange.end();
  if (batch.claims.length > 0 || batch.findings.length > 0) yield batch;
}
