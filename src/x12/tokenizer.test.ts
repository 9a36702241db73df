import { describe, expect, it } from "vitest";
import { readIsaDelimiters } from "./delimiters.js";
import { type Segment, tokenize, tokenizeStream } from "./index.js";

const isa = (element = "*", repetition = "^", component = ":", terminator = "~") =>
  [
    "ISA",
    "00",
    "          ",
    "00",
    "          ",
    "ZZ",
    "SENDER         ",
    "ZZ",
    "RECEIVER       ",
    "260302",
    "1200",
    repetition,
    "00501",
    "000000001",
    "0",
    "T",
    component,
  ].join(element) + terminator;

const body =
  "GS*HC*S*R*20260302*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*1*20260302*1200*CH~SE*3*0001~GE*1*1~IEA*1*000000001~";

function ids(segments: Segment[]): string[] {
  return segments.map((s) => s.id);
}

describe("delimiters come from the ISA", () => {
  it("reads element (byte 3), repetition (ISA11), component (ISA16) and terminator (after ISA16)", () => {
    const text = isa("|", "!", ">", "\n");
    const reading = readIsaDelimiters(Buffer.from(text), 0, text.length, true);
    expect(reading).toEqual({
      kind: "ok",
      delimiters: { element: "|", repetition: "!", component: ">", segment: "\n" },
      length: 106,
    });
  });

  it.each([
    ["no line breaks", (s: string) => s],
    ["LF after each terminator", (s: string) => s.replaceAll("~", "~\n")],
    ["CRLF after each terminator", (s: string) => s.replaceAll("~", "~\r\n")],
    ["blank lines at the end", (s: string) => `${s}\n\n\n`],
  ])("splits segments with %s", (_name, layout) => {
    const { segments, findings } = tokenize(layout(isa() + body));
    expect(findings).toEqual([]);
    expect(ids(segments)).toEqual(["ISA", "GS", "ST", "BHT", "SE", "GE", "IEA"]);
    expect(segments[3]?.elements).toEqual(["BHT", "0019", "00", "1", "20260302", "1200", "CH"]);
  });

  it("reads any delimiters the ISA declares, including a line break as terminator", () => {
    const custom = body.replaceAll("*", "|").replaceAll("~", "\r\n");
    const { segments, findings } = tokenize(isa("|", "^", ">", "\r\n") + custom);
    expect(findings).toEqual([]);
    expect(ids(segments)).toEqual(["ISA", "GS", "ST", "BHT", "SE", "GE", "IEA"]);
    expect(segments[1]?.elements[8]).toBe("005010X222A1");
  });

  it("follows a second interchange that declares other delimiters", () => {
    const second = isa("|", "^", ":", "\n") + body.replaceAll("*", "|").replaceAll("~", "\n");
    const { segments, findings } = tokenize(isa() + body + second);
    expect(findings).toEqual([]);
    expect(segments).toHaveLength(14);
    expect(segments[8]?.elements.slice(0, 3)).toEqual(["GS", "HC", "S"]);
  });
});

describe("positions", () => {
  it("numbers segments in the file and in their transaction set, with byte offsets", () => {
    const text = (isa() + body).replaceAll("~", "~\n");
    const { segments } = tokenize(text);
    const bht = segments[3] as Segment;
    expect(bht.segment).toBe(4);
    expect(bht.transactionSegment).toBe(2);
    expect(bht.offset).toBe(text.indexOf("BHT*"));
    expect(segments.find((s) => s.id === "SE")?.transactionSegment).toBe(3);
    expect(segments.find((s) => s.id === "GE")?.transactionSegment).toBe(0);
  });

  it("gives byte offsets (not character offsets) for UTF-8 text", () => {
    const text = `${isa()}GS*HC*S*R*20260302*1200*1*X*005010X222A1~NM1*IL*1*MUÑOZ*JOSÉ~N3*CALLE~`;
    const { segments } = tokenize(text);
    expect(segments[2]?.elements[3]).toBe("MUÑOZ");
    expect(segments[3]?.offset).toBe(Buffer.byteLength(text.slice(0, text.indexOf("N3*"))));
  });
});

describe("streaming", () => {
  it("gives the same segments whatever the chunk boundaries", async () => {
    const text = Buffer.from((isa() + body).replaceAll("~", "~\r\n"));
    const whole = tokenize(text).segments;
    for (const size of [1, 2, 3, 7, 50, 105, 106, 107, 4096]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.subarray(i, i + size));
      const streamed: Segment[] = [];
      for await (const item of tokenizeStream(chunks)) if ("segment" in item) streamed.push(item.segment);
      expect(streamed, `chunks of ${size}`).toEqual(whole);
    }
  });
});

describe("garbage comes back as positioned findings", () => {
  it("guesses delimiters for a file without ISA and says so", () => {
    const { segments, findings } = tokenize("ST*835*1234~BPR*I*1*C*CHK~SE*3*1234~");
    expect(ids(segments)).toEqual(["ST", "BPR", "SE"]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(
      /^segment 1 \(byte 0\), ISA\/ISA: the file does not start with an ISA/,
    );
  });

  it("stops on delimiters it cannot use", () => {
    const bad = isa("*", "^", ":", "A") + body;
    const { segments, findings } = tokenize(bad);
    expect(segments).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toBe("ISA/ISA");
    expect(findings[0]?.message).toContain('segment terminator is "A"');
  });

  it("stops when the element separator repeats as terminator", () => {
    const { findings } = tokenize(isa("*", "^", ":", "*") + body);
    expect(findings[0]?.message).toContain("must differ");
  });

  it("reports a segment cut short at the end of the file", () => {
    const text = `${isa()}GS*HC*S*R*20260302*1200*1*X*005010X2`;
    const { segments, findings } = tokenize(text);
    expect(ids(segments)).toEqual(["ISA", "GS"]);
    expect(segments[1]?.elements[8]).toBe("005010X2");
    expect(findings[0]?.message).toMatch(/^segment 2 \(byte 106\).*it is truncated/);
  });

  it("rejects text that is not X12", () => {
    const { segments, findings } = tokenize("%PDF-1.4 binary");
    expect(segments).toEqual([]);
    expect(findings[0]?.message).toContain("this is not X12");
  });

  it("stops at a runaway segment instead of buffering the whole input", () => {
    const { findings, segments } = tokenize(`${isa()}GS*${"X".repeat(2_000_000)}`);
    expect(ids(segments)).toEqual(["ISA"]);
    expect(findings[0]?.message).toContain("no segment terminator");
  });

  it("reports segment ids that are not 2-3 capitals or digits", () => {
    const { findings } = tokenize(`${isa()}GS*HC~bad*1~`);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^segment 3 .*"bad" is not a segment id/),
    ]);
  });

  it("skips spaces and tabs between segments alike, with one warning (ASC X12.6: the terminator alone separates segments)", () => {
    // The OopFactory 5010 samples indent their segments; a tab once became part of the id.
    const indented = `${isa()}\n\tGS*HC*S*R*20260302*1200*1*X*005010X222A1~\n  ST*837*0001*005010X222A1~\n\t\tBHT*0019*00*1*20260302*1200*CH~SE*3*0001~GE*1*1~IEA*1*000000001~`;
    const { segments, findings } = tokenize(indented);
    expect(ids(segments)).toEqual(ids(tokenize(`${isa()}${body}`).segments));
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ["warning", expect.stringMatching(/^segment 2 .*a tab stands between two segments/)],
    ]);
  });
});
