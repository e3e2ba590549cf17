// Hostile clients: timeouts that hold as configured, idle sockets closed quietly,
// the connection cap, Expect handling, and every framework-level error as an ErrorResponse.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HTTP_LIMIT_DEFAULTS } from "../../packages/sandbox/src/index.ts";
import { resolveHttpLimits } from "../../packages/sandbox/src/http/limits.ts";
import { KEYS, startTestSandbox, testConfig, type TestSandbox } from "./harness.ts";
import { lastResponse, openSocket } from "./socket-client.ts";

const LIMITS = { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, keepAliveTimeoutMs: 800 };
const SLACK_MS = 2_000; // the issue's bound: the configured timeout + 2 s

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ http: LIMITS });
});
afterAll(() => sandbox?.close());

const post = (key: string | null, length: number, extra = ""): string =>
  `POST /partner/v1/orgs HTTP/1.1\r\nHost: x\r\n${key ? `Authorization: Bearer ${key}\r\n` : ""}Content-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`;

function expectErrorResponse(text: string, status: number): void {
  const res = lastResponse(text);
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ statusCode: status, message: expect.any(String), error: expect.any(String) });
  expect(res.headers["x-request-id"]).toMatch(/^req_/);
}

describe("timeouts hold as configured", () => {
  it("a body trickled at 1 byte/s gets 408 within the request timeout + 2 s", async () => {
    const client = await openSocket(sandbox.url);
    const started = performance.now();
    client.socket.write(post(KEYS.unlimited, 100));
    const drip = setInterval(() => client.socket.write("{"), 1_000);
    try {
      await client.closed;
    } finally {
      clearInterval(drip);
    }
    const elapsed = performance.now() - started;
    expectErrorResponse(client.received(), 408);
    expect(elapsed).toBeGreaterThanOrEqual(LIMITS.requestTimeoutMs - 50);
    expect(elapsed).toBeLessThan(LIMITS.requestTimeoutMs + SLACK_MS);
  });

  it("headers trickled one line at a time get 408 within the headers timeout + 2 s", async () => {
    const client = await openSocket(sandbox.url);
    const started = performance.now();
    client.socket.write("GET /partner/v1/orgs HTTP/1.1\r\n");
    const drip = setInterval(() => client.socket.write("X-Slow: a\r\n"), 200);
    try {
      await client.closed;
    } finally {
      clearInterval(drip);
    }
    const elapsed = performance.now() - started;
    expectErrorResponse(client.received(), 408);
    expect(elapsed).toBeGreaterThanOrEqual(LIMITS.headersTimeoutMs - 50);
    expect(elapsed).toBeLessThan(LIMITS.headersTimeoutMs + SLACK_MS);
  });

  it("closes a socket that never sends a byte quietly: no unrequested 408", async () => {
    const client = await openSocket(sandbox.url);
    await client.closed;
    expect(client.received()).toBe("");
  });

  it("closes an idle keep-alive socket quietly after the keep-alive timeout", async () => {
    const client = await openSocket(sandbox.url);
    client.socket.write(`GET /partner/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.unlimited}\r\n\r\n`);
    await client.waitFor(/\r\n\r\n.*\}$/s);
    const answered = client.received();
    expect(lastResponse(answered).status).toBe(200);
    const idleFrom = performance.now();
    await client.closed;
    expect(client.received()).toBe(answered); // nothing after the answer
    expect(performance.now() - idleFrom).toBeLessThan(LIMITS.keepAliveTimeoutMs + SLACK_MS);
  });

  it("documents its defaults and refuses nonsense limits", () => {
    expect(HTTP_LIMIT_DEFAULTS).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 1024, maxConnectionsPerIp: 128 });
    expect(() => resolveHttpLimits({ requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs must be a positive integer/);
    expect(() => resolveHttpLimits({ maxConnections: 1.5 })).toThrow(/maxConnections/);
  });
});

