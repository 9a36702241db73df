import type { Finding } from "../model/finding.js";
import { centsFromX12, moneyText, quantityFromX12 } from "./amounts.js";
import { snipReference, x12Finding } from "./findings.js";
import { compileGuide, handlerTable } from "./guide.js";
import { guide835 } from "./guide-835.js";
import { InterchangeReader, type TransactionContext, type TransactionHandler } from "./interchange.js";
import type {
  Parse835Result,
  ProviderAdjustment,
  RemitAdjustment,
  RemitClaim,
  RemitServiceLine,
  Remittance,
} from "./remittance.js";
import type { SegmentPosition, SegmentView } from "./segment.js";
import { SegmentTokenizer, type X12Input, type X12Source } from "./tokenizer.js";
import { GuideWalker, type LoopInstance } from "./walker.js";
import { isoFromX12Date } from "./x12-date.js";

const compiled835 = compileGuide(guide835);

/** Amounts kept in cents beside the strings, for balancing. */
interface LineCents {
  charge: number | undefined;
  paid: number | undefined;
  adjustments: number | undefined;
}

interface ClaimDraft {
  claim: RemitClaim;
  charge: number | undefined;
  paid: number | undefined;
  /** Claim-level plus line-level CAS; undefined once an amount is unreadable. */
  adjustments: number | undefined;
  lines: LineCents[];
}

/** SVC01 / SVC06: qualifier, code and modifiers of a composite procedure. */
function procedureOf(seg: SegmentView, n: number): { qualifier: string; code: string; modifiers: string[] } {
  const components: string[] = [];
  const count = seg.componentsInto(n, components);
  const modifiers: string[] = [];
  for (let c = 2; c < count && c < 6; c++) if (components[c]) modifiers.push(components[c] as string);
  return {
    qualifier: count > 0 ? (components[0] as string) : "",
    code: count > 1 ? (components[1] as string) : "",
    modifiers,
  };
}

const money = (cents: number | undefined): string => (cents === undefined ? "" : moneyText(cents));
const addCents = (sum: number | undefined, cents: number | undefined): number | undefined =>
  sum === undefined || cents === undefined ? undefined : sum + cents;

/** Reads the body of one 835 transaction set into a Remittance. */
class RemittanceTransactionReader implements TransactionHandler {
  private readonly output: { remittance(r: Remittance): void; finding(f: Finding): void };
  private readonly walker: GuideWalker;
  remittance: Remittance | undefined;
  paymentCents: number | undefined;
  claimPaidCents: number | undefined = 0;
  providerAdjustmentCents: number | undefined = 0;
  claim: ClaimDraft | undefined;
  line: { line: RemitServiceLine; cents: LineCents } | undefined;

  constructor(output: { remittance(r: Remittance): void; finding(f: Finding): void }) {
    this.output = output;
    this.walker = new GuideWalker(compiled835, {
      opened: (instance, seg) => this.loopOpened(instance, seg),
      segment: (_instance, rule, seg) => {
        const handler = rule ? handlers835[rule.slot] : undefined;
        if (handler) handler(this, seg);
      },
      closed: (instance) => this.loopClosed(instance),
      finding: (finding) => output.finding(finding),
    });
  }

  begin(st: SegmentView, context: TransactionContext): void {
    this.remittance = {
      payment: { amount: "", handling: "", creditDebit: "" },
      payer: {},
      payee: {},
      claims: [],
      providerAdjustments: [],
      transaction: context.control,
      position: st.position(),
    };
    this.walker.begin(st);
  }

  segment(seg: SegmentView): void {
    this.walker.segment(seg);
  }

  end(): void {
    this.walker.finish();
    const remittance = this.remittance;
    if (!remittance) return;
    this.balancePayment(remittance);
    this.output.remittance(remittance);
  }

  private loopOpened(instance: LoopInstance, seg: SegmentView): void {
    if (instance.loop.id === "2100") {
      const claim: RemitClaim = {
        claimId: "",
        status: "",
        charge: "",
        paid: "",
        filingIndicator: "",
        patient: {},
        adjustments: [],
        remarks: [],
        lines: [],
        segment: seg.segment,
        position: seg.position(),
      };
      this.claim = { claim, charge: undefined, paid: undefined, adjustments: 0, lines: [] };
    } else if (instance.loop.id === "2110" && this.claim) {
      const line: RemitServiceLine = {
        qualifier: "",
        code: "",
        modifiers: [],
        charge: "",
        paid: "",
        units: 1,
        adjustments: [],
        remarks: [],
        segment: seg.segment,
        position: seg.position(),
      };
      const cents: LineCents = { charge: undefined, paid: undefined, adjustments: 0 };
      this.claim.claim.lines.push(line);
      this.claim.lines.push(cents);
      this.line = { line, cents };
    }
  }

