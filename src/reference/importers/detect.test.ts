import { describe, expect, it } from "vitest";
import { detectKind } from "./detect.js";
import { parseReferenceFile } from "./index.js";
import { readData } from "./test-support/shared-data.js";

describe("detectKind", () => {
  it.each([
    ["mpfs-2025/PPRRVU2025_Oct.csv", "rvu"],
    ["mpfs-2026/PPRRVU2026_Jul_nonQPP.EXCERPT.csv", "rvu"],
    ["mpfs-2025/GPCI2025.csv", "gpci"],
    ["mpfs-2026/GPCI2026.csv", "gpci"],
    ["mpfs-2025/25LOCCO.csv", "locality-counties"],
    ["zip-locality-2025/ZIP5_OCT2025.txt.gz", "zip-locality"],
    ["ncci-2024q3/ptp_practitioner_2024q3_all.csv.gz", "ptp"],
    ["official-format-samples/ptp_practitioner_2026q3_ccipra-v322r0-f1.excerpt.txt", "ptp"],
    ["ncci-2024q3/mue_practitioner_2024q3.csv", "mue"],
    ["official-format-samples/mue_practitioner_2026-07-01.excerpt.csv", "mue"],
    ["ncci-2024q3/aoc_2024-06.csv", "aoc"],
    ["icd10cm-fy2024/icd10cm_fy2024.csv.gz", "icd10cm"],
    ["official-format-samples/icd10cm_order_2026.excerpt.txt", "icd10cm"],
    ["hcpcs-2025/HCPC2025_OCT_ANWEB.csv", "hcpcs"],
    ["official-format-samples/HCPC2026_OCT_ANWEB.excerpt.csv", "hcpcs"],
    ["pos-2024/pos_codes_2024-06.csv", "pos"],
    ["remit-codes-2024/carc_rarc_group_codes_2024-06.csv", "remit-codes"],
  ])("%s holds %s, whatever it is called", (file, kind) => {
    const buffer = readData(file);
    expect(detectKind(buffer, file)).toBe(kind);
    expect(detectKind(buffer, "download(3).dat")).toBe(kind);
  });

  it("trusts the content over the name", () => {
    expect(detectKind(readData("mpfs-2025/GPCI2025.csv"), "PPRRVU2025_Oct.csv")).toBe("gpci");
  });

  it("falls back on the name, so that the parser can say what is wrong with the content", () => {
    const headless = Buffer.from("97012,,,A,,0.25,0.18\n");
    expect(detectKind(headless, "PPRRVU2025_Oct.csv")).toBe("rvu");
    expect(() => parseReferenceFile(headless, "PPRRVU2025_Oct.csv")).toThrowError(
      "PPRRVU2025_Oct.csv: no PPRRVU header row in the first 40 lines",
    );
  });

  it.each([
    [
      "a binary blob",
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)),
      /it holds binary data/,
    ],
    ["an empty file", Buffer.alloc(0), /the file is empty/],
    ["a damaged gzip", Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8]), /damaged gzip data/],
    ["a readme", readData("official-format-samples/README.md"), /no known header or record layout/],
    [
      "the ZIP5 record layout",
      readData("zip-locality-2025/ZIP5lyout.txt"),
      /no known header or record layout/,
    ],
    ["an unrelated csv", Buffer.from("name,age\nAna,70\n"), /no known header or record layout/],
    [
      "fixed-width text holding a header's words in one line",
      Buffer.from(
        "Medicare Administrative Contractor (MAC)  State  Locality Number  Locality Name  2025 PW GPCI  2025 PE GPCI  2025 MP GPCI\n",
      ),
      /no known header or record layout/,
    ],
  ])("rejects %s as not a recognised CMS reference file", (_, buffer, problem) => {
    try {
      detectKind(buffer, "upload.bin");
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/^upload\.bin: /);
      expect((error as Error).message).toMatch(problem);
    }
  });
});
