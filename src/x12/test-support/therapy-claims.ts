import type { Claim, ClaimLine } from "../../model/claim.js";
import type { Credential, PayerType } from "../../model/common.js";
import { addDays } from "../../model/dates.js";
import { formatCents } from "../../model/money.js";
import { withNpiCheckDigit } from "../npi.js";

/**
 * Realistic therapy and chiropractic claims, generated deterministically from a seed:
 * practices with their therapists, patients, payers, and visits coded the way a PT,
 * OT, SLP or DC practice bills them. Used by the X12 tests and the benchmark. Every
 * claim has what the 837P needs, so writing and re-reading it is lossless.
 */

/** mulberry32: small, fast, and the same numbers on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
const digits = (random: () => number, n: number): string => {
  let out = String(1 + Math.floor(random() * 9));
  while (out.length < n) out += String(Math.floor(random() * 10));
  return out;
};

interface Service {
  code: string;
  timed: boolean;
  cents: number;
}

/** What each discipline bills, with a plausible practice fee per unit. */
const servicesByDiscipline: Record<"PT" | "OT" | "SLP" | "DC", readonly Service[]> = {
  PT: [
    { code: "97110", timed: true, cents: 6000 },
    { code: "97112", timed: true, cents: 6200 },
    { code: "97140", timed: true, cents: 5500 },
    { code: "97530", timed: true, cents: 6500 },
    { code: "97116", timed: true, cents: 5800 },
    { code: "97035", timed: true, cents: 3000 },
    { code: "97012", timed: false, cents: 4500 },
    { code: "G0283", timed: false, cents: 2500 },
    { code: "97161", timed: false, cents: 15000 },
    { code: "97164", timed: false, cents: 9000 },
  ],
  OT: [
    { code: "97530", timed: true, cents: 6500 },
    { code: "97535", timed: true, cents: 6400 },
    { code: "97110", timed: true, cents: 6000 },
    { code: "97140", timed: true, cents: 5500 },
    { code: "97165", timed: false, cents: 15500 },
    { code: "97168", timed: false, cents: 9500 },
  ],
  SLP: [
    { code: "92507", timed: false, cents: 12000 },
    { code: "92526", timed: false, cents: 11000 },
    { code: "92523", timed: false, cents: 21000 },
  ],
  DC: [
    { code: "98940", timed: false, cents: 5500 },
    { code: "98941", timed: false, cents: 6500 },
    { code: "97012", timed: false, cents: 4000 },
    { code: "97140", timed: true, cents: 5000 },
  ],
};

const diagnosesByDiscipline: Record<"PT" | "OT" | "SLP" | "DC", readonly string[]> = {
  PT: ["M54.50", "M54.16", "M51.26", "M25.561", "S83.511A", "M62.81", "R26.89", "M17.11", "M75.41", "G89.29"],
  OT: ["I69.351", "M25.511", "S52.501A", "G56.01", "M62.81", "R27.8"],
  SLP: ["R13.12", "R47.01", "I69.320", "F80.0", "R49.0"],
  DC: ["M99.03", "M99.01", "M54.50", "M54.2", "M99.04", "M53.3"],
};

const therapyModifier: Record<"PT" | "OT" | "SLP" | "DC", string | undefined> = {
  PT: "GP",
  OT: "GO",
  SLP: "GN",
  DC: undefined,
};

const lastNames = [
  "DIAZ",
  "NGUYEN",
  "SMITH",
  "JOHNSON",
  "GARCIA",
  "O'BRIEN",
  "MULLER",
  "KOWALSKI",
  "PATEL",
  "ROSSI",
  "COHEN",
  "BROWN",
  "TANAKA",
  "OKAFOR",
];
const firstNames = [
  "ANA",
  "JAMES",
  "MARIA",
  "WEI",
  "FATIMA",
  "JOHN",
  "LUCIA",
  "OMAR",
  "GRACE",
  "PIOTR",
  "AMARA",
  "NOAH",
];
const streets = ["OCEAN DR", "MAIN ST", "BRICKELL AVE", "CORAL WAY", "PALM BLVD", "BAY RD", "FLAGLER ST"];
const cities: ReadonlyArray<[string, string, string]> = [
  ["MIAMI", "FL", "33101"],
  ["TAMPA", "FL", "33602"],
  ["DENVER", "CO", "80202"],
  ["HOUSTON", "TX", "77002"],
  ["SEATTLE", "WA", "98101"],
  ["BALTIMORE", "MD", "21201"],
];