  private loopClosed(instance: LoopInstance): void {
    if (instance.loop.id === "2110") this.line = undefined;
    else if (instance.loop.id === "2100" && this.claim) {
      this.balanceClaim(this.claim);
      this.remittance?.claims.push(this.claim.claim);
      this.claimPaidCents = addCents(this.claimPaidCents, this.claim.paid);
      this.claim = undefined;
    }
  }

  /** CLP03 − CLP04 equals the claim and line adjustments; each line's SVC02 − SVC03 equals its own. */
  private balanceClaim(draft: ClaimDraft): void {
    const claim = draft.claim;
    draft.lines.forEach((line, index) => {
      if (line.charge === undefined || line.paid === undefined || line.adjustments === undefined) return;
      if (line.charge - line.paid !== line.adjustments) {
        const remitLine = claim.lines[index] as RemitServiceLine;
        this.output.finding(
          x12Finding(
            { loop: "2110", segmentId: "SVC", element: 3, position: remitLine.position },
            `service line ${index + 1} of claim ${claim.claimId} does not balance: charge ${moneyText(line.charge)} − paid ${moneyText(line.paid)} = ${moneyText(line.charge - line.paid)}, but its CAS adjustments total ${moneyText(line.adjustments)}`,
            { reference: snipReference.balancing835 },
          ),
        );
      }
    });
    if (draft.charge === undefined || draft.paid === undefined || draft.adjustments === undefined) return;
    if (draft.charge - draft.paid !== draft.adjustments) {
      this.output.finding(
        x12Finding(
          { loop: "2100", segmentId: "CLP", element: 4, position: claim.position },
          `claim ${claim.claimId} does not balance: charge ${moneyText(draft.charge)} − paid ${moneyText(draft.paid)} = ${moneyText(draft.charge - draft.paid)}, but its claim and line CAS adjustments total ${moneyText(draft.adjustments)}`,
          { reference: snipReference.balancing835 },
        ),
      );
    }
  }

  /** BPR02 equals the claim payments less the provider adjustments (PLB). */
  private balancePayment(remittance: Remittance): void {
    const payment = this.paymentCents;
    const claims = this.claimPaidCents;
    const plb = this.providerAdjustmentCents;
    if (payment === undefined || claims === undefined || plb === undefined) return;
    if (payment !== claims - plb) {
      this.output.finding(
        x12Finding(
          { loop: "HEADER", segmentId: "BPR", element: 2, position: remittance.position },
          `the payment does not balance: BPR02 is ${moneyText(payment)}, but the claim payments (CLP04) total ${moneyText(claims)}${plb !== 0 ? ` less ${moneyText(plb)} of provider adjustments (PLB)` : ""}, which is ${moneyText(claims - plb)}`,
          { reference: snipReference.balancing835 },
        ),
      );
    }
  }

  /** CAS triplets: reason, amount, quantity, up to six per segment. */
  readAdjustments(seg: SegmentView, into: RemitAdjustment[]): number | undefined {
    const group = seg.element(1);
    let total: number | undefined = 0;
    for (let n = 2; n <= 17; n += 3) {
      if (!seg.has(n) && !seg.has(n + 1)) continue;
      const cents = centsFromX12(seg.element(n + 1));
      const adjustment: RemitAdjustment = { group, carc: seg.element(n), amount: money(cents) };
      const quantity = seg.has(n + 2) ? quantityFromX12(seg.element(n + 2)) : undefined;
      if (quantity !== undefined) adjustment.quantity = quantity;
      into.push(adjustment);
      total = addCents(total, cents);
    }
    return total;
  }
}

type SegmentHandler = (reader: RemittanceTransactionReader, seg: SegmentView) => void;

const dateOf = isoFromX12Date;

