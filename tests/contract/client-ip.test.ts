// The client IP behind a trusted proxy (decision client-ip): with CONTRACT_ALLOWED_IP (an address
// inside the allow list of CONTRACT_BLOCKED_API_KEY's partner, and a promise that the server
// trusts this suite's address as a proxy) the suite speaks as that proxy. The client is the
// right-most X-Forwarded-For entry that is not a trusted proxy: an allowed entry passes, and an
// allowed entry a client wrote at the start of the header (a spoof) does not. Every operation
// that requires the key, from the document.
import type { TestContext } from "vitest";
import { describe, it } from "vitest";
import { call, type Exchange } from "./lib/client.ts";
import { decision } from "./lib/decisions.ts";
import { operations, requiresAuth, successStatus } from "./lib/document.ts";
import { expectStatus } from "./lib/expect-contract.ts";
import { needKey, needStateful, skip } from "./lib/requirements.ts";
import { target } from "./lib/target.ts";
import { validRequest, type Caller } from "./lib/valid-requests.ts";

// Documentation ranges (RFC 5737): never a real client, so never on a real allow list.
const OUTSIDE_CANDIDATES = ["192.0.2.1", "198.51.100.1"];

async function needAllowedIp(ctx: TestContext): Promise<string> {
  await needStateful(ctx, "IP allow lists");
  await needKey(ctx, "blocked");
  if (!target.allowedIp) await skip(ctx, "needs CONTRACT_ALLOWED_IP (an address inside the blocked partner's allow list, from a proxy the server trusts)");
  return target.allowedIp!;
}

const forwarded = (entries: string[]): Caller => ({ auth: "blocked", headers: { "x-forwarded-for": entries.join(", ") } });

let outside: Promise<string> | undefined;
/** An address outside the blocked partner's list, confirmed by the server (403 when sent alone). */
function outsideAddress(): Promise<string> {
  outside ??= (async () => {
    let last: Exchange | undefined;
    for (const candidate of OUTSIDE_CANDIDATES.filter((c) => c !== target.allowedIp)) {
      last = await call("listOrgs", { auth: "blocked", headers: { "x-forwarded-for": candidate } });
      if (last.status === 403) return candidate;
    }
    // No documentation address was refused: the server ignores X-Forwarded-For or allows them all.
    expectStatus(last!, 403);
    throw new Error("unreachable");
  })();
  return outside;
}

describe.each(operations.filter(requiresAuth).map((op) => [op.operationId, op] as const))("%s", (operationId, op) => {
  // The blocked partner's own resources, created through the allowed address.
  const send = async (entries: string[]) => call(operationId, await validRequest(operationId, forwarded(entries)));

  it("accepts X-Forwarded-For: <CONTRACT_ALLOWED_IP> from a trusted proxy", async (ctx) => {
    const allowed = await needAllowedIp(ctx);
    expectStatus(await send([allowed]), successStatus(op));
  });

  it(`answers 403 to a spoofed left-most entry (X-Forwarded-For: <allowed>, <outside>; ${decision("client-ip")})`, async (ctx) => {
    const allowed = await needAllowedIp(ctx);
    expectStatus(await send([allowed, await outsideAddress()]), 403);
  });

  it(`takes the right-most entry (X-Forwarded-For: <outside>, <allowed>; ${decision("client-ip")})`, async (ctx) => {
    const allowed = await needAllowedIp(ctx);
    expectStatus(await send([await outsideAddress(), allowed]), successStatus(op));
  });
});