interface PayerChoice {
  id: string;
  name: string;
  type: Exclude<PayerType, "self-pay">;
}

const payers: readonly PayerChoice[] = [
  { id: "09102", name: "MEDICARE PART B FIRST COAST", type: "medicare" },
  { id: "12402", name: "MEDICARE PART B NOVITAS", type: "medicare" },
  { id: "87726", name: "UNITEDHEALTHCARE MEDICARE ADVANTAGE", type: "medicare-advantage" },
  { id: "77027", name: "FLORIDA MEDICAID", type: "medicaid" },
  { id: "00590", name: "BLUE CROSS BLUE SHIELD", type: "commercial" },
  { id: "60054", name: "AETNA", type: "commercial" },
  { id: "WC001", name: "STATE WORKERS COMP FUND", type: "workers-comp" },
  { id: "AUTO7", name: "GEICO PIP", type: "auto" },
];

interface Practice {
  npi: string;
  taxId: string;
  name: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  discipline: "PT" | "OT" | "SLP" | "DC";
  clinicians: Array<{ npi: string; firstName: string; lastName: string; credential: Credential }>;
}

function makePractice(random: () => number, index: number): Practice {
  const discipline = pick(random, ["PT", "PT", "PT", "OT", "SLP", "DC"] as const);
  const [city, state, zip] = pick(random, cities);
  const credential: Credential = discipline === "SLP" ? "SLP" : discipline;
  const clinicians = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
    npi: withNpiCheckDigit(`1${digits(random, 8)}`),
    firstName: pick(random, firstNames),
    lastName: pick(random, lastNames),
    credential,
  }));
  return {
    npi: withNpiCheckDigit(`1${digits(random, 8)}`),
    taxId: digits(random, 9),
    name: `${pick(random, ["BAYSIDE", "SUMMIT", "HARBOR", "PEAK", "RIVERSIDE", "CORE"])} ${discipline === "DC" ? "CHIROPRACTIC" : "THERAPY"} ${index + 1}`,
    address: `${100 + Math.floor(random() * 9000)} ${pick(random, streets)}`,
    city,
    state,
    zip: `${zip}${digits(random, 4)}`,
    discipline,
    clinicians,
  };
}

/** Synthetic employers for workers' comp claims. */
const employers = ["GULF COAST ROOFING INC", "BAYSIDE GROCERS LLC", "SUNCOAST LOGISTICS CORP"] as const;

