#!/usr/bin/env node
// The installed command runs the compiled CLI (built by `npm run build`, which `npm install` runs via `prepare`).
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv);
