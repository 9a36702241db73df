import { main } from "./main.js";
import { exitQuietlyOnClosedPipe } from "./pipes.js";

// Entry point: `node bin/cleanclaim.js` (built) or `npx tsx src/cli/bin.ts` (from source).
exitQuietlyOnClosedPipe();
process.exitCode = await main(process.argv);
