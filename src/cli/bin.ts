import { main } from "./main.js";

// Entry point: `node bin/cleanclaim.js` (built) or `npx tsx src/cli/bin.ts` (from source).
process.exitCode = await main(process.argv);
