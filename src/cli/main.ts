import { Command, CommanderError } from "commander";
import { InputError } from "../model/validate.js";
import { ImportError } from "../reference/importers/errors.js";
import { registerClaimCommands } from "./commands/claims.js";
import { dataCommand } from "./commands/data.js";
import { remitCommand } from "./commands/remit.js";
import { rulesCommand } from "./commands/rules.js";
import { x12Command } from "./commands/x12.js";
import { EXIT, exitStatus, resetExitStatus } from "./output.js";

/** Thrown by commands for any other unusable input (a bad flag value, an unknown locality). */
export class UsageError extends Error {}

export function buildProgram(): Command {
  const program = new Command("cleanclaim")
    .description(
      "Turns therapy and chiropractic visits into clean claims: coding, NCCI/MUE scrubbing, MPFS pricing, 837P/835.",
    )
    .version("0.1.0")
    .showHelpAfterError();
  registerClaimCommands(program);
  program.addCommand(remitCommand());
  program.addCommand(dataCommand());
  program.addCommand(rulesCommand());
  program.addCommand(x12Command());
  return program;
}

/** Runs the CLI and returns the exit status. Errors never leak a stack trace to the user. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  resetExitStatus();
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(argv);
    return exitStatus();
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.clean : EXIT.input;
    }
    if (error instanceof InputError && error.issues.length > 1) {
      // Every problem at once, so a user fixes the file in one pass.
      const where = error.source ? `${error.source}: ` : "";
      process.stderr.write(`cleanclaim: ${where}${error.issues.length} problems\n`);
      for (const issue of error.issues.slice(0, 50))
        process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
      if (error.issues.length > 50) process.stderr.write(`  ... and ${error.issues.length - 50} more\n`);
      return EXIT.input;
    }
    if (error instanceof InputError || error instanceof ImportError || error instanceof UsageError) {
      process.stderr.write(`cleanclaim: ${error.message}\n`);
      return EXIT.input;
    }
    process.stderr.write(`cleanclaim: internal error: ${(error as Error).stack ?? error}\n`);
    return 70;
  }
}
