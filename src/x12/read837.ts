import { type Accident, type Claim, type ClaimLine, claimSchema, type Subscriber } from "../model/claim.js";
import type {
  BillingProvider,
  Credential,
  Patient,
  Payer,
  RenderingProvider,
  ServiceFacility,
} from "../model/common.js";
import type { IsoDate } from "../model/dates.js";
import type { Finding } from "../model/finding.js";
import type { ReferenceData } from "../reference/types.js";
import { centsFromX12, moneyText, quantityFromX12 } from "./amounts.js";
import { balance837 } from "./balance837.js";
import { type ClaimPlaces837, codeSetFindings837, placeOf } from "./claim-rules837.js";
import {
  activeTreatmentConditions,
  credentialForTaxonomy,
  payerTypeByFilingIndicator,
} from "./code-lists.js";
import type {
  ClaimDraft,
  ClaimPosition,
  LineDraft,
  LinePosition,
  PatientDraft,
  PersonDraft,
  ProviderDraft,
  SubscriberDraft,
} from "./draft837.js";
import { x12Finding } from "./findings.js";
import { compileGuide, handlerTable } from "./guide.js";
import { guide837p } from "./guide-837p.js";
import { HierarchyChecker } from "./hierarchy.js";
import { InterchangeReader, type TransactionContext, type TransactionHandler } from "./interchange.js";
import type { SegmentView } from "./segment.js";
import { SegmentTokenizer, type X12Input, type X12Source } from "./tokenizer.js";
import { GuideWalker, type LoopInstance, type WalkerSink } from "./walker.js";
import { isoFromX12Date } from "./x12-date.js";

export type { ClaimPosition, LinePosition } from "./draft837.js";

/** One claim read from an 837P, with its source position and the findings inside it. */
export interface ClaimEntry {
  claim: Claim;
  position: ClaimPosition;
  /** Findings inside this claim's loops (2300 and below) and the claim-level checks. */
  findings: Finding[];
}

export interface Parse837Options {
  /**
   * Reference data for the code-set checks (SNIP 4-5): with it, the engine's `diagnosis`,
   * `modifier`, `code-status` and `claim-structure` rules judge each claim, positioned at
   * its segments (what `x12 parse` does). Without it the reader checks the X12 only, and
   * the caller runs the engine (what `scrub` does), so nothing is reported twice.
   */
  reference?: ReferenceData;
  /**
   * The caller's today, for the code-set rules' date checks (a date of service after it is
   * an error). Without it, future dates are not judged here (`scrub` judges them).
   */
  asOf?: IsoDate;
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

// Literal objects, not a spread of a shared person draft: one is made per subscriber and
// patient loop, and a spread builds the object key by key (a slower shape, more garbage;
// the reader ran at a third of its speed).
const emptyPatient = (): PatientDraft => ({
  lastName: "",
  firstName: "",
  memberId: "",
  address: "",
  city: "",
  state: "",
  zip: "",
  birthDate: "",
  sex: "",
  namePosition: undefined,
  propertyCasualtyClaimNumber: "",
  relationship: "",
  patPosition: undefined,
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
  namePosition: undefined,
  propertyCasualtyClaimNumber: "",
  entityType: "",
  filingIndicator: "",
  relationship: "",
  sbrPosition: undefined,
  payerName: "",
  payerId: "",
  payerPosition: undefined,
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
  /** `places` is built on demand: only the code-set checks need it. */
  claim(entry: ClaimEntry, places: () => ClaimPlaces837): void;
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
  patient: PatientDraft | undefined;
  claim: ClaimDraft | undefined;
  line: LineDraft | undefined;
  /** Errors reported so far: a claim is validated against the schema only after one. */
  private errors = 0;

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
    if (finding.severity === "error") this.errors++;
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
        this.patient = emptyPatient();
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
      balance837(draft, (f) => this.report(draft, f));
      this.claim = undefined;
      this.emit(draft);
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
      relatedCauses: [],
      accidentState: "",
      accidentDate: "",
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
      facility: undefined,
      lines: [],
      findings: [],
      billing: this.billing,
      subscriber: this.subscriber,
      patient: this.patient,
    };
  }

  // ---- Claim-level checks: balance837.ts (X12), claim-rules837.ts (the engine's code sets) ----

  private report(draft: ClaimDraft, finding: Finding): void {
    if (finding.severity === "error") this.errors++;
    draft.findings.push(finding);
    this.output.finding(finding);
  }

  // ---- Claim assembly ----------------------------------------------------------------

