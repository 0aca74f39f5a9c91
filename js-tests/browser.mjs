// Headless Chromium (apt's /usr/bin/chromium) driven by playwright-core, with the flags this
// closed network needs; one browser per test file.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), "mfa-flows-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A page whose console errors and uncaught exceptions are collected in `errors`. Chromium's own
 * "Failed to load resource" lines are left out: a 401 from a wrong password is a test's point.
 */
export async function newPage(browser) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  return { page, errors };
}