/** What cleanclaim takes from each 835 segment, by "loop/segment". */
const segmentHandlers: Record<string, SegmentHandler> = {
  "HEADER/BPR": (r, seg) => {
    const remittance = r.remittance;
    if (!remittance) return;
    r.paymentCents = centsFromX12(seg.element(2));
    const payment = remittance.payment;
    payment.amount = money(r.paymentCents);
    payment.handling = seg.element(1);
    payment.creditDebit = seg.element(3);
    if (seg.has(4)) payment.method = seg.element(4);
    const date = dateOf(seg.element(16));
    if (date) payment.date = date;
  },
  "HEADER/TRN": (r, seg) => {
    const payment = r.remittance?.payment;
    if (!payment) return;
    if (seg.has(2)) payment.traceNumber = seg.element(2);
    if (seg.has(3)) payment.originatorId = seg.element(3);
  },
  "HEADER/DTM": (r, seg) => {
    const date = dateOf(seg.element(2));
    if (r.remittance && date) r.remittance.productionDate = date;
  },
  "1000A/N1": (r, seg) => {
    const payer = r.remittance?.payer;
    if (!payer) return;
    if (seg.has(2)) payer.name = seg.element(2);
    if (seg.has(4)) payer.id = seg.element(4);
  },
  "1000A/N3": (r, seg) => {
    if (r.remittance && seg.has(1)) r.remittance.payer.address = seg.element(1);
  },
  "1000A/N4": (r, seg) => {
    const payer = r.remittance?.payer;
    if (!payer) return;
    if (seg.has(1)) payer.city = seg.element(1);
    if (seg.has(2)) payer.state = seg.element(2);
    if (seg.has(3)) payer.zip = seg.element(3);
  },
  "1000A/REF": (r, seg) => {
    const payer = r.remittance?.payer;
    if (payer && payer.id === undefined && seg.elementIs(1, "2U")) payer.id = seg.element(2);
  },
  "1000B/N1": (r, seg) => {
    const payee = r.remittance?.payee;
    if (!payee) return;
    if (seg.has(2)) payee.name = seg.element(2);
    const qualifier = seg.element(3);
    const id = seg.element(4);
    if (qualifier) payee.idQualifier = qualifier;
    if (id) payee.id = id;
    if (qualifier === "XX" && id) payee.npi = id;
    if (qualifier === "FI" && id) payee.taxId = id;
  },
  "1000B/REF": (r, seg) => {
    const payee = r.remittance?.payee;
    if (payee && payee.taxId === undefined && seg.elementIs(1, "TJ")) payee.taxId = seg.element(2);
  },
  "2100/CLP": (r, seg) => {
    const draft = r.claim;
    if (!draft) return;
    const claim = draft.claim;
    claim.claimId = seg.element(1);
    claim.status = seg.element(2);
    draft.charge = centsFromX12(seg.element(3));
    draft.paid = centsFromX12(seg.element(4));
    claim.charge = money(draft.charge);
    claim.paid = money(draft.paid);
    if (seg.has(5)) claim.patientResponsibility = money(centsFromX12(seg.element(5)));
    claim.filingIndicator = seg.element(6);
    if (seg.has(7)) claim.payerClaimControlNumber = seg.element(7);
    if (seg.has(8)) claim.facilityType = seg.element(8);
    if (seg.has(9)) claim.frequency = seg.element(9);
  },
  "2100/CAS": (r, seg) => {
    const draft = r.claim;
    if (draft)
      draft.adjustments = addCents(draft.adjustments, r.readAdjustments(seg, draft.claim.adjustments));
  },
  "2100/NM1": (r, seg) => {
    const claim = r.claim?.claim;
    if (!claim || !seg.elementIs(1, "QC")) return;
    if (seg.has(3)) claim.patient.lastName = seg.element(3);
    if (seg.has(4)) claim.patient.firstName = seg.element(4);
    if (seg.has(9)) claim.patient.memberId = seg.element(9).trim();
  },
  "2100/MOA": (r, seg) => {
    const claim = r.claim?.claim;
    if (!claim) return;
    for (let n = 3; n <= 7; n++) if (seg.has(n)) claim.remarks.push(seg.element(n));
  },
  "2100/MIA": (r, seg) => {
    const claim = r.claim?.claim;
    if (!claim) return;
    for (const n of [5, 20, 21, 22, 23, 24]) if (seg.has(n)) claim.remarks.push(seg.element(n));
  },
  "2100/DTM": (r, seg) => {
    const claim = r.claim?.claim;
    const date = dateOf(seg.element(2));
    if (!claim || !date) return;
    if (seg.elementIs(1, "232")) claim.statementFrom = date;
    else if (seg.elementIs(1, "233")) claim.statementThrough = date;
    else if (seg.elementIs(1, "050")) claim.receivedDate = date;
  },
  "2110/SVC": (r, seg) => {
    const current = r.line;
    if (!current) return;
    const { line, cents } = current;
    const adjudicated = procedureOf(seg, 1);
    line.qualifier = adjudicated.qualifier;
    line.code = adjudicated.code;
    line.modifiers = adjudicated.modifiers;
    cents.charge = centsFromX12(seg.element(2));
    cents.paid = centsFromX12(seg.element(3));
    line.charge = money(cents.charge);
    line.paid = money(cents.paid);
    if (seg.has(4)) line.revenueCode = seg.element(4);
    const units = seg.has(5) ? quantityFromX12(seg.element(5)) : 1;
    line.units = units ?? 1;
    if (seg.has(6)) line.submitted = procedureOf(seg, 6);
    const submittedUnits = seg.has(7) ? quantityFromX12(seg.element(7)) : undefined;
    if (submittedUnits !== undefined) line.submittedUnits = submittedUnits;
  },
  "2110/DTM": (r, seg) => {
    const line = r.line?.line;
    const date = dateOf(seg.element(2));
    if (!line || !date) return;
    if (seg.elementIs(1, "472")) line.dateOfService = date;
    else if (seg.elementIs(1, "150")) {
      line.serviceFrom = date;
      line.dateOfService ??= date;
    } else if (seg.elementIs(1, "151")) line.serviceThrough = date;
  },
  "2110/CAS": (r, seg) => {
    const current = r.line;
    const draft = r.claim;
    if (!current || !draft) return;
    const total = r.readAdjustments(seg, current.line.adjustments);
    current.cents.adjustments = addCents(current.cents.adjustments, total);
    draft.adjustments = addCents(draft.adjustments, total);
  },
  "2110/REF": (r, seg) => {
    if (r.line && seg.elementIs(1, "6R")) r.line.line.controlNumber = seg.element(2);
  },
  "2110/AMT": (r, seg) => {
    if (r.line && seg.elementIs(1, "B6")) r.line.line.allowed = money(centsFromX12(seg.element(2)));
  },
  "2110/LQ": (r, seg) => {
    if (r.line && seg.elementIs(1, "HE")) r.line.line.remarks.push(seg.element(2));
  },
  "SUMMARY/PLB": (r, seg) => {
    const remittance = r.remittance;
    if (!remittance) return;
    const position: SegmentPosition = seg.position();
    const providerId = seg.element(1);
    const fiscalPeriodDate = dateOf(seg.element(2));
    for (let n = 3; n <= 13; n += 2) {
      if (!seg.has(n)) continue;
      const cents = centsFromX12(seg.element(n + 1));
      const adjustment: ProviderAdjustment = {
        providerId,
        reason: seg.component(n, 1),
        amount: money(cents),
        position,
      };
      if (fiscalPeriodDate) adjustment.fiscalPeriodDate = fiscalPeriodDate;
      const reference = seg.component(n, 2);
      if (reference) adjustment.reference = reference;
      remittance.providerAdjustments.push(adjustment);
      r.providerAdjustmentCents = addCents(r.providerAdjustmentCents, cents);
    }
  },
};