  private places(draft: ClaimDraft): ClaimPlaces837 {
    const hiElements: number[] = [];
    let icd9 = false;
    for (const d of draft.diagnoses) {
      hiElements.push(d.element);
      if (d.qualifier === "BK" || d.qualifier === "BF") icd9 = true;
    }
    return {
      clm: draft.position,
      lines: draft.position.lines,
      hi: draft.hiPosition,
      hiElements,
      billingNpi: draft.billing.npiPosition,
      renderingNpi: draft.rendering?.npiPosition,
      subscriberName: draft.subscriber.namePosition,
      patientName: draft.patient?.namePosition,
      patientRelationship: draft.patient?.patPosition,
      payer: draft.subscriber.payerPosition,
      icd9,
    };
  }

  /**
   * Hands the claim on, unless the X12 did not give what a Claim needs (an empty NM109
   * for the payer id, a missing CLM01, a line without a date): then the claim is not read,
   * and each missing value is a positioned finding, instead of an invalid Claim that would
   * fail later. After a clean transaction so far nothing can be missing: no schema check
   * (it would cost as much as reading the claim).
   */
  private emit(draft: ClaimDraft): void {
    const claim = this.toClaim(draft);
    // The accident's refinements (CLM11-4 for AA, DTP*439) are not the walker's: check those too.
    if (
      this.errors > 0 ||
      claim.accident !== undefined ||
      claim.subscriber !== undefined ||
      claim.employer !== undefined
    ) {
      const checked = claimSchema.safeParse(claim);
      const unreadable = checked.success ? [] : checked.error.issues.filter((i) => !judgedByRules(i.path));
      if (unreadable.length > 0) {
        const label = draft.id === "" ? "the claim" : `claim ${JSON.stringify(draft.id)}`;
        for (const issue of unreadable) {
          const path = jsonPath(issue.path);
          const line = /^\$\.lines\[(\d+)\]/.exec(path);
          this.report(
            draft,
            x12Finding(
              placeOf(path, this.places(draft)),
              `${label} is not read, so it is not scrubbed: ${path} ${issue.code === "too_small" && issue.origin === "string" ? "is empty" : issue.message}; correct the segment and read the file again`,
              { reference: reference837, lines: line ? [Number(line[1])] : [] },
            ),
          );
        }
        return;
      }
    }
    this.output.claim({ claim, position: draft.position, findings: draft.findings }, () =>
      this.places(draft),
    );
  }

