#!/usr/bin/env node
// The installed command runs the compiled CLI (built by `npm run build`, which `npm install` runs via `prepare`).
await import("../dist/cli/bin.js");
