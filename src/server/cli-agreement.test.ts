import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempHome } from "../../test/cli-harness.js";
import { openReference } from "../reference/open.js";
import { repoRoot } from "../test-support/reference.js";
import { authorized, testServer } from "./test-support.js";

/**
 * The stateless endpoints answer exactly what the CLI prints for the same input (issue 9:
 * "a test compares the two"). The CLI runs in-process on a file named `body` in a temp
 * directory (the API names its documents `body` / `body[i]`), so even sources in
 * unknown-field warnings and batch errors must agree. Both sides use one as-of date.
 */
const asOf = "2026-03-10";
const visitsDir = path.join(repoRoot, "examples/visits");
const visitFiles = fs.readdirSync(visitsDir).filter((f) => f.endsWith(".json"));
const x12Fixtures = ["837p-clean.txt", "837p-npi-check-digit.txt", "837p-sv103-minutes.txt"];

let home: string;
let work: string;
let app: FastifyInstance;
const cwd = process.cwd();

beforeAll(async () => {
  home = tempHome();
  work = fs.mkdtempSync(path.join(home, "work-"));
  process.chdir(work);
  app = await testServer({ reference: openReference({ home }), today: () => asOf });
});
afterAll(async () => {
  process.chdir(cwd);
  await app.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Runs `cleanclaim <command> body --format json <flags>` on `text` saved as ./body. */
async function cli(command: string, text: string | Buffer, flags: string[] = []) {
  fs.writeFileSync(path.join(work, "body"), text);
  const run = await runCli([command, "body", "--format", "json", "--as-of", asOf, ...flags], home);
  return { code: run.code, json: run.stdout ? JSON.parse(run.stdout) : undefined, stderr: run.stderr };
}

async function api(command: string, text: string | Buffer, query = "", contentType = "application/json") {
  const response = await app.inject({
    method: "POST",
    url: `/api/v1/${command}${query}`,
    headers: { ...authorized, "content-type": contentType },
    payload: text,
  });
  return { status: response.statusCode, json: response.json(), type: response.headers["content-type"] };
}

const read = (file: string) => fs.readFileSync(path.join(visitsDir, file), "utf8");

describe("check and code agree with the CLI on every example visit", () => {
  for (const file of visitFiles) {
    for (const command of ["check", "code"]) {
      it(`${command} ${file}`, async () => {
        const fromCli = await cli(command, read(file));
        const fromApi = await api(command, read(file));
        expect(fromApi.status).toBe(200);
        expect(fromCli.json.claim.lines.length).toBeGreaterThan(0);
        expect(fromApi.json).toEqual(fromCli.json);
      });
    }
  }

  it("check of all visits as one array (a batch)", async () => {
    const batch = `[${visitFiles.map(read).join(",")}]`;
    const fromCli = await cli("check", batch);
    const fromApi = await api("check", batch);
    expect(fromApi.json).toHaveLength(visitFiles.length);
    expect(fromApi.json).toEqual(fromCli.json);
  });
});

describe("pricing options: CLI flags and query parameters", () => {
  const seed = () => read("01-seed-medicare-pt.json");
  const cases: Array<[string[], string]> = [
    [["--year", "2026", "--locality", "national"], "?year=2026&locality=national"],
    [["--zip", "33101", "--deductible-remaining", "120.00"], "?zip=33101&deductibleRemaining=120.00"],
    [["--apm"], "?apm=true"],
  ];
  for (const [flags, query] of cases) {
    it(`check ${flags.join(" ")} = ${query}`, async () => {
      const fromCli = await cli("check", seed(), flags);
      const fromApi = await api("check", seed(), query);
      expect(fromApi.json).toEqual(fromCli.json);
    });
  }

  it("the deductible reaches the estimate (the options are not ignored)", async () => {
    const met = await api("check", seed());
    const unmet = await api("check", seed(), "?deductibleRemaining=120.00");
    expect(unmet.json.estimate).not.toEqual(met.json.estimate);
  });
});

describe("scrub and price of a claim, plain and as check output", () => {
  it("scrub and price the seed's claim and its check output", async () => {
    const checked = (await api("check", read("01-seed-medicare-pt.json"))).json;
    for (const document of [JSON.stringify(checked.claim), JSON.stringify(checked)]) {
      for (const command of ["scrub", "price"]) {
        const fromCli = await cli(command, document);
        const fromApi = await api(command, document);
        expect(fromApi.status).toBe(200);
        expect(fromApi.json).toEqual(fromCli.json);
      }
    }
  });
});

describe("scrub of an 837P file sent as text", () => {
  for (const fixture of x12Fixtures) {
    it(fixture, async () => {
      const bytes = fs.readFileSync(path.join(repoRoot, "test/fixtures/x12", fixture));
      const fromCli = await cli("scrub", bytes);
      for (const type of ["text/plain", "application/edi-x12"]) {
        const fromApi = await api("scrub", bytes, "", type);
        expect(fromApi.status).toBe(200);
        expect(fromApi.json.length).toBeGreaterThan(0);
        expect(fromApi.json).toEqual(fromCli.json);
      }
    });
  }
});

describe("unknown fields, bad items and unusable documents", () => {
  const seed = () => JSON.parse(read("01-seed-medicare-pt.json"));

  it("an unknown field is the same warning, naming the same source and path", async () => {
    const visit = seed();
    visit.services[0].minuts = 15;
    const text = JSON.stringify(visit);
    const fromCli = await cli("check", text);
    const fromApi = await api("check", text);
    const warning = fromApi.json.findings.find((f: { rule: string }) => f.rule === "unknown-field");
    expect(warning.location).toBe("body $.services[0].minuts");
    expect(fromApi.json).toEqual(fromCli.json);
  });

  it("a bad item in an array is reported in place, the rest go on", async () => {
    const bad = { ...seed(), dateOfService: "03/02/2026" };
    const text = JSON.stringify([seed(), bad]);
    const fromCli = await cli("check", text);
    const fromApi = await api("check", text);
    expect(fromApi.status).toBe(200);
    expect(fromApi.json[1].source).toBe("body[1]");
    expect(fromApi.json).toEqual(fromCli.json);
  });

  it("one unusable document: the CLI exits 2, the API answers 400 with the CLI's message", async () => {
    const text = JSON.stringify({ ...seed(), dateOfService: "03/02/2026" });
    const fromCli = await cli("check", text);
    const fromApi = await api("check", text);
    expect(fromCli.code).toBe(2);
    expect(fromApi.status).toBe(400);
    expect(fromApi.type).toBe("application/problem+json; charset=utf-8");
    expect(fromApi.json.code).toBe("invalid-input");
    expect(fromApi.json.path).toBe("$.dateOfService");
    expect(fromCli.stderr).toBe(`cleanclaim: ${fromApi.json.message}\n`);
  });
});

describe("the as-of date", () => {
  it("defaults to deps.today, as the CLI's defaults to its today; timely filing follows it", async () => {
    const later = "2027-06-01"; // 15 months after the seed's date of service: past Medicare's 12
    const lateApp = await testServer({ reference: openReference({ home }), today: () => later });
    try {
      const seed = read("01-seed-medicare-pt.json");
      const response = await lateApp.inject({
        method: "POST",
        url: "/api/v1/check",
        headers: { ...authorized, "content-type": "application/json" },
        payload: seed,
      });
      const fromCli = await runCli(
        ["check", path.join(visitsDir, "01-seed-medicare-pt.json"), "--format", "json", "--as-of", later],
        home,
      );
      const rules = (json: { findings: Array<{ rule: string }> }) => json.findings.map((f) => f.rule);
      expect(rules(response.json())).toContain("timely-filing");
      expect(rules((await api("check", seed)).json)).not.toContain("timely-filing");
      expect(response.json()).toEqual(JSON.parse(fromCli.stdout));
      // An explicit ?asOf wins over today.
      const early = await lateApp.inject({
        method: "POST",
        url: `/api/v1/check?asOf=${asOf}`,
        headers: { ...authorized, "content-type": "application/json" },
        payload: seed,
      });
      expect(rules(early.json())).not.toContain("timely-filing");
    } finally {
      await lateApp.close();
    }
  });
});
