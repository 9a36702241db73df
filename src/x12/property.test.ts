import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { InputError } from "../model/validate.js";
import { type PipelineOptions, priceOne, scrubOne } from "../pipeline/pipeline.js";
import { buildWorklist, renderWorklistText } from "../remit/index.js";
import { applyFixes } from "../rules/index.js";
import { packReference } from "../test-support/reference.js";
import { parse835, parse837, parse837Stream, parseX12, write837 } from "./index.js";
import { readSample } from "./test-support/samples.js";
import { testEnvelope, therapyClaims } from "./test-support/therapy-claims.js";

/** Every finding says where it is: an X12 location and a segment number (or the end of the file). */
function expectPositioned(findings: Finding[]): void {
  for (const finding of findings) {
    expect(finding.location).toMatch(/^[A-Z0-9]+\/[A-Z0-9?]{1,3}(-\d\d(-\d+)?)?$/);
    expect(finding.message).toMatch(/^(segment \d+ \(byte \d+|end of file)/);
  }
}

const valid837 = write837(therapyClaims(6, 31), testEnvelope);
/** A dependent's auto-accident claim: the 2000C loop, CLM11 and DTP*439 get damaged too. */
const dependentAccident: Claim = {
  ...(therapyClaims(1, 32)[0] as Claim),
  id: "DEPENDENT-AUTO",
  accident: { causes: ["AA"], date: "2026-01-10", state: "FL" },
  subscriber: { relationship: "19", lastName: "RIVERA", birthDate: "1980-05-05", sex: "F" },
};
const seeds = [
  Buffer.from(valid837),
  Buffer.from(write837([dependentAccident], testEnvelope)),
  readSample("837p", "imsweb_x12_complex.txt"),
  readSample("835", "edi835parser_united_healthcare_legacy_sample.txt"),
  readSample("835", "edi835parser_blue_cross_nc_sample.txt"),
];

/** Damage a file the ways files get damaged: cut, spliced, bytes flipped, delimiters swapped. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 20 }),
  }),
  fc.record({
    kind: fc.constant("delimiter" as const),
    at: fc.nat(),
    byte: fc.constantFrom(...[..."*~:^>|\n\r"].map((c) => c.charCodeAt(0))),
  }),
  fc.record({
    kind: fc.constant("duplicate" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 400 }),
  }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(input: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(input);
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    switch (m.kind) {
      case "truncate":
        bytes = bytes.subarray(0, at);
        break;
      case "delete":
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
        break;
      case "insert":
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
        break;
      case "delimiter":
        if (bytes.length > 0) bytes[at] = m.byte;
        break;
      case "duplicate":
        bytes = Buffer.concat([bytes.subarray(0, at + m.length), bytes.subarray(at)]);
        break;
    }
  }
  return bytes;
}

describe("the readers never throw: they return claims or positioned errors", () => {
  it("on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        for (const read of [parse837, parse835]) {
          const result = read(bytes);
          expectPositioned(result.findings);
        }
        const document = parseX12(bytes);
        expect(document.findings.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("on random text that looks like X12", () => {
    const segmentText = fc
      .array(
        fc.constantFrom(
          "ISA",
          "GS",
          "ST",
          "SE",
          "GE",
          "IEA",
          "HL",
          "CLM",
          "LX",
          "SV1",
          "NM1",
          "HI",
          "DTP",
          "CLP",
          "SVC",
          "CAS",
          "*",
          ":",
          "~",
          "^",
          "1",
          "22",
          "HC:97110",
          "\n",
        ),
        {
          maxLength: 300,
        },
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(segmentText, (text) => {
        const parsed = parse837(text);
        expectPositioned(parsed.findings);
        expect(parsed.claims.length + parsed.findings.length).toBeGreaterThan(0);
        expectPositioned(parse835(text).findings);
      }),
      { numRuns: 300 },
    );
  });

  it("on damaged 837P and 835 files", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (seed, mutations) => {
          const bytes = mutate(seed, mutations);
          const text = bytes.toString("latin1");
          const result = parse837(bytes);
          expectPositioned(result.findings);
          expect(result.claims.length + result.findings.length).toBeGreaterThan(0);
          for (const { position } of result.claims) {
            // A claim's position is its CLM segment; its lines', their SV1 or LX.
            expect(text.startsWith("CLM", position.offset)).toBe(true);
            for (const line of position.lines)
              expect(["SV1", "LX"]).toContain(
                text.slice(line.offset, line.offset + (text.startsWith("LX", line.offset) ? 2 : 3)),
              );
          }
          const remit = parse835(bytes);
          expectPositioned(remit.findings);
          for (const remittance of remit.remittances) {
            for (const claim of remittance.claims)
              expect(text.startsWith("CLP", claim.position.offset)).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("streaming gives the same result as reading the whole file, however it is chunked", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds),
        fc.array(mutation, { maxLength: 2 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 30 }),
        async (seed, mutations, sizes) => {
          const bytes = mutate(seed, mutations);
          const chunks: Buffer[] = [];
          for (let i = 0, k = 0; i < bytes.length; k++) {
            const size = sizes[k % sizes.length] as number;
            chunks.push(bytes.subarray(i, i + size));
            i += size;
          }
          const whole = parse837(bytes);
          const claims = [];
          const findings = [];
          for await (const batch of parse837Stream(chunks)) {
            claims.push(...batch.claims);
            findings.push(...batch.findings);
          }
          expect(claims).toEqual(whole.claims);
          expect(findings).toEqual(whole.findings);
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** The documented problem type of the core: InputError (bad input, exit 2); anything else is a crash. */
function expectNoCrash(run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
  }
}

describe("the whole scrub and remit paths never crash on damaged files", () => {
  const options: PipelineOptions = { reference: packReference(), asOf: "2026-06-01", claimOnly: true };
  const submitted = parse837(valid837).claims.map((c) => c.claim);

  it("scrub of an 837P: reader, the engine's rules, pricing and fixes", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (seed, mutations) => {
          const bytes = mutate(seed, mutations);
          // x12 parse: the reader with the engine's code-set rules.
          expectNoCrash(() => expectPositioned(parse837(bytes, { reference: options.reference }).findings));
          // scrub: the reader, then every rule, the estimate and the safe fixes on each claim.
          for (const entry of parse837(bytes).claims) {
            expectNoCrash(() => {
              const findings = scrubOne(entry.claim, options);
              priceOne(entry.claim, options);
              scrubOne(applyFixes(entry.claim, findings), options);
            });
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("remit of an 835: reader, matching, the worklist with its rules and estimates, and its text", () => {
    const remits = seeds.slice(2);
    fc.assert(
      fc.property(
        fc.constantFrom(...remits),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (seed, mutations, withClaims) => {
          const file = parse835(mutate(seed, mutations));
          expectNoCrash(() => {
            const worklist = buildWorklist(file, withClaims ? submitted : undefined, {
              ...options,
              now: new Date("2026-06-01T12:00:00Z"),
            });
            renderWorklistText(worklist);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
