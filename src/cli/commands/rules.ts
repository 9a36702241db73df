import { Command } from "commander";
import { ruleList } from "../../rules/index.js";
import { paint, resolveFormat, useColor } from "../output.js";

/** `cleanclaim rules`: every scrubbing rule with its severity, CARC, authority and doc page. */
export function rulesCommand(): Command {
  return new Command("rules")
    .description("list the scrubbing rules with their default severity, expected CARC and authority")
    .option("--format <format>", "json or text")
    .action((opts: { format?: string }) => {
      const format = resolveFormat(opts.format);
      const metas = ruleList();
      if (format === "json") {
        process.stdout.write(`${JSON.stringify(metas, null, 2)}\n`);
        return;
      }
      const color = useColor();
      for (const m of metas) {
        process.stdout.write(
          `${paint.bold(m.id.padEnd(20), color)} ${m.severity.padEnd(8)} ${m.carc ? `CARC ${m.carc}`.padEnd(10) : "".padEnd(10)} ${m.description}\n`,
        );
        process.stdout.write(
          `${"".padEnd(41)}${paint.dim(`${m.references.join("; ")} · ${m.docs}`, color)}\n`,
        );
      }
    });
}
