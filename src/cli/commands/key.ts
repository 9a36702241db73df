import { Command } from "commander";
import { rotatePhiKey } from "../../app/key-rotation.js";

/**
 * `cleanclaim key rotate`: a new PHI key version, and every sealed value re-sealed under it
 * (src/app/key-rotation.ts). Prints what it re-sealed; never prints a key.
 */
export function keyCommand(): Command {
  const key = new Command("key").description("the PHI encryption key (CLEANCLAIM_KEY or the key file)");
  key
    .command("rotate")
    .description("add a new key version and re-encrypt every sealed value under it (one transaction)")
    .action(async () => {
      const result = await rotatePhiKey(process.env);
      const counts = Object.entries(result.counts)
        .map(([table, n]) => `${table} ${n}`)
        .join(", ");
      process.stdout.write(`re-sealed under key version ${result.version}: ${counts}\n`);
      if (result.source === "env")
        process.stdout.write(
          `CLEANCLAIM_KEY must now be "${result.envForm}" (the new key first, the old ones after it); set it before the next run\n`,
        );
      else
        process.stdout.write(
          `the key file ${result.keyFile} now holds version ${result.version} (and the older ones): back it up again\n`,
        );
    });
  return key;
}
