// Rate limits, from the document's x-rate-limit: the per-operation budget of createLoginLink and
// the partner-wide budget; 429 with Retry-After; one partner never slows another; 429 comes
// before validation. These spend the quota, so they run only with CONTRACT_RATE_LIMITS=1 and
// last (see setup/sequencer.ts). On the sandbox each starts from a fresh window by moving its
// clock; elsewhere earlier requests count too, so the 429 may come sooner than the limit.
import { describe, it } from "vitest";
import { BREACHES, LAYER, withBreaches } from "./lib/check-order.ts";
import { call, type CallOptions, type Exchange } from "./lib/client.ts";
import { decision } from "./lib/decisions.ts";
import { globalRateLimit, operation, operations, successStatus } from "./lib/document.ts";
import { expectFact, expectStatus, expectThat } from "./lib/expect-contract.ts";
import { validBody } from "./lib/fixtures.ts";
import { needKey, needRateLimits, needStateful, skip } from "./lib/requirements.ts";
import { advanceClock } from "./lib/sandbox-controls.ts";
import { target } from "./lib/target.ts";
import { validPath, validRequest } from "./lib/valid-requests.ts";

/** Sends until the first 429 (at most limit + 1 requests); returns it and how many passed. */
async function exhaust(operationId: string, limit: number, options: () => Promise<CallOptions>): Promise<{ refused: Exchange; passed: number }> {
  let last: Exchange | undefined;
  for (let sent = 0; sent <= limit; sent++) {
    last = await call(operationId, { ...(await options()), expect429: true });
    if (last.status === 429) return { refused: last, passed: sent };
    expectStatus(last, successStatus(operation(operationId)));
  }
  // limit + 1 requests without a 429: this fails, with the last answer as evidence.
  expectStatus(last!, 429);
  throw new Error("unreachable");
}

const freshWindow = async (seconds: number) => {
  if (target.sandbox) await advanceClock(seconds);
};

describe("rate limits", () => {
  const links = operation("createLoginLink").rateLimit!;

  it(`createLoginLink: answers 429 with Retry-After after ${links.limit} links in ${links.window_seconds} s (${decision("rate-limit-answer")})`, async (ctx) => {
    await needRateLimits(ctx);
    await freshWindow(Math.max(links.window_seconds, globalRateLimit.window_seconds));
    const path = await validPath("createLoginLink");
    const { refused, passed } = await exhaust("createLoginLink", links.limit, async () => ({ path, body: validBody("createLoginLink") }));
    expectStatus(refused, 429);
    if (target.sandbox) expectFact(refused, "links created before the 429", links.limit, passed);
  });

  it("listOrgs: another partner is not slowed by this partner's spent budget", async (ctx) => {
    await needRateLimits(ctx);
    await needKey(ctx, "other");
    expectStatus(await call("listOrgs", { auth: "other" }), 200);
  });

  it(`listOrgs: answers 429 with Retry-After after ${globalRateLimit.limit} requests in ${globalRateLimit.window_seconds} s, before validation (${decision("rate-limit-answer", "order-of-checks")})`, async (ctx) => {
    await needRateLimits(ctx);
    await freshWindow(globalRateLimit.window_seconds);
    const { refused, passed } = await exhaust("listOrgs", globalRateLimit.limit, async () => ({}));
    expectStatus(refused, 429);
    if (target.sandbox) expectFact(refused, "requests answered before the 429", globalRateLimit.limit, passed);
    // Rate limiting comes before validation: an invalid request is refused with 429 too.
    expectStatus(await call("listOrgs", { query: { limit: 0 }, expect429: true }), 429);
  });

  // The order of checks around the rate limit (decision order-of-checks), for every operation: with the
  // partner's budget spent, a request that also fails a later layer answers 429, and one that
  // also fails an earlier layer (no key) answers that layer's status.
  const earlier = BREACHES.filter((b) => b.layer === LAYER.auth);
  const later = BREACHES.filter((b) => b.layer > LAYER.rate);
  // One spent budget for every operation's requests (built first: building may create orgs).
  it(`every operation: a spent budget answers 429 before validation, ownership and existence; a missing or unknown key 401 (${decision("order-of-checks")})`, async (ctx) => {
    await needRateLimits(ctx);
    await needStateful(ctx, "a spent budget");
    const requests: { operationId: string; options: CallOptions; status: number }[] = [];
    for (const op of operations) {
      const base = await validRequest(op.operationId);
      for (const breach of later.filter((b) => b.applies(op) && b.unmet() === undefined)) requests.push({ operationId: op.operationId, options: await withBreaches(base, op, breach), status: 429 });
      for (const breach of earlier.filter((b) => b.applies(op) && b.unmet() === undefined)) requests.push({ operationId: op.operationId, options: await withBreaches(base, op, breach), status: breach.status });
    }
    await freshWindow(globalRateLimit.window_seconds);
    expectStatus((await exhaust("listOrgs", globalRateLimit.limit, async () => ({}))).refused, 429);
    for (const { operationId, options, status } of requests) expectStatus(await call(operationId, { ...options, expect429: true }), status);
  });

  it(`listOrgs: the IP allow list (403) comes before a spent budget (429) (${decision("order-of-checks")})`, async (ctx) => {
    await needRateLimits(ctx);
    await needKey(ctx, "blocked");
    if (!target.allowedIp) await skip(ctx, "needs CONTRACT_ALLOWED_IP: the blocked partner's budget can only be spent from an allowed address");
    const viaAllowed = { auth: "blocked" as const, headers: { "x-forwarded-for": target.allowedIp! } };
    expectStatus((await exhaust("listOrgs", globalRateLimit.limit, async () => viaAllowed)).refused, 429);
    expectStatus(await call("listOrgs", { auth: "blocked", expect429: true }), 403);
  });

  it(`listOrgs: the budget is back after Retry-After seconds (${decision("rate-limit-answer")})`, async (ctx) => {
    await needRateLimits(ctx);
    // On the sandbox the previous check left the budget spent; elsewhere it may have refilled.
    const refused = target.sandbox ? expectStatus(await call("listOrgs", { expect429: true }), 429) : expectStatus(await call("listOrgs", { expect429: true }), 200, 429);
    if (refused.status === 429) {
      const seconds = Number(refused.headers.get("retry-after"));
      expectThat(refused, "Retry-After within the window", seconds <= globalRateLimit.window_seconds, seconds);
      if (target.sandbox) await advanceClock(seconds);
      else await new Promise((r) => setTimeout(r, seconds * 1000));
    }
    expectStatus(await call("listOrgs", { expect429: true }), 200);
  });
});
