import os from "node:os";
import readline from "node:readline";
import { Writable } from "node:stream";
import type { AppContext } from "../../app/context.js";
import { operatorScope, resolveOrganization } from "../../app/identity.js";
import { type OpenedApp, openApp } from "../../app/open.js";
import type { Scope } from "../../app/scope.js";
import { isProblem, Problem } from "../../model/problem.js";

/**
 * What the identity commands share: the password from stdin, the organization the local
 * operator acts in, and the app opened from the environment (DATABASE_URL or PGlite under
 * CLEANCLAIM_HOME).
 */

/**
 * The first line of stdin (without its line ending). Piped, it is read as is; on a
 * terminal the prompt goes to stderr and the typing is not echoed.
 */
export async function readPassword(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  if (stdin.isTTY) process.stderr.write("password: ");
  const rl = readline.createInterface({ input: stdin, output: muted, terminal: Boolean(stdin.isTTY) });
  try {
    for await (const line of rl) return line.replace(/\r$/, "");
    return "";
  } finally {
    rl.close();
    if (stdin.isTTY) process.stderr.write("\n");
  }
}

/** The audit label of the local operator: the OS account that ran the command. */
export function operatorLabel(): string {
  let name = "unknown";
  try {
    name = os.userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  return `cli:${name}`;
}

/** The flags these commands take, by the path app/identity names in its problems. */
const identityFlags: Readonly<Record<string, string>> = Object.freeze({
  practiceId: "--practice",
  organization: "--organization",
  email: "--email",
  role: "--role",
  name: "--name",
});

/** A problem of app/identity with its path as the flag the user typed ("--practice: no practice ..."). */
export function withFlagPaths(error: unknown): unknown {
  if (!isProblem(error) || error.issues.length !== 1) return error;
  const issue = error.issues[0]!;
  const flag = issue.path === undefined ? undefined : identityFlags[issue.path];
  if (flag === undefined) return error;
  return new Problem([{ ...issue, path: flag }], { message: `${flag}: ${issue.message}` });
}

/** Runs `work` with the app opened from the environment, closing it after, whatever happens. */
export async function withApp<T>(work: (opened: OpenedApp) => Promise<T>): Promise<T> {
  const opened = await openApp();
  try {
    if (opened.keyCreated)
      process.stderr.write(
        `cleanclaim: created the PHI key file under ${opened.home}; back it up apart from the database (losing it loses the patients' names)\n`,
      );
    return await work(opened);
  } catch (error) {
    throw withFlagPaths(error);
  } finally {
    await opened.close();
  }
}

/** The operator's scope in the organization named (or the only one; the first is created when `create`). */
export async function operatorIn(
  ctx: AppContext,
  organization: string | undefined,
  create: boolean,
): Promise<Scope> {
  const resolved = await resolveOrganization(ctx, { name: organization, create });
  if (resolved.created)
    process.stderr.write(`cleanclaim: created organization "${resolved.organization.name}"\n`);
  return operatorScope(resolved.organization.id, operatorLabel());
}
