import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../test-support/reference.js";
import { pathOnly } from "./logging.js";
import { testServer, testToken } from "./test-support.js";

/**
 * No PHI in the server's logs (issue 9, PHI protection: "one searches the server's logs
 * after an end-to-end run and finds no PHI"). The run sends every example visit to each
 * endpoint, a bad one that fails validation, a defect, a search with a patient filter and
 * a session cookie; the captured lines must hold none of the visits' patient names, birth
 * dates, member ids or addresses, nor the credentials.
 */
const visitsDir = path.join(repoRoot, "examples/visits");
const visits = fs
  .readdirSync(visitsDir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(fs.readFileSync(path.join(visitsDir, f), "utf8")));

/** The PHI of the visits sent, read off the files (never from the code under test). */
const phi = [
  ...new Set(
    visits.flatMap((v) =>
      [
        v.patient.firstName,
        v.patient.lastName,
        v.patient.birthDate,
        v.patient.memberId,
        v.patient.address,
      ].filter((x): x is string => typeof x === "string" && x.length > 0),
    ),
  ),
];

describe("server logs", () => {
  it("strip query strings from URLs", () => {
    expect(pathOnly("/api/v1/claims?patient=Diaz&from=2026-01-01")).toBe("/api/v1/claims");
    expect(pathOnly("/health")).toBe("/health");
  });

  it("hold no patient name, birth date, member id, address or credential after an end-to-end run", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const app = await testServer({
      logger: { level: "debug", stream },
      plugins: [
        async (api) => {
          api.get("/claims", async (request) => {
            throw new Error(`no claims for ${(request.query as { patient?: string }).patient}`);
          });
        },
      ],
    });
    const headers = {
      authorization: `Bearer ${testToken}`,
      cookie: "cleanclaim_session=s3cret-session",
      "content-type": "application/json",
    };
    try {
      for (const visit of visits) {
        for (const command of ["check", "code"]) {
          const r = await app.inject({ method: "POST", url: `/api/v1/${command}`, headers, payload: visit });
          expect(r.statusCode).toBe(200);
        }
        const claim = (
          await app.inject({ method: "POST", url: "/api/v1/code", headers, payload: visit })
        ).json().claim;
        for (const command of ["scrub", "price"])
          expect(
            (await app.inject({ method: "POST", url: `/api/v1/${command}`, headers, payload: claim }))
              .statusCode,
          ).toBe(200);
        // Invalid input whose message could quote the visit.
        const bad = { ...visit, patient: { ...visit.patient, birthDate: `${visit.patient.birthDate}x` } };
        expect(
          (await app.inject({ method: "POST", url: "/api/v1/check", headers, payload: bad })).statusCode,
        ).toBe(400);
        // A search with PHI in the query, failing with PHI in the error.
        const search = `/api/v1/claims?patient=${encodeURIComponent(visit.patient.lastName)}`;
        expect((await app.inject({ method: "GET", url: search, headers })).statusCode).toBe(500);
        expect(
          (await app.inject({ method: "GET", url: `/nowhere?name=${visit.patient.lastName}` })).statusCode,
        ).toBe(404);
      }
    } finally {
      await app.close();
    }
    const log = lines.join("\n");
    // The capture works: every request was logged, with its path.
    expect(lines.filter((l) => JSON.parse(l).msg === "request completed").length).toBeGreaterThanOrEqual(
      visits.length * 8,
    );
    expect(log).toContain('"url":"/api/v1/claims"');
    expect(log).toContain('"problem":"internal"');
    expect(phi.length).toBeGreaterThanOrEqual(visits.length * 3);
    expect(phi.filter((value) => log.includes(value))).toEqual([]);
    expect(log).not.toContain(testToken);
    expect(log).not.toContain("s3cret-session");
  });
});
