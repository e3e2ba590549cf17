// Bodies a hostile (or broken) client can send with a valid key, on the engine SANDBOX_TEST_ENGINE
// names (every engine across the sandbox projects): deep nesting with a lone surrogate or NUL
// anywhere, deep nesting inside integrations, a megabyte of unknown fields or one megabyte-long
// field name. Each answers a 4xx ErrorResponse that names the rule it broke — never a 5xx, never
// a runtime's message — the error body stays within the document's bounds, and the journal holds
// every refused request, whatever layer refused it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, doc, KEYS, startTestSandbox, type Answer, type TestSandbox } from "./harness.ts";
import { rawRequest } from "./raw-http.ts";

const bundle = doc.doc as Record<string, any>;
const maxDepth = bundle["x-request-body-max-depth"] as number;
const errorSchema = bundle.components.schemas.ErrorResponse as Record<string, number>;
const maxProblems = errorSchema["x-problems-max-items"]!;
const maxChars = errorSchema["x-problem-max-chars"]!;
const maxBytes = bundle["x-request-body-max-bytes"] as number;

/** What only a runtime, never the sandbox, would say. */
const INTERNAL = /Maximum call stack|RangeError|TypeError|ReferenceError|Internal server error|\bat \S+ \(|\.ts:\d+/;
const key = KEYS.unlimited; // no rate limits, large quotas

let sandbox: TestSandbox;
let api: Api;
let orgId: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  api = sandbox.api;
  orgId = (await api.createOrg({ name: "Hostile bodies" }, key)).body.id;
});
afterAll(() => sandbox?.close());

const send = (path: string, rawBody: string | Uint8Array, requestId?: string, headers: Record<string, string> = {}): Promise<Answer> =>
  api.raw("POST", path, {
    key,
    rawBody: rawBody as string,
    headers: { "content-type": "application/json", ...(requestId ? { "x-request-id": requestId } : {}), ...headers },
  });

const nested = (levels: number, inner = "1"): string => `${"[".repeat(levels)}${inner}${"]".repeat(levels)}`;
const paths = (): Record<string, string> => ({
  createOrg: "/partner/v1/orgs",
  createOrgApiKey: `/partner/v1/orgs/${orgId}/api-keys`,
  createLoginLink: `/partner/v1/orgs/${orgId}/login-links`,
});

function expectClean4xx(res: Answer, status = 400): void {
  expect(res.status, res.text.slice(0, 300)).toBe(status);
  expect(res.body).toMatchObject({ statusCode: status });
  expect(res.text).not.toMatch(INTERNAL);
}

describe(`JSON nested deeper than x-request-body-max-depth (${maxDepth})`, () => {
  const variants: Record<string, (levels: number) => string> = {
    "with a lone surrogate": (n) => `{"x":${nested(n)},"name":"\\ud800"}`,
    "with U+0000": (n) => `{"x":${nested(n)},"name":"a\\u0000"}`,
    "alone": (n) => `{"x":${nested(n)},"name":"n"}`,
    "inside integrations.fareharbor": (n) => `{"name":"n","integrations":{"fareharbor":{"x":${nested(n)}}}}`,
  };
  const cases = [5_000, 10_000].flatMap((levels) =>
    ["createOrg", "createOrgApiKey", "createLoginLink"].flatMap((operationId) => Object.keys(variants).map((variant) => [operationId, levels, variant] as const)),
  );

  it.each(cases)("%s, %i levels %s: 400 naming the limit", async (operationId, levels, variant) => {
    const res = await send(paths()[operationId]!, variants[variant]!(levels));
    expectClean4xx(res);
    expect(String(res.body.message)).toContain(`more than ${maxDepth} levels deep`);
  });

  it("takes a body exactly at the limit to validation, and refuses one level more for its depth", async () => {
    // The body's own object is level 1, so `x` holds maxDepth - 1 levels at the limit.
    const atLimit = await send(paths().createOrg!, `{"name":"n","x":${nested(maxDepth - 1)}}`);
    expectClean4xx(atLimit);
    expect(atLimit.body.message).toEqual(["property x should not exist"]);
    const over = await send(paths().createOrg!, `{"name":"n","x":${nested(maxDepth)}}`);
    expectClean4xx(over);
    expect(String(over.body.message)).toContain(`more than ${maxDepth} levels deep`);
  });

  it("counts only brackets outside strings", async () => {
    const res = await send(paths().createOrg!, JSON.stringify({ name: "n", ai_instructions: `${"[{".repeat(500)}\\"]`, external_id: `deep-in-a-string-${Date.now()}` }));
    expect(res.status, res.text).toBe(201);
  });
});