const handlers835 = handlerTable(compiled835, segmentHandlers);

function handlerFactory(output: { remittance(r: Remittance): void; finding(f: Finding): void }) {
  return (context: TransactionContext): TransactionHandler | string => {
    if (context.set !== "835") {
      return `transaction set ${JSON.stringify(context.set)} is not an 835; this reader reads 835 remittances (005010X221A1)`;
    }
    // A file without GS08/ST03 is read as 5010 (the missing ST03 is reported by the guide).
    if (context.version !== "" && context.version !== guide835.version) {
      return `835 version ${JSON.stringify(context.version)} is not read; cleanclaim reads ${guide835.version} (ST03)`;
    }
    return new RemittanceTransactionReader(output);
  };
}

/**
 * Reads an 835 (005010X221A1): one Remittance per transaction set, with findings for
 * syntax and guide problems and for amounts that do not balance (BPR02 against the claim
 * payments and PLB; each claim and line against its CAS). Never throws on bad input.
 */
export function parse835(input: X12Input): Parse835Result {
  const remittances: Remittance[] = [];
  const findings: Finding[] = [];
  const output = {
    remittance: (r: Remittance) => remittances.push(r),
    finding: (f: Finding) => findings.push(f),
  };
  const interchange = new InterchangeReader({ handlerFor: handlerFactory(output), finding: output.finding });
  const tokenizer = new SegmentTokenizer(interchange);
  tokenizer.push(input);
  tokenizer.end();
  interchange.end();
  return { remittances, findings };
}

/** Streams an 835: yields the remittances (transaction sets) completed by the chunks read so far. */
export async function* parse835Stream(source: X12Source): AsyncGenerator<Parse835Result> {
  let batch: Parse835Result = { remittances: [], findings: [] };
  const output = {
    remittance: (r: Remittance) => batch.remittances.push(r),
    finding: (f: Finding) => batch.findings.push(f),
  };
  const interchange = new InterchangeReader({ handlerFor: handlerFactory(output), finding: output.finding });
  const tokenizer = new SegmentTokenizer(interchange);
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    tokenizer.push(chunk);
    if (batch.remittances.length > 0 || batch.findings.length > 0) {
      yield batch;
      batch = { remittances: [], findings: [] };
    }
  }
  tokenizer.end();
  interchange.end();
  if (batch.remittances.length > 0 || batch.findings.length > 0) yield batch;
}