describe("Expect", () => {
  it("answers a keyless `Expect: 100-continue` with 401 and never `100 Continue`", async () => {
    const client = await openSocket(sandbox.url);
    client.socket.write(post(null, 5_000_000, "Expect: 100-continue\r\n"));
    await client.closed;
    expect(client.received()).not.toContain("100 Continue");
    expectErrorResponse(client.received(), 401);
  });

  it("sends `100 Continue` once the key passes, then answers the body", async () => {
    const client = await openSocket(sandbox.url);
    const body = JSON.stringify({ name: "Expecting" });
    client.socket.write(post(KEYS.unlimited, body.length, "Expect: 100-continue\r\nConnection: close\r\n"));
    await client.waitFor(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    client.socket.write(body);
    await client.closed;
    expect(lastResponse(client.received()).status).toBe(201);
  });

  it("does not invite a body over the size limit: 413 straight away", async () => {
    const client = await openSocket(sandbox.url);
    client.socket.write(post(KEYS.unlimited, 50_000_000, "Expect: 100-continue\r\n"));
    await client.waitFor(/HTTP\/1\.1 413/);
    expect(client.received()).not.toContain("100 Continue");
    client.socket.destroy();
  });

  it("answers `Expect: 200-ok` with 417 as an ErrorResponse with X-Request-Id", async () => {
    const client = await openSocket(sandbox.url);
    client.socket.write(post(KEYS.unlimited, 2, "Expect: 200-ok\r\n"));
    await client.closed;
    expectErrorResponse(client.received(), 417);
    expect(lastResponse(client.received()).body.message).toContain("200-ok");
  });
});

describe("framework-level errors are ErrorResponses with X-Request-Id", () => {
  it.each([
    ["a broken request line", 400, "GET / HTTP/1.1 extra\r\n\r\n"],
    ["HTTP/1.1 without Host", 400, `GET /partner/v1/orgs HTTP/1.1\r\nAuthorization: Bearer ${KEYS.unlimited}\r\n\r\n`],
    ["Content-Length and Transfer-Encoding together", 400, `POST /partner/v1/orgs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n`],
    ["a body over the limit", 413, post(KEYS.unlimited, 50_000_000)],
    ["headers over 16 KiB", 431, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`],
  ])("%s → %i", async (_label, status, head) => {
    const client = await openSocket(sandbox.url);
    client.socket.write(head);
    await client.waitFor(/\r\n\r\n\{.*\}$/s);
    expectErrorResponse(client.received(), status);
    client.socket.destroy();
  });
});

describe("the connection cap", () => {
  it("refuses a client over its per-IP cap with 503, Retry-After and an ErrorResponse; others keep their sockets", async () => {
    const config = { ...testConfig(), trusted_proxies: [] }; // loopback is the client here, not a proxy
    const capped = await startTestSandbox({ config, http: { ...LIMITS, keepAliveTimeoutMs: 30_000, maxConnectionsPerIp: 2 } });
    try {
      const held = [await openSocket(capped.url), await openSocket(capped.url)];
      const over = await openSocket(capped.url);
      over.socket.write(`GET /partner/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.unlimited}\r\n\r\n`);
      await over.closed;
      expectErrorResponse(over.received(), 503);
      const refusal = lastResponse(over.received());
      expect(refusal.headers["retry-after"]).toBe("1");
      expect(refusal.body.message).toMatch(/Too many open connections from 127\.0\.0\.1 \(limit 2\)/);
      // The held sockets still work, and a freed slot is usable again.
      held[0]!.socket.write(`GET /partner/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.unlimited}\r\n\r\n`);
      await held[0]!.waitFor(/HTTP\/1\.1 200/);
      held[1]!.socket.destroy();
      await held[1]!.closed;
      await new Promise((r) => setTimeout(r, 50)); // the server sees the close
      expect((await capped.api.call("listOrgs", { key: KEYS.unlimited })).status).toBe(200);
      held[0]!.socket.destroy();
    } finally {
      await capped.close();
    }
  });

  it("counts a trusted proxy's sockets only towards the global cap", async () => {
    // testConfig trusts 127.0.0.0/8: the per-IP cap of 1 does not apply, the global cap of 3 does.
    const capped = await startTestSandbox({ http: { ...LIMITS, keepAliveTimeoutMs: 30_000, maxConnectionsPerIp: 1, maxConnections: 3 } });
    try {
      const held = [await openSocket(capped.url), await openSocket(capped.url), await openSocket(capped.url)];
      for (const s of held) s.socket.write(`GET /partner/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.unlimited}\r\n\r\n`);
      for (const s of held) await s.waitFor(/HTTP\/1\.1 200/);
      const over = await openSocket(capped.url);
      over.socket.write(`GET /partner/v1/orgs HTTP/1.1\r\nHost: x\r\n\r\n`);
      await over.closed;
      expectErrorResponse(over.received(), 503);
      expect(lastResponse(over.received()).body.message).toMatch(/3 open connections, its limit/);
      for (const s of held) s.socket.destroy();
    } finally {
      await capped.close();
    }
  });

  it("closes a refused socket that sends nothing after a short grace", async () => {
    const config = { ...testConfig(), trusted_proxies: [] };
    const capped = await startTestSandbox({ config, http: { ...LIMITS, keepAliveTimeoutMs: 30_000, maxConnectionsPerIp: 1 } });
    try {
      const held = await openSocket(capped.url);
      held.socket.write(`GET /partner/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.unlimited}\r\n\r\n`);
      await held.waitFor(/HTTP\/1\.1 200/);
      const over = await openSocket(capped.url);
      await over.closed;
      expect(over.received()).toBe("");
      expect(held.isClosed()).toBe(false);
      held.socket.destroy();
    } finally {
      await capped.close();
    }
  });
});