describe("error bodies stay within the document's bounds", () => {
  /** Distinct unknown fields filling the size limit, and how many there are. */
  function unknownFields(name: (i: number) => string): { body: string; count: number } {
    const fields = ['"name":"x"'];
    let size = 12;
    for (let i = 0; ; i++) {
      const field = `"${name(i)}":1`;
      if (size + field.length + 1 > maxBytes - 16) break;
      fields.push(field);
      size += field.length + 1;
    }
    return { body: `{${fields.join(",")}}`, count: fields.length - 1 };
  }
  // JSON quotes, commas and the envelope: what a body of that many entries of that length can be.
  const bodyBound = (maxProblems + 1) * (maxChars * 3 + 3) + 200;

  it(`a megabyte of distinct unknown fields: ${maxProblems} problems, then how many more`, async () => {
    const { body, count } = unknownFields((i) => `unknown_field_${i.toString(36).padStart(6, "0")}`);
    const res = await send(paths().createOrg!, body, `bounded-${sandbox.engine}-${Date.now()}`);
    expectClean4xx(res);
    expect(res.body.message).toHaveLength(maxProblems + 1);
    expect(res.body.message[0]).toBe("property unknown_field_000000 should not exist");
    expect(res.body.message[maxProblems]).toBe(`and ${count - maxProblems} more`);
    expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(bodyBound);
    // The journal keeps what was answered, not a megabyte of problems.
    const entry = await journalEntry(res.headers.get("x-request-id")!);
    expect(entry.message).toEqual(res.body.message);
  });

  it("some 120,000 short unknown keys: still one bounded 400", async () => {
    const { body, count } = unknownFields((i) => `k${i.toString(36)}`);
    const res = await send(paths().createOrg!, body);
    expectClean4xx(res);
    expect(res.body.message.at(-1)).toBe(`and ${count - maxProblems} more`);
    expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(bodyBound);
  });

  it(`a field name of a megabyte is echoed shortened to ${maxChars} characters, in the middle`, async () => {
    const res = await send(paths().createOrg!, `{"name":"x","${"k".repeat(maxBytes - 100)}":1}`);
    expectClean4xx(res);
    const [problem] = res.body.message as string[];
    expect(problem!.length).toBeLessThanOrEqual(maxChars);
    expect(problem).toMatch(/^property k+…k+ should not exist$/);
  });

  it("never cuts a surrogate pair in half when it shortens", async () => {
    for (const pad of ["", "a"]) {
      const res = await send(paths().createOrg!, JSON.stringify({ name: "x", [`${pad}${"😀".repeat(maxChars)}`]: 1 }));
      expectClean4xx(res);
      const [problem] = res.body.message as string[];
      expect(problem!.length).toBeLessThanOrEqual(maxChars);
      expect(problem).not.toMatch(/\p{Cs}/u); // with the u flag only an unpaired surrogate matches
    }
  });

  it("a lone surrogate under a megabyte-long key names a shortened field", async () => {
    const res = await send(paths().createOrg!, `{"name":"x","${"k".repeat(maxBytes - 100)}":"\\ud800"}`);
    expectClean4xx(res);
    expect(String(res.body.message).length).toBeLessThanOrEqual(maxChars);
    expect(String(res.body.message)).toMatch(/^k+…k* contains an unpaired UTF-16 surrogate/);
  });
});

