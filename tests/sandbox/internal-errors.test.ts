// A failure that is not the caller's fault is a logged 500 with the documented body: never the
// failure's own message, even when the error claims a 4xx status, and the request is journaled.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createMemoryStorage } from "../../packages/sandbox/src/storage/memory/index.ts";
import type { SandboxStorage } from "../../packages/sandbox/src/storage/types/index.ts";
import { KEYS, startTestSandbox, type TestSandbox } from "./harness.ts";

const SECRET_DETAIL = "relation sandbox_orgs: password=hunter2";

/** The memory engine whose listOrgs unit fails the way a bug would, with a message that must never leave. */
function failingStorage(): { storage: SandboxStorage; failure: { error: Error } } {
  const inner = createMemoryStorage();
  const failure = { error: new Error(SECRET_DETAIL) };
  const requests = new Proxy(inner.requests, {
    get(target, name, receiver) {
      if (name === "listOrgs") return () => Promise.reject(failure.error);
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
  const storage = new Proxy(inner, {
    get(target, name, receiver) {
      return name === "requests" ? requests : (Reflect.get(target, name, receiver) as unknown);
    },
  });
  return { storage, failure };
}

const { storage, failure } = failingStorage();
let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ storage });
});
afterAll(() => sandbox?.close());

it.each([
  ["a plain error", () => new Error(SECRET_DETAIL)],
  ["an error that claims a 4xx status", () => Object.assign(new Error(SECRET_DETAIL), { statusCode: 400 })],
  ["a stack overflow", () => new RangeError(`Maximum call stack size exceeded (${SECRET_DETAIL})`)],
])("%s: a logged 500 with the documented body, nothing of the error, and a journal entry", async (label, make) => {
  failure.error = make();
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const res = await sandbox.api.call("listOrgs", { key: KEYS.unlimited, headers: { "x-request-id": `internal-${label.replace(/\W/g, "-")}` } });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ statusCode: 500, message: "Internal server error", error: "Internal Server Error" });
    expect(res.text).not.toContain("hunter2");
    expect(logged.mock.calls.flat().some((arg) => String(arg instanceof Error ? arg.message : arg).includes(SECRET_DETAIL))).toBe(true);
  } finally {
    logged.mockRestore();
  }
  const requestId = `internal-${label.replace(/\W/g, "-")}`;
  await expect
    .poll(async () => {
      const page = await sandbox.api.raw("GET", "/_sandbox/requests?limit=10", { key: KEYS.unlimited });
      return page.body.data.find((e: { request_id: string }) => e.request_id === requestId)?.status;
    }, { timeout: 5000 })
    .toBe(500);
});
