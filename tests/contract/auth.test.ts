// Auth is enforced on every operation that declares it (OWASP "ignored auth"): the same valid
// request without a key, with a malformed header or with an unknown, revoked or inactive
// partner's key answers 401; a blocked IP answers 403. Generated from the document's security.
import { randomBytes } from "node:crypto";
import { describe, it } from "vitest";
import { call, type Auth } from "./lib/client.ts";
import type { KeyName } from "./lib/env.ts";
import { operations, requiresAuth } from "./lib/document.ts";
import { expectStatus } from "./lib/expect-contract.ts";
import { needKey, needStateful } from "./lib/requirements.ts";
import { target } from "./lib/target.ts";
import { validPath, validRequest } from "./lib/valid-requests.ts";

// Malformed headers carry no real key, so reports may show them as they are.
const MALFORMED: [string, string][] = [
  ["no token after Bearer", "Bearer"],
  ["Basic credentials", "Basic dXNlcjpwYXNzd29yZA=="],
  ["a token without the Bearer scheme", "contract-token-without-scheme"],
  ["an empty header", ""],
];

const REFUSED_KEYS: [KeyName, string][] = [
  ["revoked", "a revoked key"],
  ["inactive", "a key of an inactive partner"],
];

let orgKey: Promise<string> | undefined;
/** One org API key (createOrgApiKey), minted on first use. It is a test org's key, not a secret. */
function orgApiKey(): Promise<string> {
  orgKey ??= (async () => {
    const res = expectStatus(await call("createOrgApiKey", { path: await validPath("createOrgApiKey") }), 201);
    return (res.json as { api_key: string }).api_key;
  })();
  return orgKey;
}

describe.each(operations.filter(requiresAuth).map((op) => [op.operationId] as const))("%s", (operationId) => {
  const send = async (auth: Auth) => call(operationId, { ...(await validRequest(operationId)), auth });

  it("answers 401 without an Authorization header", async () => {
    expectStatus(await send(null), 401);
  });

  it.for(MALFORMED)("answers 401 to a malformed Authorization header (%s)", async ([, header]) => {
    expectStatus(await send({ header }), 401);
  });

  it("answers 401 to an unknown key", async (ctx) => {
    await needStateful(ctx, "which keys exist (it accepts any bearer token)");
    expectStatus(await send({ header: `Bearer contract-unknown-${randomBytes(16).toString("hex")}` }), 401);
  });

  it("answers 401 to two keys in one Authorization header", async (ctx) => {
    await needStateful(ctx, "which keys exist (it accepts any bearer token)");
    await needKey(ctx, "other");
    const [mine, theirs] = [target.keys.primary!, target.keys.other!];
    expectStatus(await send({ header: `Bearer ${mine}, Bearer ${theirs}`, shown: "Bearer <CONTRACT_API_KEY>, Bearer <CONTRACT_OTHER_API_KEY>" }), 401);
  });

  it("answers 401 to an org API key (only partner keys are accepted here)", async (ctx) => {
    await needStateful(ctx, "which keys exist (it accepts any bearer token)");
    expectStatus(await send({ header: `Bearer ${await orgApiKey()}` }), 401);
  });

  it.for(REFUSED_KEYS)("answers 401 to the %s key (%s)", async ([key], ctx) => {
    await needStateful(ctx, "which keys are refused (it accepts any bearer token)");
    await needKey(ctx, key);
    expectStatus(await send(key), 401);
  });

  it("answers 403 to a partner whose IP allow list excludes the caller", async (ctx) => {
    await needStateful(ctx, "IP allow lists");
    await needKey(ctx, "blocked");
    expectStatus(await send("blocked"), 403);
  });
});