interface JournalEntry {
  request_id: string;
  status: number;
  refused_by: string | null;
  message: unknown;
}

async function journalEntries(): Promise<JournalEntry[]> {
  const page = await api.raw("GET", "/_sandbox/requests?limit=100", { key });
  expect(page.status, page.text).toBe(200);
  return page.body.data;
}

/** The partner's journal entry for one request, once written (entries are written after the answer). */
async function journalEntry(requestId: string): Promise<JournalEntry> {
  await expect.poll(async () => (await journalEntries()).some((e) => e.request_id === requestId), { timeout: 5000 }).toBe(true);
  return (await journalEntries()).find((e) => e.request_id === requestId)!;
}

it("journals every refused request, whatever layer refused it", async () => {
  const run = `refused-${sandbox.engine}-${Date.now()}`;
  const refused: { id: string; send: (id: string) => Promise<{ status: number }>; status: number; layer: string }[] = [
    { id: "utf8", send: (id) => send(paths().createOrg!, new Uint8Array([0x7b, 0xff, 0x7d]), id), status: 400, layer: "validation" },
    { id: "malformed", send: (id) => send(paths().createOrg!, '{"name":', id), status: 400, layer: "validation" },
    { id: "deep", send: (id) => send(paths().createOrg!, `{"name":"n","x":${nested(10_000)}}`, id), status: 400, layer: "validation" },
    { id: "deep-integrations", send: (id) => send(paths().createOrg!, `{"name":"n","integrations":{"fareharbor":{"x":${nested(maxDepth - 4)}}}}`, id), status: 400, layer: "validation" },
    { id: "surrogate", send: (id) => send(paths().createOrg!, '{"name":"\\ud800"}', id), status: 400, layer: "validation" },
    { id: "nul", send: (id) => send(paths().createOrgApiKey!, '{"name":"\\u0000"}', id), status: 400, layer: "validation" },
    { id: "unknown", send: (id) => send(paths().createLoginLink!, '{"email":"a@b.example","emial":"x"}', id), status: 400, layer: "validation" },
    { id: "too-large", send: (id) => send(paths().createOrg!, JSON.stringify({ name: "x".repeat(maxBytes) }), id), status: 413, layer: "validation" },
    { id: "media-type", send: (id) => send(paths().createOrg!, '{"name":"x"}', id, { "content-type": "text/plain" }), status: 415, layer: "validation" },
    {
      id: "bad-url",
      send: (id) => rawRequest(sandbox.url, `POST /partner/v1/orgs/%E0%A4%A/api-keys HTTP/1.1\nAuthorization: Bearer ${key}\nX-Request-Id: ${id}\nContent-Type: application/json\nContent-Length: 2`, "{}"),
      status: 400,
      layer: "validation",
    },
    { id: "foreign-org", send: (id) => send("/partner/v1/orgs/00000000-0000-4000-8000-000000000000/api-keys", "{}", id), status: 403, layer: "ownership" },
  ];
  for (const r of refused) {
    const res = await r.send(`${run}-${r.id}`);
    expect(res.status, r.id).toBe(r.status);
  }
  const ids = refused.map((r) => `${run}-${r.id}`);
  const missing = async (): Promise<string[]> => {
    const entries = await journalEntries();
    return ids.filter((id) => !entries.some((e) => e.request_id === id));
  };
  await expect.poll(missing, { timeout: 5000 }).toEqual([]);
  const entries = await journalEntries();
  for (const r of refused) {
    const entry = entries.find((e) => e.request_id === `${run}-${r.id}`)!;
    expect([r.id, entry.status, entry.refused_by]).toEqual([r.id, r.status, r.layer]);
    expect(JSON.stringify(entry.message)).not.toMatch(INTERNAL);
  }
});
