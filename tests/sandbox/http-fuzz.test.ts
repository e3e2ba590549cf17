// A fuzz of the request line and headers against the sandbox over loopback (bounded: RUNS cases
// within TIME_LIMIT_MS): no case may produce a 5xx, and the server must answer a normal request
// after each one. Then a fuzz of hostile JSON bodies — deep nesting, lone surrogates and NUL,
// floods of unknown fields — on every engine (BODY_RUNS cases each, within BODY_TIME_LIMIT_MS):
// each answers a 4xx ErrorResponse within the document's bounds, never a runtime's message.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doc, ENGINES, engineUnavailable, KEYS, needEngine, startTestSandbox, type TestSandbox } from "./harness.ts";
import { openSocket } from "./socket-client.ts";

const RUNS = 600;
const TIME_LIMIT_MS = 90_000;

let sandbox: TestSandbox;
beforeAll(async () => {
  // Short timeouts so a case that never completes its request ends quickly.
  sandbox = await startTestSandbox({ http: { headersTimeoutMs: 500, requestTimeoutMs: 800, keepAliveTimeoutMs: 500 } });
});
afterAll(() => sandbox?.close());

// Mostly well-formed (so cases reach routing, auth, parsing and the handlers), with a fuzzed
// piece or outright garbage at a lower weight.
const w = <T,>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const nasty = fc.constantFrom("\0", "\r", "\n", "\t", " ", ":", "%", "%00", "%zz", "..", "/", "?", "#", "é", "\u2028", "\ud83d\ude00", "\x7f", "\x01", '"', "\\");
const printable = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });
const text = (max: number) => fc.array(fc.oneof(fc.string({ maxLength: 8 }), nasty), { maxLength: max }).map((p) => p.join(""));
const token = fc.stringMatching(/^[A-Za-z0-9!#$&'*+.^_`|~-]{1,20}$/);
const method = fc.oneof(w(8, fc.constantFrom("GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE")), w(1, fc.constantFrom("CONNECT", "get", "PRI", "")), w(1, token), w(1, text(3)));
const target = fc.oneof(
  w(4, fc.constantFrom("/partner/v1/orgs", "/partner/v1/orgs/by-external-id/x", "/partner-login", "/partner-login?token=ab", "/_sandbox/reset", "/_sandbox/clock", "/partner/v1/orgs?limit=1&cursor=x")),
  w(1, fc.constantFrom("*", "/", "http://x/partner/v1/orgs", "//", "/partner/v1/orgs/00000000-0000-4000-8000-000000000000/api-keys")),
  w(3, fc.tuple(fc.constantFrom("/partner/v1/", "/", "/partner/v1/orgs/", "/partner/v1/orgs?limit=", "/partner/v1/orgs/by-external-id/"), fc.oneof(printable(30), text(6))).map(([a, b]) => a + b)),
  w(1, fc.string({ unit: "grapheme", maxLength: 40 })),
  w(1, fc.integer({ min: 1, max: 9000 }).map((n) => `/${"a".repeat(n)}`)),
);
const version = fc.oneof(w(8, fc.constant("HTTP/1.1")), w(2, fc.constant("HTTP/1.0")), w(1, fc.constantFrom("HTTP/2.0", "HTTP/0.9", "http/1.1", "HTTP/1.10", "HTTP/9.9", "HTTP/1.1 x", "")));
const headerName = fc.oneof(
  w(5, fc.constantFrom("Authorization", "Content-Length", "Transfer-Encoding", "Expect", "Content-Type", "Connection", "X-Forwarded-For", "Upgrade", "Cookie", "Accept", "Te", "Host", "X-Request-Id", "Accept-Encoding")),
  w(2, token),
  w(1, text(3)),
);
const headerValue = fc.oneof(
  w(4, fc.constantFrom("", "0", "2", "5", "-1", "1 2", "99999999999999999999", "chunked", "gzip, chunked", "100-continue", "200-ok", "close", "keep-alive", "upgrade", "application/json", "text/plain", `Bearer ${KEYS.unlimited}`, "Bearer", "Bearer  x", "h2c", "websocket", "127.0.0.1, 203.0.113.9", "[::1]:80, junk")),
  w(3, printable(60)),
  w(1, text(6)),
  w(1, fc.integer({ min: 1, max: 20_000 }).map((n) => "v".repeat(n))),
);
const request = fc.record({
  method,
  target,
  version,
  space: fc.oneof(w(10, fc.constant(" ")), w(1, fc.constantFrom("  ", "\t"))),
  eol: fc.oneof(w(10, fc.constant("\r\n")), w(1, fc.constantFrom("\n", "\r"))),
  host: fc.oneof(w(6, fc.constant([["Host", ": ", "127.0.0.1"]])), w(1, fc.constant([]))),
  headers: fc.array(fc.tuple(headerName, fc.oneof(w(6, fc.constant(": ")), w(1, fc.constantFrom(":", " : ", ":\t"))), headerValue), { maxLength: 4 }),
  body: fc.oneof(fc.constant(""), printable(20), fc.constantFrom('{"name":"x"}', '{"name":"\\ud800"}', "0\r\n\r\n", "5\r\nhello\r\n0\r\n\r\n")),
});

function render(r: typeof request extends fc.Arbitrary<infer T> ? T : never): string {
  const head = [`${r.method}${r.space}${r.target}${r.space}${r.version}`, ...[...r.host, ...r.headers].map(([n, sep, v]) => `${n}${sep}${v}`)];
  return head.join(r.eol) + r.eol + r.eol + r.body;
}

/** Sends one case; the first status code answered, or undefined if the socket closed silently. */
async function send(raw: string): Promise<number | undefined> {
  const client = await openSocket(sandbox.url);
  client.socket.write(raw);
  // Enough for any answer; a case still waiting for more bytes gets end-of-input.
  await Promise.race([client.waitFor(/^HTTP\/1\.[01] \d{3}/, 400).catch(() => undefined), client.closed]);
  if (!client.isClosed()) client.socket.end();
  await Promise.race([client.closed, new Promise((r) => setTimeout(r, 2_000))]);
  client.socket.destroy();
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(client.received());
  return status ? Number(status[1]) : undefined;
}

it(`answers ${RUNS} fuzzed request lines and headers without a 5xx, and serves a normal request after each`, async () => {
  const statuses = new Map<string, number>();
  const serverErrors: string[] = [];
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const raw = render(r);
      const status = await send(raw);
      statuses.set(String(status ?? "closed"), (statuses.get(String(status ?? "closed")) ?? 0) + 1);
      if (status !== undefined && status >= 500) serverErrors.push(`${status} for ${JSON.stringify(raw.slice(0, 300))}`);
      expect(status === undefined || status < 500, `${status} for ${JSON.stringify(raw.slice(0, 300))}`).toBe(true);
      const normal = await sandbox.api.call("listOrgs", { key: KEYS.unlimited });
      expect(normal.status).toBe(200);
    }),
    { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
  );
  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  console.log(`http fuzz: ${total} cases, ${serverErrors.length} × 5xx, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  expect(serverErrors).toEqual([]);
  expect(total).toBeGreaterThanOrEqual(50); // the time limit must not hollow the fuzz out
}, 180_000);

const BODY_RUNS = 60;
const BODY_TIME_LIMIT_MS = 40_000;
const bundle = doc.doc as Record<string, any>;
const maxDepth = bundle["x-request-body-max-depth"] as number;
const errorBounds = bundle.components.schemas.ErrorResponse as { "x-problems-max-items": number; "x-problem-max-chars": number };
const maxProblems = errorBounds["x-problems-max-items"];
const maxChars = errorBounds["x-problem-max-chars"];
const INTERNAL = /Maximum call stack|RangeError|TypeError|ReferenceError|Internal server error|\bat \S+ \(|\.ts:\d+/;

// JSON text built by hand, so nesting can go deeper than JSON.stringify could go.
const escapes = fc.constantFrom("\\ud800", "\\udfff", "\\uDBFF\\u0041", "\\u0000", "\\ud83d\\ude00", "\\\\ud800", "\\\"", "plain");
const jsonString = fc.tuple(printable(12), escapes, printable(12)).map(([a, e, b]) => `"${a.replace(/["\\]/g, "")}${e}${b.replace(/["\\]/g, "")}"`);
const nesting = fc.record({
  levels: fc.oneof(fc.constantFrom(maxDepth - 4, maxDepth - 1, maxDepth, maxDepth + 1), fc.integer({ min: 100, max: 20_000 })),
  open: fc.constantFrom("[", '{"k":'),
  inner: fc.oneof(jsonString, fc.constant("1")),
});
const nested = ({ levels, open, inner }: { levels: number; open: string; inner: string }): string =>
  `${open.repeat(levels)}${inner}${(open === "[" ? "]" : "}").repeat(levels)}`;
const unknownFields = fc.record({ count: fc.integer({ min: 0, max: 3_000 }), length: fc.integer({ min: 1, max: 400 }) });
const hostileBody = fc.record({
  operation: fc.constantFrom("createOrg", "createOrgApiKey", "createLoginLink"),
  nesting: fc.option(nesting, { freq: 2 }),
  where: fc.constantFrom("top", "integrations", "known field"),
  escape: fc.option(fc.tuple(jsonString, fc.boolean()), { freq: 2 }),
  unknown: fc.option(unknownFields, { freq: 2 }),
});

function renderBody(b: typeof hostileBody extends fc.Arbitrary<infer T> ? T : never): string {
  const members = [b.operation === "createLoginLink" ? '"email":"fuzz@example.com"' : '"name":"Fuzz"'];
  if (b.nesting) {
    const deep = nested(b.nesting);
    if (b.where === "integrations") members.push(`"integrations":{"fareharbor":{"app_key":"a","user_key":"u","x":${deep}}}`);
    else if (b.where === "known field") members.push(`"role_ids":${deep}`);
    else members.push(`"deep":${deep}`);
  }
  if (b.escape) {
    const [text, asKey] = b.escape;
    members.push(asKey ? `${text}:1` : `"external_id":${text}`);
  }
  if (b.unknown) for (let i = 0; i < b.unknown.count; i++) members.push(`"${`u${i.toString(36)}_`.padEnd(b.unknown.length, "x")}":0`);
  return `{${members.join(",")}}`;
}

describe.each(ENGINES)("hostile JSON bodies on the %s engine", (engine) => {
  let bodies: TestSandbox | undefined;
  let orgId = "";
  beforeAll(async () => {
    if (await engineUnavailable(engine)) return; // the test then skips (or fails under CI) by name
    bodies = await startTestSandbox({ engine });
    orgId = (await bodies.api.createOrg({ name: "Fuzz target" }, KEYS.unlimited)).body.id;
  });
  afterAll(() => bodies?.close());

  it(`answers ${BODY_RUNS} bodies of deep nesting, escapes and unknown fields with a bounded 4xx, never a 5xx`, async (ctx) => {
    await needEngine(ctx, engine);
    const api = bodies!.api;
    const paths: Record<string, string> = { createOrg: "/partner/v1/orgs", createOrgApiKey: `/partner/v1/orgs/${orgId}/api-keys`, createLoginLink: `/partner/v1/orgs/${orgId}/login-links` };
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(hostileBody, async (b) => {
        const rawBody = renderBody(b);
        const res = await api.raw("POST", paths[b.operation]!, { key: KEYS.unlimited, rawBody, headers: { "content-type": "application/json" } });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const label = `${res.status} for ${rawBody.slice(0, 200)}`;
        expect(res.status, label).toBeLessThan(500);
        expect(res.text, label).not.toMatch(INTERNAL);
        if (res.status >= 400) {
          const messages = [res.body.message].flat() as string[];
          expect(messages.length, label).toBeLessThanOrEqual(maxProblems + 1);
          for (const m of messages) expect(m.length, label).toBeLessThanOrEqual(maxChars);
        }
      }),
      { numRuns: BODY_RUNS, interruptAfterTimeLimit: BODY_TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
    const total = [...statuses.values()].reduce((a, n) => a + n, 0);
    console.log(`body fuzz on ${engine}: ${total} cases, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(total).toBeGreaterThanOrEqual(20); // the time limit must not hollow the fuzz out
    expect((await api.call("listOrgs", { key: KEYS.unlimited })).status).toBe(200);
  }, 120_000);
});
