// The admin token: at least 32 characters (a shorter one refuses to start, saying why, never
// echoing it), compared in constant time over SHA-256 digests (so neither content nor length
// leaks), from the startSandbox option or the config's admin_token.
import { afterAll, afterEach, expect, it, vi } from "vitest";

// Wraps node:crypto's timingSafeEqual so the test can see it is what decides.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

// Workers are shared between files (isolate: false): load the sandbox afresh, on the wrapped
// node:crypto, and leave a fresh registry behind for the next file.
vi.resetModules();
afterAll(() => {
  vi.doUnmock("node:crypto");
  vi.resetModules();
});
const { timingSafeEqual } = await import("node:crypto");
const { adminToken, isAdminToken } = await import("../../packages/sandbox/src/config/admin-token.ts");
const { ADMIN_TOKEN, startTestSandbox, testConfig } = await import("./harness.ts");

afterEach(() => vi.mocked(timingSafeEqual).mockClear());

it("compares with crypto.timingSafeEqual over two 32-byte digests, whatever the presented length", () => {
  const admin = adminToken(ADMIN_TOKEN, "test")!;
  expect(isAdminToken(ADMIN_TOKEN, admin)).toBe(true);
  for (const wrong of ["x", `${ADMIN_TOKEN}x`, ADMIN_TOKEN.slice(0, -1), "y".repeat(4096)]) expect(isAdminToken(wrong, admin)).toBe(false);
  const calls = vi.mocked(timingSafeEqual).mock.calls;
  expect(calls).toHaveLength(5);
  for (const [a, b] of calls) expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
  expect(isAdminToken(undefined, admin)).toBe(false);
  expect(isAdminToken(ADMIN_TOKEN, undefined)).toBe(false);
});

it("a request with the admin token goes through the constant-time compare", async () => {
  const sandbox = await startTestSandbox();
  try {
    expect((await sandbox.api.resetAll()).body.scope).toBe("all");
    expect(vi.mocked(timingSafeEqual)).toHaveBeenCalled();
  } finally {
    await sandbox.close();
  }
});

it("refuses to start with a token under 32 characters, from the option or the config, without printing it", async () => {
  const short = "short-admin-token-31-characters"; // 31
  expect(short).toHaveLength(31);
  for (const options of [{ adminToken: short }, { adminToken: undefined, config: { ...testConfig(), admin_token: short } }]) {
    const error = await startTestSandbox(options).then(
      async (s) => {
        await s.close();
        return undefined;
      },
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/admin token .*must be at least 32 characters, got 31/);
    expect(error?.message).not.toContain(short);
  }
});

it("takes the token from the config's admin_token", async () => {
  const fromConfig = "config-admin-token-0123456789abcdef";
  const sandbox = await startTestSandbox({ adminToken: undefined, config: { ...testConfig(), admin_token: fromConfig } });
  try {
    expect((await sandbox.api.control("reset", undefined, fromConfig)).body.scope).toBe("all");
    expect((await sandbox.api.control("reset", undefined, ADMIN_TOKEN)).status).toBe(401);
  } finally {
    await sandbox.close();
  }
});
