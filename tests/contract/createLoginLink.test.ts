// createLoginLink behaviour: a 256-bit token in the url, expiry 15 minutes after creation, and —
// where the server serves the link page — single use, expiry, and one answer for used, expired
// and unknown tokens. TTL and token size come from the document's x-login-link.
import { randomBytes } from "node:crypto";
import { describe, it } from "vitest";
import { call, type Exchange } from "./lib/client.ts";
import { decision } from "./lib/decisions.ts";
import { operation } from "./lib/document.ts";
import { expectFact, expectStatus, expectThat } from "./lib/expect-contract.ts";
import { validBody } from "./lib/fixtures.ts";
import { servesLoginPage, tokenOf, visit } from "./lib/login-page.ts";
import { needSandbox, needStateful, skip } from "./lib/requirements.ts";
import { advanceClock, sandboxNow } from "./lib/sandbox-controls.ts";
import { target } from "./lib/target.ts";
import { validPath } from "./lib/valid-requests.ts";
import type { TestContext } from "vitest";

const { ttl_seconds: ttl, token_bytes: tokenBytes } = operation("createLoginLink").op["x-login-link"] as { ttl_seconds: number; token_bytes: number };
// At least 10 at once, all in flight together.
const PARALLEL_VISITS = 12;
const TOKEN = new RegExp(`^[0-9a-f]{${tokenBytes * 2}}$`);

async function createLink(): Promise<{ res: Exchange; url: string; expires_at: string }> {
  const res = expectStatus(await call("createLoginLink", { path: await validPath("createLoginLink"), body: validBody("createLoginLink") }), 201);
  const link = res.json as { url: string; expires_at: string };
  return { res, ...link };
}

async function needLoginPage(ctx: TestContext, url: string): Promise<void> {
  if (!servesLoginPage(url)) await skip(ctx, `the server under test does not serve the link page (${new URL(url).origin}); set CONTRACT_SANDBOX=1 for the sandbox`);
}

describe("createLoginLink", () => {
  it(`puts a ${tokenBytes * 8}-bit token in the url (${tokenBytes * 2} hex characters in its token parameter; ${decision("login-token")})`, async () => {
    const { res, url } = await createLink();
    expectThat(res, `url with a token of ${tokenBytes * 2} hex characters`, TOKEN.test(tokenOf(url)), `${tokenOf(url).length} characters`);
  });

  it("gives every link a fresh token", async (ctx) => {
    await needStateful(ctx, "distinct links");
    const a = await createLink();
    const b = await createLink();
    expectThat(b.res, "a token different from the previous link's", tokenOf(a.url) !== tokenOf(b.url), "the same token twice");
  });

  it(`sets expires_at ${ttl} seconds after creation`, async (ctx) => {
    await needStateful(ctx, "a real expiry");
    // Bracket the server's clock: the sandbox tells its (movable) time, others are compared with
    // ours, allowing for clock skew.
    const now = target.sandbox ? sandboxNow : async () => Date.now();
    const slack = target.sandbox ? 1_000 : 120_000;
    const before = await now();
    const { res, expires_at } = await createLink();
    const after = await now();
    const at = Date.parse(expires_at);
    expectThat(res, `expires_at within [created + ${ttl}s]`, at >= before + ttl * 1000 - slack && at <= after + ttl * 1000 + slack, expires_at);
  });

  it(`works once: the first visit answers 200, the second 410, neither cached nor leaked (${decision("login-page")})`, async (ctx) => {
    await needStateful(ctx, "a real link");
    const { url } = await createLink();
    await needLoginPage(ctx, url);
    for (const expected of [200, 410]) {
      const page = expectStatus(await visit(url), expected);
      // The page carries a secret in its URL: never cached, never a referrer (decision login-page).
      const headers = { "cache-control": page.headers.get("cache-control"), "referrer-policy": page.headers.get("referrer-policy") };
      expectFact(page, "login page headers", { "cache-control": "no-store", "referrer-policy": "no-referrer" }, headers);
    }
  });

  it(`works once under concurrency: ${PARALLEL_VISITS} simultaneous visits, exactly one 200 and the rest 410 (${decision("login-page")})`, async (ctx) => {
    await needStateful(ctx, "a real link");
    const { url } = await createLink();
    await needLoginPage(ctx, url);
    const pages = await Promise.all(Array.from({ length: PARALLEL_VISITS }, () => visit(url)));
    for (const page of pages) expectStatus(page, 200, 410);
    const statuses = pages.map((p) => p.status).sort();
    expectFact(pages[0]!, "statuses of simultaneous visits", [200, ...Array<number>(PARALLEL_VISITS - 1).fill(410)], statuses);
  });

  it(`is not consumed by HEAD (${decision("login-page")})`, async (ctx) => {
    await needStateful(ctx, "a real link");
    const { url } = await createLink();
    await needLoginPage(ctx, url);
    await visit(url, "HEAD");
    expectStatus(await visit(url), 200);
  });

  it(`answers 410 after ${ttl} seconds, the same page as for a used or unknown token (${decision("login-page")})`, async (ctx) => {
    await needSandbox(ctx, "moving the sandbox clock checks expiry without waiting 15 minutes");
    const used = await createLink();
    const expiring = await createLink();
    await needLoginPage(ctx, used.url);
    expectStatus(await visit(used.url), 200);
    await advanceClock(ttl + 1);
    const expired = expectStatus(await visit(expiring.url), 410);
    const again = expectStatus(await visit(used.url), 410);
    const unknown = expectStatus(await visit(used.url.replace(tokenOf(used.url), randomBytes(tokenBytes).toString("hex"))), 410);
    expectFact(expired, "the same page for expired, used and unknown tokens", [expired.text, expired.text], [again.text, unknown.text]);
  });
});
