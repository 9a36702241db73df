/**
 * Builds the bundled reference pack (pack/) from the official CMS files in ../shared/data,
 * plus the bundled policy figures (src/reference/policy/bundled-policy.json, the same file
 * format a user imports: docs/policy-figures.md).
 * The pack is committed so that a fresh install works with no download. It holds only
 * facts (codes, numbers, flags, dates): official titles and descriptions are left out
 * (AMA CPT descriptors never ship; ICD-10-CM and HCPCS titles come with the user's import).
 *
 *   npm run pack:build            # rebuild pack/ from ../shared/data
 *
 * The build is deterministic: the same inputs give the same bytes (edition ids carry
 * PACK_BUILT_AT, not the clock), so a rebuild without a data change leaves git clean.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { commitEditions } from "../src/reference/file-store.js";
import { parseReferenceFile } from "../src/reference/importers/index.js";
import { parsePolicy } from "../src/reference/importers/policy.js";
import { isPackCode } from "../src/reference/policy/therapy-codes.js";
import type {
  AocRow,
  HcpcsRow,
  Icd10Row,
  MueRow,
  ParsedTable,
  PosRow,
  PtpRow,
  RemitCodeRow,
  RvuRow,
} from "../src/reference/types.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const data = path.resolve(root, "../shared/data");
const packDir = path.join(root, "pack");
const policyFile = path.join(root, "src/reference/policy/bundled-policy.json");

/** The pack's edition stamp: bump it when the pack's content changes. */
const PACK_BUILT_AT = "2026-11-26T19:37:53.985Z";

function parse<R>(relative: string): ParsedTable<R> {
  const file = path.join(data, relative);
  return parseReferenceFile(fs.readFileSync(file), path.basename(file)) as ParsedTable<R>;
}

/** Keeps the edition (its official release label), records what the pack kept, and replaces the rows. */
function subset<R>(parsed: ParsedTable<unknown>, rows: R[], what: string): ParsedTable<R> {
  return { edition: { ...parsed.edition, scope: `bundled pack: ${what}` }, rows };
}

const sources = {
  rvu: ["mpfs-2025/PPRRVU2025_Oct.csv", "mpfs-2026/PPRRVU2026_Jul_nonQPP.EXCERPT.csv"],
  gpci: ["mpfs-2025/GPCI2025.csv", "mpfs-2026/GPCI2026.csv"],
  counties: ["mpfs-2025/25LOCCO.csv"],
  zip: ["zip-locality-2025/ZIP5_OCT2025.txt.gz"],
  ptp: ["ncci-2024q3/ptp_practitioner_2024q3_all.csv.gz"],
  mue: ["ncci-2024q3/mue_practitioner_2024q3.csv"],
  aoc: ["ncci-2024q3/aoc_2024-06.csv"],
  icd10: ["icd10cm-fy2024/icd10cm_fy2024.csv.gz"],
  hcpcs: ["hcpcs-2025/HCPC2025_OCT_ANWEB.csv"],
  pos: ["pos-2024/pos_codes_2024-06.csv"],
  remit: ["remit-codes-2024/carc_rarc_group_codes_2024-06.csv"],
};

/** Our own short names for the places of service therapy is billed from; others stay unnamed. */
const posNames: Record<string, string> = {
  "02": "Telehealth, patient not at home",
  "10": "Telehealth, patient at home",
  "11": "Office",
  "12": "Patient's home",
  "19": "Off-campus outpatient hospital",
  "21": "Inpatient hospital",
  "22": "On-campus outpatient hospital",
  "31": "Skilled nursing facility",
  "32": "Nursing facility",
  "49": "Independent clinic",
  "99": "Other place of service",
};

const tables: ParsedTable<unknown>[] = [];
const log = (s: string) => process.stderr.write(`${s}\n`);

for (const f of sources.rvu) {
  const t = parse<RvuRow>(f);
  tables.push(
    subset(
      t,
      t.rows.filter((r) => isPackCode(r.code)),
      "pack codes",
    ),
  );
}
for (const f of [...sources.gpci, ...sources.counties, ...sources.zip]) tables.push(parse(f));
for (const f of sources.ptp) {
  const t = parse<PtpRow>(f);
  tables.push(
    subset(
      t,
      t.rows.filter((r) => isPackCode(r.column1) || isPackCode(r.column2)),
      "rows involving pack codes",
    ),
  );
}
for (const f of sources.mue) {
  const t = parse<MueRow>(f);
  tables.push(
    subset(
      t,
      t.rows.filter((r) => isPackCode(r.code)),
      "pack codes",
    ),
  );
}
for (const f of sources.aoc) {
  const t = parse<AocRow>(f);
  tables.push(
    subset(
      t,
      t.rows.filter((r) => isPackCode(r.primary) || isPackCode(r.addOn)),
      "rows involving pack codes",
    ),
  );
}
for (const f of sources.icd10) {
  const t = parse<Icd10Row>(f);
  tables.push(
    subset(
      t,
      t.rows.map((r) => ({ code: r.code, billable: r.billable })),
      "codes and billable flags, no titles",
    ),
  );
}
for (const f of sources.hcpcs) {
  const t = parse<HcpcsRow>(f);
  const rows = t.rows
    .filter((r) => r.kind === "modifier" || isPackCode(r.code))
    .map(({ description: _d, ...facts }) => facts);
  tables.push(subset(t, rows, "modifiers and pack codes, no descriptions"));
}
for (const f of sources.pos) {
  const t = parse<PosRow>(f);
  tables.push(
    subset(
      t,
      t.rows.map((r) => ({ code: r.code, setting: r.setting, name: posNames[r.code] ?? "" })),
      "codes and settings",
    ),
  );
}
for (const f of sources.remit) {
  const t = parse<RemitCodeRow>(f);
  tables.push(
    subset(
      t,
      t.rows.map(({ description: _d, ...facts }) => facts),
      "codes and dates, no descriptions",
    ),
  );
}

tables.push(parsePolicy(fs.readFileSync(policyFile), path.basename(policyFile)));

fs.rmSync(packDir, { recursive: true, force: true });
const editions = commitEditions(packDir, tables, {
  origin: "pack",
  compressPtp: true,
  importedAt: PACK_BUILT_AT,
});
for (const e of editions)
  log(
    `${e.table.padEnd(18)} ${String(e.rows).padStart(7)} rows  ${e.release}${e.scope ? ` (${e.scope})` : ""}`,
  );
log(`pack written to ${path.relative(process.cwd(), packDir) || "."}`);