/** A claim generator with a fixed set of practices; `next()` returns the next visit's claim. */
export function therapyClaimSource(seed = 1, practiceCount = 12): { next(): Claim } {
  const random = seededRandom(seed);
  const practices = Array.from({ length: practiceCount }, (_, i) => makePractice(random, i));
  let n = 0;
  return {
    next(): Claim {
      n++;
      const practice = pick(random, practices);
      const clinician = pick(random, practice.clinicians);
      // A solo practitioner bills under their own NPI: no 2310B then.
      const solo = random() < 0.1;
      const payer = pick(random, payers);
      const [city, state, zip] = pick(random, cities);
      const date = addDays("2025-01-02", Math.floor(random() * 540));
      const pool = diagnosesByDiscipline[practice.discipline];
      const diagnoses = [
        ...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(random, pool))),
      ];
      const services = servicesByDiscipline[practice.discipline];
      const lineCount = 1 + Math.floor(random() * 4);
      const chosen = [...new Set(Array.from({ length: lineCount }, () => pick(random, services)))];
      const discipline = practice.discipline;
      const lines: ClaimLine[] = chosen.map((service, i) => {
        const units = service.timed ? 1 + Math.floor(random() * 3) : 1;
        const modifiers: string[] = [];
        const gx = therapyModifier[discipline];
        if (gx) modifiers.push(gx);
        if (discipline === "DC" && service.code.startsWith("989")) modifiers.push("AT");
        if (discipline === "DC" && !service.code.startsWith("989") && payer.type === "medicare")
          modifiers.push("GY");
        if (service.code === "97140" && i > 0) modifiers.push("59");
        const pointerCount = Math.min(diagnoses.length, 1 + Math.floor(random() * 3));
        return {
          code: service.code,
          modifiers,
          units,
          charge: formatCents(service.cents * units),
          diagnosisPointers: Array.from({ length: pointerCount }, (_, k) => k + 1),
          dateOfService: date,
        };
      });
      const frequency = random() < 0.05 ? "7" : "1";
      const claim: Claim = {
        id: `V${seed}-${n}`,
        frequency,
        payerClaimControlNumber: frequency === "7" ? digits(random, 14) : null,
        patient: {
          id: `MRN${digits(random, 6)}`,
          firstName: pick(random, firstNames),
          lastName: pick(random, lastNames),
          birthDate: addDays("1940-01-01", Math.floor(random() * 25_000)),
          sex: pick(random, ["F", "M"] as const),
          memberId:
            payer.type === "medicare"
              ? `${digits(random, 1)}EG4TE5MK${digits(random, 2)}`
              : `W${digits(random, 9)}`,
          zip,
          address: `${1 + Math.floor(random() * 9999)} ${pick(random, streets)}`,
          city,
          state,
        },
        payer: { id: payer.id, name: payer.name, type: payer.type },
        billingProvider: {
          npi: practice.npi,
          taxId: practice.taxId,
          name: practice.name,
          address: practice.address,
          city: practice.city,
          state: practice.state,
          zip: practice.zip,
        },
        renderingProvider: solo
          ? { npi: practice.npi, credential: clinician.credential, participating: true }
          : {
              npi: clinician.npi,
              firstName: clinician.firstName,
              lastName: clinician.lastName,
              credential: clinician.credential,
              participating: random() > 0.05,
            },
        placeOfService: pick(random, ["11", "11", "11", "22", "12"]),
        diagnoses,
        lines,
        chiropractic:
          discipline === "DC"
            ? random() < 0.5
              ? { activeTreatment: true, initialTreatmentDate: addDays(date, -Math.floor(random() * 60)) }
              : {
                  activeTreatment: random() < 0.7,
                  initialTreatmentDate: addDays(date, -30),
                  xrayDate: addDays(date, -45),
                }
            : null,
      };
      if (random() < 0.15) claim.authorization = { number: `AUTH${digits(random, 7)}` };
      // Workers' comp and auto claims carry what those payers require (claim-structure, x12 837):
      // derived from the visit, not drawn, so the other claims' random sequence is unchanged.
      if (payer.type === "workers-comp" || payer.type === "auto") {
        const wc = payer.type === "workers-comp";
        claim.accident = wc
          ? { causes: ["EM"], date: addDays(date, -21) }
          : { causes: ["AA"], date: addDays(date, -14), state };
        claim.propertyCasualtyClaimNumber = `${wc ? "WC" : "PIP"}${seed}-${String(n).padStart(6, "0")}`;
        if (wc) claim.employer = { name: employers[n % employers.length] as string };
      }
      return claim;
    },
  };
}

/** `count` claims from one seed. */
export function therapyClaims(count: number, seed = 1): Claim[] {
  const source = therapyClaimSource(seed);
  return Array.from({ length: count }, () => source.next());
}

/** The envelope the tests and the benchmark write with. */
export const testEnvelope = {
  submitter: { name: "BAYSIDE BILLING", id: "SUB12345", contactName: "ANA DIAZ", phone: "3055550100" },
  receiver: { name: "CLEARINGHOUSE", id: "CH99999" },
  senderId: "SUB12345",
  receiverId: "CH99999",
  controlNumber: 1,
  date: "2026-03-02",
  time: "1200",
  usageIndicator: "T",
} as const;
