// Explicit skips: a check that lacks a key or a capability of the server is reported skipped,
// by name, with the reason — never a silent pass (setup/skip-reporter.ts lists them all).
import type { TestContext } from "vitest";
import { KEY_VARIABLES, type KeyName } from "./env.ts";
import { target } from "./target.ts";

// The reason is also an annotation, so the JUnit report carries it (`<property name="skipped">`).
export async function skip(ctx: TestContext, reason: string): Promise<never> {
  await ctx.annotate(reason, "skipped");
  return ctx.skip(reason);
}

export async function needKey(ctx: TestContext, name: KeyName): Promise<void> {
  const { variable, purpose } = KEY_VARIABLES[name];
  if (!target.keys[name]) await skip(ctx, `needs ${variable} (${purpose})`);
}

export async function needStateful(ctx: TestContext, what: string): Promise<void> {
  if (!target.stateful) await skip(ctx, `CONTRACT_STATEFUL=0: a stateless mock cannot show ${what}`);
}

/** `why`: what only the sandbox makes possible here. */
export async function needSandbox(ctx: TestContext, why: string): Promise<void> {
  if (!target.sandbox) await skip(ctx, `needs CONTRACT_SANDBOX=1: ${why}`);
}

export async function needRateLimits(ctx: TestContext): Promise<void> {
  if (!target.rateLimits) await skip(ctx, "spends the rate-limit quota: runs only with CONTRACT_RATE_LIMITS=1");
}
