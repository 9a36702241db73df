import { Command } from "commander";
import { addUser, listUsers, passwordLength } from "../../app/identity.js";
import { type Role, roles } from "../../app/scope.js";
import { UsageError } from "../main.js";
import { resolveFormat } from "../output.js";
import { operatorIn, readPassword, withApp } from "./identity-io.js";

/** A role flag's value, checked before anything is opened. */
export function parseRole(text: string): Role {
  if (!(roles as readonly string[]).includes(text))
    throw new UsageError(`--role: expected admin, biller or viewer, got "${text}"`, "--role");
  return text as Role;
}

/**
 * `cleanclaim user add --email E --role R [--practice ID] [--organization NAME]`: reads the
 * password from stdin (its first line) and prints the new user's id. On a fresh install it
 * creates the organization (named by --organization, else "cleanclaim"), so the first
 * `user add --role admin` is how an office starts.
 */
export function userCommand(): Command {
  const user = new Command("user").description("users of the service (passwords read from stdin)");
  user
    .command("add")
    .description("add a user; the password is the first line of stdin; prints the user id")
    .requiredOption("--email <email>", "the user's email (their sign-in name)")
    .requiredOption("--role <role>", "admin, biller or viewer")
    .option("--practice <id>", "the role holds in this practice only (default: the whole organization)")
    .option("--organization <name>", 'the organization (created on a fresh install; default "cleanclaim")')
    .action(async (flags: { email: string; role: string; practice?: string; organization?: string }) => {
      const role = parseRole(flags.role);
      const password = await readPassword();
      if (password === "")
        throw new UsageError(
          "no password on stdin: give it as the first line, e.g. printf '%s\\n' \"$PASSWORD\" | cleanclaim user add ...",
        );
      if (password.length < passwordLength.min)
        throw new UsageError(
          `the password on stdin has ${password.length} characters; it needs at least ${passwordLength.min}`,
        );
      await withApp(async ({ ctx }) => {
        const scope = await operatorIn(ctx, flags.organization, true);
        const created = await addUser(ctx, scope, {
          email: flags.email,
          password,
          grants: [{ role, practiceId: flags.practice ?? null }],
        });
        process.stdout.write(`${created.id}\n`);
      });
    });
  user
    .command("list")
    .description("the organization's users and their roles")
    .option("--organization <name>", "the organization (when there are several)")
    .option("--format <format>", "json or text")
    .action(async (flags: { organization?: string; format?: string }) => {
      const format = resolveFormat(flags.format);
      await withApp(async ({ ctx }) => {
        const users = await listUsers(ctx, await operatorIn(ctx, flags.organization, false));
        if (format === "json") process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
        else
          for (const u of users)
            process.stdout.write(
              `${u.id}  ${u.email}  ${u.grants.map((g) => `${g.role}@${g.practiceId ?? "organization"}`).join(", ")}${u.disabled ? "  (disabled)" : ""}\n`,
            );
      });
    });
  return user;
}
