import { Command } from "commander";
import { createToken, listTokens, revokeToken } from "../../app/identity.js";
import { resolveFormat } from "../output.js";
import { operatorIn, withApp } from "./identity-io.js";
import { parseRole } from "./user.js";

/**
 * `cleanclaim token create|list|revoke`: API tokens for integrations (Authorization: Bearer).
 * `create` prints the token alone on stdout (it is shown this once; only its SHA-256 is
 * kept), so `TOKEN=$(cleanclaim token create --role biller)` works; messages go to stderr.
 */
export function tokenCommand(): Command {
  const token = new Command("token").description("API tokens (Authorization: Bearer <token>)");
  token
    .command("create")
    .description("create an API token and print it (shown once)")
    .requiredOption("--role <role>", "admin, biller or viewer")
    .option("--practice <id>", "the token acts in this practice only (default: the whole organization)")
    .option("--name <name>", "a name to recognise it by in lists and the audit log")
    .option("--organization <name>", "the organization (when there are several)")
    .action(async (flags: { role: string; practice?: string; name?: string; organization?: string }) => {
      const role = parseRole(flags.role);
      await withApp(async ({ ctx }) => {
        const scope = await operatorIn(ctx, flags.organization, false);
        const created = await createToken(ctx, scope, {
          role,
          practiceId: flags.practice ?? null,
          name: flags.name,
        });
        process.stderr.write(
          `cleanclaim: token ${created.id} (${created.name}, ${created.role}${created.practiceId ? ` in practice ${created.practiceId}` : ""}); it is not shown again\n`,
        );
        process.stdout.write(`${created.token}\n`);
      });
    });
  token
    .command("list")
    .description("the organization's tokens (never the tokens themselves)")
    .option("--organization <name>", "the organization (when there are several)")
    .option("--format <format>", "json or text")
    .action(async (flags: { organization?: string; format?: string }) => {
      const format = resolveFormat(flags.format);
      await withApp(async ({ ctx }) => {
        const tokens = await listTokens(ctx, await operatorIn(ctx, flags.organization, false));
        if (format === "json") process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
        else
          for (const t of tokens)
            process.stdout.write(
              `${t.id}  ${t.name}  ${t.role}@${t.practiceId ?? "organization"}  last used ${t.lastUsedAt ?? "never"}${t.revokedAt ? `  revoked ${t.revokedAt}` : ""}\n`,
            );
      });
    });
  token
    .command("revoke")
    .description("revoke a token by its id (see token list)")
    .argument("<id>", "the token's id")
    .option("--organization <name>", "the organization (when there are several)")
    .action(async (id: string, flags: { organization?: string }) => {
      await withApp(async ({ ctx }) => {
        const revoked = await revokeToken(ctx, await operatorIn(ctx, flags.organization, false), id);
        process.stderr.write(`cleanclaim: revoked token ${revoked.id} (${revoked.name})\n`);
      });
    });
  return token;
}