  private toClaim(draft: ClaimDraft): Claim {
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
    const facility = draft.facility;
    let serviceFacility: ServiceFacility | undefined;
    if (facility) {
      serviceFacility = { name: facility.name };
      if (facility.npi) serviceFacility.npi = facility.npi;
      if (facility.address) serviceFacility.address = facility.address;
      if (facility.city) serviceFacility.city = facility.city;
      if (facility.state) serviceFacility.state = facility.state;
      if (facility.zip) serviceFacility.zip = facility.zip;
    }

    const claim: Claim = {
      id: draft.id,
      frequency: draft.frequency === "7" || draft.frequency === "8" ? draft.frequency : "1",
      payerClaimControlNumber: draft.payerClaimControlNumber === "" ? null : draft.payerClaimControlNumber,
      patient,
      payer,
      billingProvider,
      ...(serviceFacility ? { serviceFacility } : {}),
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
    const accident = accidentOf(draft);
    if (accident) claim.accident = accident;
    // REF*Y4 is in 2010CA when a 2000C patient level is sent, else in 2010BA.
    const claimNumber = draft.patient?.propertyCasualtyClaimNumber || subscriber.propertyCasualtyClaimNumber;
    if (claimNumber) claim.propertyCasualtyClaimNumber = claimNumber;
    if (draft.patient && subscriber.entityType === "2") {
      // A non-person subscriber is the employer on a workers' comp claim (X12 RFI 1925).
      claim.employer = { name: subscriber.lastName };
    } else if (draft.patient) {
      // 2000C: the patient is not the subscriber; the subscriber is 2010BA (memberId stays on patient).
      const s: Subscriber = {
        relationship: draft.patient.relationship as Subscriber["relationship"],
        lastName: subscriber.lastName,
      };
      if (subscriber.firstName) s.firstName = subscriber.firstName;
      if (subscriber.birthDate) s.birthDate = subscriber.birthDate;
      if (subscriber.sex === "F" || subscriber.sex === "M" || subscriber.sex === "U") s.sex = subscriber.sex;
      if (subscriber.address) s.address = subscriber.address;
      if (subscriber.city) s.city = subscriber.city;
      if (subscriber.state) s.state = subscriber.state;
      if (subscriber.zip) s.zip = subscriber.zip;
      claim.subscriber = s;
    }
    return claim;
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

function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("")}`;
}

/**
 * A malformed procedure code, modifier or diagnosis still makes a claim: the engine's
 * `code-status`, `modifier` and `diagnosis` rules report it, in their words (ICD-9-era
 * files carry 6-character codes). Anything else missing or malformed does not.
 */
function judgedByRules(path: readonly PropertyKey[]): boolean {
  return (
    (path.length === 2 && path[0] === "diagnoses") ||
    (path.length >= 3 && path[0] === "lines" && (path[2] === "code" || path[2] === "modifiers"))
  );
}

/** CLM11 and DTP*439 as the claim's accident; undefined when CLM11 names no cause. */
function accidentOf(draft: ClaimDraft): Accident | undefined {
  if (draft.relatedCauses.length === 0) return undefined;
  const accident: Accident = { causes: draft.relatedCauses as Accident["causes"] };
  if (draft.accidentDate) accident.date = draft.accidentDate;
  if (draft.accidentState) accident.state = draft.accidentState;
  return accident;
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
    r.subscriber.relationship = seg.element(2);
    r.subscriber.filingIndicator = seg.element(9);
    r.subscriber.sbrPosition = seg.position();
  },
  "2010BA/NM1": (r, seg) => {
    r.subscriber.namePosition = seg.position();
    r.subscriber.entityType = seg.element(2);
    r.subscriber.lastName = seg.element(3);
    r.subscriber.firstName = seg.element(4);
    r.subscriber.memberId = seg.element(9);
  },
  "2010BA/N3": (r, seg) => {
    r.subscriber.address = addressOf(seg);
  },
  "2010BA/N4": (r, seg) => readCityStateZip(r.subscriber, seg),
  "2010BA/DMG": (r, seg) => readDemographics(r.subscriber, seg),
  "2010BA/REF": (r, seg) => {
    if (seg.elementIs(1, "Y4")) r.subscriber.propertyCasualtyClaimNumber = seg.element(2);
  },
  "2010BB/NM1": (r, seg) => {
    r.subscriber.payerPosition = seg.position();
    r.subscriber.payerName = seg.element(3);
    r.subscriber.payerId = seg.element(9);
  },
  "2000C/PAT": (r, seg) => {
    if (!r.patient) return;
    r.patient.relationship = seg.element(1);
    r.patient.patPosition = seg.position();
  },
  "2010CA/NM1": (r, seg) => {
    if (!r.patient) return;
    r.patient.namePosition = seg.position();
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
  "2010CA/REF": (r, seg) => {
    if (r.patient && seg.elementIs(1, "Y4")) r.patient.propertyCasualtyClaimNumber = seg.element(2);
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
    // CLM11: related causes (CLM11-1 to -3) and the auto accident state (CLM11-4).
    const causes = seg.componentsInto(11, components);
    for (let c = 0; c < causes && c < 3; c++) {
      const cause = components[c] as string;
      if (cause) claim.relatedCauses.push(cause);
    }
    claim.accidentState = causes > 3 ? (components[3] as string) : "";
  },
  "2300/DTP": (r, seg) => {
    const claim = r.claim;
    if (!claim) return;
    if (seg.elementIs(1, "454")) {
      claim.initialTreatment = dateOf(seg.element(3));
      claim.hasChiropracticData = true;
    } else if (seg.elementIs(1, "439")) {
      claim.accidentDate = dateOf(seg.element(3));
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
  "2310C/NM1": (r, seg) => {
    if (!r.claim) return;
    r.claim.facility = {
      name: seg.element(3),
      npi: seg.element(9),
      address: "",
      city: "",
      state: "",
      zip: "",
    };
  },
  "2310C/N3": (r, seg) => {
    if (r.claim?.facility) r.claim.facility.address = addressOf(seg);
  },
  "2310C/N4": (r, seg) => {
    const facility = r.claim?.facility;
    if (!facility) return;
    facility.city = seg.element(1);
    facility.state = seg.element(2);
    facility.zip = seg.element(3);
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

/**
 * With reference data, each claim is judged by the engine's code-set rules as it closes;
 * their findings join the claim's, in file order.
 */
function withCodeSets(options: Parse837Options, output: Output837): Output837 {
  const reference = options.reference;
  if (!reference) return output;
  return {
    claim(entry, places) {
      for (const f of codeSetFindings837(entry.claim, places(), reference, options.asOf)) {
        entry.findings.push(f);
        output.finding(f);
      }
      output.claim(entry, places);
    },
    finding: (f) => output.finding(f),
  };
}

function handlerFactory(options: Parse837Options, sink: Output837) {
  const output = withCodeSets(options, sink);
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
