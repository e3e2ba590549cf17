// Which Chromium the browser tests drive, and what happens when there is none: Debian's
// chromium (never a downloaded browser). Outside CI a missing browser skips the tests with
// instructions; under CI=true it is a failure, so CI can never go green without running them.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import type { TestContext } from "vitest";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const missingBrowser = (path: string) =>
  `no Chromium at ${path}: install Debian's with \`apt-get install -y chromium\` ` +
  "(or point CHROMIUM_PATH at one); .ci/run installs it";

export type BrowserAvailability = { available: true } | { available: false; reason: string };

export function browserAvailability(env: NodeJS.ProcessEnv = process.env, path = CHROMIUM_PATH): BrowserAvailability {
  if (existsSync(path)) return { available: true };
  if (env.CI === "true") throw new Error(`CI=true and ${missingBrowser(path)}`);
  return { available: false, reason: missingBrowser(path) };
}

// The flags this machine needs (see the node machine notes): without the background-networking
// ones Chromium calls Google's hosts at start-up. Playwright gives each launch a fresh profile.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Outside CI, no browser: the test is reported skipped, by name, with how to get one. */
export function requireBrowser(ctx: TestContext, availability: BrowserAvailability): void {
  if (availability.available) return;
  console.warn(`skipped "${ctx.task.name}": ${availability.reason}`);
  ctx.skip(availability.reason);
}
