// A storage engine that stops answering (StorageUnavailableError) costs the affected requests a
// 503 ErrorResponse with Retry-After — never a 500, a stack or a hang — and the sandbox answers
// normally again once the engine is back. Raw calls: the Partner API document's 503 comes from
// another change.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMemoryStorage } from "../../packages/sandbox/src/storage/memory/index.ts";
import { StorageUnavailableError, type SandboxStorage } from "../../packages/sandbox/src/storage/types/index.ts";
import { KEYS, startTestSandbox, type Answer, type TestSandbox } from "./harness.ts";

/** The memory engine behind a switch: while `down`, every call rejects as a lost database does. */
function switchableStorage(): { storage: SandboxStorage; state: { down: boolean } } {
  const inner = createMemoryStorage();
  const state = { down: false };
  const switched = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, name, receiver) {
        const value = Reflect.get(object, name, receiver) as unknown;
        if (name === "requests") return requests; // the request path's units of work go down too
        if (typeof value !== "function" || name === "close" || name === "newOrgId") return value;
        return (...args: unknown[]) => (state.down ? Promise.reject(new StorageUnavailableError("connection refused")) : (value as (...a: unknown[]) => unknown)(...args));
      },
    });
  const requests = switched(inner.requests);
  const storage = switched(inner);
  return { storage, state };
}

const { storage, state } = switchableStorage();
let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ storage });
});
afterAll(() => sandbox.close());

function expectUnavailable(res: Answer): void {
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ statusCode: 503, message: expect.any(String), error: "Service Unavailable" });
  expect(res.text).not.toMatch(/at .+\.ts:\d+|StorageUnavailableError|connection refused/);
  expect(res.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
}

it("answers 503 with Retry-After on every route while the engine is down, then recovers by itself", async () => {
  const orgId = (await sandbox.api.createOrg({ name: "Before the outage", external_id: "before" })).body.id as string;
  const link = (await sandbox.api.call("createLoginLink", { params: { orgId }, body: { email: "a@b.example" } })).body.url as string;

  state.down = true;
  expectUnavailable(await sandbox.api.raw("GET", "/partner/v1/orgs")); // the admission fails
  expectUnavailable(await sandbox.api.raw("POST", "/partner/v1/orgs", { body: { name: "During" } }));
  expectUnavailable(await sandbox.api.raw("GET", "/partner/v1/orgs/by-external-id/before"));
  const visit = await fetch(link);
  expect(visit.status).toBe(503);
  expect(visit.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
  expectUnavailable(await sandbox.api.control("reset"));
  // The layers before the engine still answer: a bad key is 401, not 503.
  expect((await sandbox.api.raw("GET", "/partner/v1/orgs", { key: "no-such-key" })).status).toBe(401);
  expect((await sandbox.api.raw("GET", "/partner/v1/orgs", { key: KEYS.aRevoked })).status).toBe(401);

  state.down = false;
  const list = await sandbox.api.call("listOrgs");
  expect(list.body.data.map((o: { name: string }) => o.name)).toEqual(["Before the outage"]);
  expect((await fetch(link)).status).toBe(200); // the outage consumed nothing
});
