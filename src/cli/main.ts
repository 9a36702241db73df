import { Command, CommanderError } from "commander";
import { exitStatusOf, isProblem, Problem } from "../model/problem.js";
import { ackCommand } from "./commands/ack.js";
import { registerClaimCommands } from "./commands/claims.js";
import { dataCommand } from "./commands/data.js";
import { keyCommand } from "./commands/key.js";
import { remitCommand } from "./commands/remit.js";
import { rulesCommand } from "./commands/rules.js";
import { serveCommand } from "./commands/serve.js";
import { tokenCommand } from "./commands/token.js";
import { userCommand } from "./commands/user.js";
import { workerCommand } from "./commands/worker.js";
import { x12Command } from "./commands/x12.js";
import { EXIT, exitStatus, resetExitStatus } from "./output.js";
import { problemLines } from "./problems.js";

/** Thrown by commands for any other unusable input (a bad flag value): an `invalid-option` problem. */
export class UsageError extends Problem {
  constructor(message: string, flag?: string) {
    super([{ code: "invalid-option", message, ...(flag ? { path: flag } : {}) }], { message });
    this.name = "UsageError";
  }
}

export function buildProgram(): Command {
  const program = new Command("cleanclaim")
    .description(
      "Turns therapy and chiropractic visits into clean claims: coding, NCCI/MUE scrubbing, MPFS pricing, 837P/835.",
    )
    .version("0.1.0")
    .showHelpAfterError();
  registerClaimCommands(program);
  program.addCommand(remitCommand());
  program.addCommand(ackCommand());
  program.addCommand(dataCommand());
  program.addCommand(keyCommand());
  program.addCommand(rulesCommand());
  program.addCommand(x12Command());
  program.addCommand(serveCommand());
  program.addCommand(userCommand());
  program.addCommand(tokenCommand());
  program.addCommand(workerCommand());
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
    if (isProblem(error)) {
      // The core's one problem type: its code gives the exit status (2 for unusable input).
      const [first, ...rest] = problemLines(error);
      process.stderr.write(`cleanclaim: ${first}\n`);
      for (const line of rest) process.stderr.write(`${line}\n`);
      return exitStatusOf(error);
    }
    process.stderr.write(`cleanclaim: internal error: ${(error as Error).stack ?? error}\n`);
    return 70;
  }
}
