#!/usr/bin/env node
// The package's `mfa-flows-sandbox [--port N] [--quiet]` command (mfa-flows/testing's sandbox, for a
// dev server or Playwright's webServer). The package has no demo page, so no file is served.
import { main } from "./server.mjs";

await main(process.argv.slice(2), { root: null });
