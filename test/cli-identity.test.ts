import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { tokenPattern } from "../src/app/identity.js";
import { openApp } from "../src/app/open.js";
import { identityServerDeps } from "../src/server/identity.js";
import { testServer } from "../src/server/test-support.js";
import { backends, freshStore, type TestStore } from "../src/store/test-support.js";
import { runCli, tempHomes } from "./cli-harness.js";

const home = tempHomes();
const password = "a long enough password";
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Runs the CLI with this text on stdin. */
async function withStdin(text: string, args: string[], h: string) {
  const stdin = vi.spyOn(process, "stdin", "get").mockReturnValue(Readable.from([text]) as never);
  try {
    return await runCli(args, h);
  } finally {
    stdin.mockRestore();
  }
}

describe.each(backends)("cleanclaim user and token on %s", (backend) => {
  let pg: TestStore | undefined;
  let h: string;
  const previousUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    h = home();
    if (backend === "postgres") {
      pg = await freshStore("postgres");
      process.env.DATABASE_URL = pg.url;
    } else delete process.env.DATABASE_URL;
  });
  afterEach(() => {
    if (backend === "postgres") process.env.DATABASE_URL = pg?.url;
  });
  afterAll(async () => {
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    await pg?.dispose();
  });

  /** The app over the same database the CLI used, with the identity routes on a test server. */
  async function server() {
    const opened = await openApp({ home: h });
    const app = await testServer(identityServerDeps({ ctx: opened.ctx }));
    return {
      app,
      close: async () => {
        await app.close();
        await opened.close();
      },
    };
  }

  it("refuses token create before any organization exists (exit 2)", async () => {
    const run = await runCli(["token", "create", "--role", "biller"], h);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/no organization exists yet/);
  });

  it.each([
    ["", /no password on stdin/],
    ["\n", /no password on stdin/],
    ["short pass\n", /the password on stdin has 10 characters; it needs at least 12/],
  ])("refuses the password %j with exit 2", async (stdin, message) => {
    const run = await withStdin(stdin, ["user", "add", "--email", "a@bayside.example", "--role", "admin"], h);
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toMatch(message);
  });

  it("refuses an unknown role with exit 2 before reading anything", async () => {
    const run = await withStdin(
      `${password}\n`,
      ["user", "add", "--email", "a@bayside.example", "--role", "owner"],
      h,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--role: expected admin, biller or viewer, got "owner"');
  });

  it("the first user add creates the organization and prints the user's id alone", async () => {
    const run = await withStdin(
      `${password}\nignored second line\n`,
      [
        "user",
        "add",
        "--email",
        "Admin@Bayside.example",
        "--role",
        "admin",
        "--organization",
        "Bayside Billing",
      ],
      h,
    );
    expect(run.stderr).toContain('created organization "Bayside Billing"');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(run.stdout.trim()).toMatch(uuid);
    // the password signs in over HTTP; the second line was not part of it
    const s = await server();
    try {
      const ok = await s.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: "admin@bayside.example", password },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().user.id).toBe(run.stdout.trim());
    } finally {
      await s.close();
    }
  });

  it("a second user add joins the same organization; a taken email is exit 2", async () => {
    const again = await withStdin(
      `${password}\n`,
      ["user", "add", "--email", "admin@bayside.example", "--role", "viewer"],
      h,
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
    const run = await withStdin(
      `${password}\n`,
      ["user", "add", "--email", "viewer@bayside.example", "--role", "viewer"],
      h,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("created organization");
    const list = await runCli(["user", "list", "--format", "json"], h);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((u: { email: string }) => u.email)).toEqual([
      "admin@bayside.example",
      "viewer@bayside.example",
    ]);
  });

  it.each([
    [
      "user add",
      (id: string) => ["user", "add", "--email", "p@bayside.example", "--role", "biller", "--practice", id],
    ],
    ["token create", (id: string) => ["token", "create", "--role", "biller", "--practice", id]],
  ])("%s names an unknown practice (exit 2)", async (_case, args) => {
    const id = "5b1f3c1e-8a4d-4c2b-9e7f-0a1b2c3d4e5f";
    const run = await withStdin(`${password}\n`, args(id), h);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`--practice: no practice ${id}`);
  });

  it("token create prints exactly one line, the token, which authenticates over HTTP until revoked", async () => {
    const run = await runCli(["token", "create", "--role", "biller", "--name", "EMR feed"], h);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")).toHaveLength(2); // one line and its newline
    const token = run.stdout.trimEnd();
    expect(token).toMatch(tokenPattern);
    expect(run.stderr).toMatch(/not shown again/);
    expect(run.stderr).not.toContain(token);

    const list = await runCli(["token", "list", "--format", "json"], h);
    expect(list.stdout).not.toContain(token);
    const [entry] = JSON.parse(list.stdout);
    expect(entry).toMatchObject({ name: "EMR feed", role: "biller", practiceId: null, revokedAt: null });

    let s = await server();
    try {
      const me = await s.app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        credential: "token",
        token: { id: entry.id, name: "EMR feed" },
        grants: [{ role: "biller", practiceId: null }],
      });
    } finally {
      await s.close();
    }

    const revoke = await runCli(["token", "revoke", entry.id], h);
    expect([revoke.code, revoke.stdout]).toEqual([0, ""]);
    expect(revoke.stderr).toContain(`revoked token ${entry.id}`);
    s = await server();
    try {
      const me = await s.app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.statusCode).toBe(401);
    } finally {
      await s.close();
    }
    const unknown = await runCli(["token", "revoke", "00000000-0000-4000-8000-000000000000"], h);
    expect(unknown.code).toBe(2);
  });
});
