// Request validation compiled from the document: strict (no coercion, no stripping), every
// problem listed in `message`, and bad input of any kind is a documented 4xx, never a 5xx.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEYS, startTestSandbox, type TestSandbox } from "./harness.ts";
import { rawRequest } from "./raw-http.ts";

let sandbox: TestSandbox;
let orgId: string;
const key = KEYS.unlimited;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  orgId = (await sandbox.api.createOrg({ name: "Acme" }, key)).body.id;
});
afterAll(() => sandbox?.close());

const createOrg = (body: unknown) => sandbox.api.call("createOrg", { key, body });

describe("createOrg body", () => {
  it.each([
    ["unknown field", { name: "x", externalId: "c-1" }, ["property externalId should not exist"]],
    ["missing name", {}, ["name is required"]],
    ["empty name", { name: "" }, ["name must be longer than or equal to 1 characters", "name must match the pattern \\S"]],
    ["blank name", { name: "   " }, ["name must match the pattern \\S"]],
    ["long name", { name: "x".repeat(256) }, ["name must be shorter than or equal to 255 characters"]],
    ["numeric name", { name: 42 }, ["name must be a string"]],
    ["empty external_id", { name: "x", external_id: "" }, ["external_id must be longer than or equal to 1 characters"]],
    ["numeric external_id", { name: "x", external_id: 12345 }, ["external_id must be a string"]],
    ["website not a URL", { name: "x", website: "acme.example" }, ["website must be a URL address"]],
    ["long website", { name: "x", website: `https://a.example/${"p".repeat(2040)}` }, ["website must be shorter than or equal to 2048 characters"]],
    ["bad language", { name: "x", language: "english!" }, ["language must match the pattern ^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"]],
    ["long ai_instructions", { name: "x", ai_instructions: "a".repeat(32001) }, ["ai_instructions must be shorter than or equal to 32000 characters"]],
    ["unknown integration", { name: "x", integrations: { zapier: {} } }, ["property integrations.zapier should not exist"]],
    ["empty connection array", { name: "x", integrations: { fareharbor: [] } }, ["integrations.fareharbor must contain at least 1 elements"]],
    ["connection a string", { name: "x", integrations: { fareharbor: "k" } }, ["integrations.fareharbor must be an object or an array"]],
    ["connection without user_key", { name: "x", integrations: { fareharbor: { app_key: "k" } } }, ["integrations.fareharbor.user_key is required"]],
    ["array entry without name", { name: "x", integrations: { fareharbor: [{ app_key: "k", user_key: "u" }] } }, ["integrations.fareharbor[0].name is required"]],
    [
      "duplicate connection names",
      { name: "x", integrations: { fareharbor: [{ name: "A", app_key: "k", user_key: "u" }, { name: "A", app_key: "k", user_key: "v" }] } },
      ["integrations.fareharbor[1].name must be unique (element 0 has the same)"],
    ],
    ["unknown connection field", { name: "x", integrations: { fareharbor: { app_key: "k", user_key: "u", secret: 1 } } }, ["property integrations.fareharbor.secret should not exist"]],
  ])("%s → 400", async (_label, body, messages) => {
    const res = await createOrg(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, message: messages, error: "Bad Request" });
  });

  it("lists every problem at once", async () => {
    const res = await createOrg({ name: "", external_id: 7, website: "nope", language: 1, extra: true });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(
      expect.arrayContaining([
        "property extra should not exist",
        "name must be longer than or equal to 1 characters",
        "name must match the pattern \\S",
        "external_id must be a string",
        "website must be a URL address",
        "language must be a string",
      ]),
    );
    expect(res.body.message).toHaveLength(6);
  });

  it.each([[[]], ["a string"], [42], [null], [true]])("answers 400 for a JSON %j instead of an object", async (body) => {
    const res = await sandbox.api.call("createOrg", { key, rawBody: JSON.stringify(body), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(["body must be an object"]);
  });

  it("does not coerce types: numbers and booleans are not strings", async () => {
    expect((await createOrg({ name: true })).status).toBe(400);
    expect((await createOrg({ name: ["x"] })).status).toBe(400);
  });
});

describe("other request bodies and parameters", () => {
  it.each([
    [{ name: "" }, ["name must be longer than or equal to 1 characters"]],
    [{ name: "k", label: "x" }, ["property label should not exist"]],
  ])("createOrgApiKey %j → 400", async (body, messages) => {
    const res = await sandbox.api.call("createOrgApiKey", { key, params: { orgId }, body });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(messages);
  });

  it.each([
    [{}, ["email is required"]],
    [{ email: "not-an-email" }, ["email must be an email"]],
    [{ email: "a@b.example", role_ids: ["nope"] }, ["role_ids[0] must be a UUID"]],
    [
      { email: "a@b.example", role_ids: ["9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a", "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"] },
      ["role_ids must not contain duplicates (elements 1 and 0 are equal)"],
    ],
    [{ email: "a@b.example", name: "" }, ["name must be longer than or equal to 1 characters"]],
  ])("createLoginLink %j → 400", async (body, messages) => {
    const res = await sandbox.api.call("createLoginLink", { key, params: { orgId }, body });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(messages);
  });

  it("reports a bad orgId and a bad body together", async () => {
    const res = await sandbox.api.call("createLoginLink", { key, params: { orgId: "123" }, body: { email: "x" } });
    expect(res.body.message).toEqual(["orgId must be a UUID", "email must be an email"]);
  });

  it.each([
    ["limit=0", ["limit must not be less than 1"]],
    ["limit=101", ["limit must not be greater than 100"]],
    ["limit=ten", ["limit must be an integer"]],
    ["limit=1.5", ["limit must be an integer"]],
    ["limit=", ["limit must be an integer"]],
    ["limit=01", ["limit must be an integer"]],
    ["offset=-1", ["offset must not be less than 0"]],
    ["offset=2147483648", ["offset must not be greater than 2147483647"]],
    ["limit=1&limit=2", ["limit must be given once"]],
    ["limit=0&offset=-5", ["limit must not be less than 1", "offset must not be less than 0"]],
  ])("listOrgs ?%s → 400", async (query, messages) => {
    const res = await sandbox.api.call("listOrgs", { key, query });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(messages);
  });

  it("ignores query parameters the document does not define", async () => {
    expect((await sandbox.api.call("listOrgs", { key, query: "page=2" })).status).toBe(200);
  });

  it("checks external_id bounds in the path", async () => {
    const long = await sandbox.api.call("getOrgByExternalId", { key, params: { externalId: "a".repeat(256) } });
    expect(long.body.message).toEqual(["externalId must be shorter than or equal to 255 characters"]);
    const max = await sandbox.api.call("getOrgByExternalId", { key, params: { externalId: "a".repeat(255) } });
    expect(max.status).toBe(404);
  });
});

describe("malformed requests: a documented 4xx, never a 5xx", () => {
  const post = (path: string, init: { body?: string; headers?: Record<string, string> }) => sandbox.api.raw("POST", path, { key, rawBody: init.body, headers: init.headers });

  it("answers 400 for malformed JSON and invalid UTF-8", async () => {
    for (const body of ['{"name":', "{name: 'x'}", '{"name":"x"}}', "\u0000"]) {
      const res = await sandbox.api.call("createOrg", { key, rawBody: body, headers: { "content-type": "application/json" } });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^Malformed JSON/);
    }
    const bytes = await fetch(`${sandbox.url}/partner/v1/orgs`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: new Uint8Array([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    });
    expect(bytes.status).toBe(400);
    expect((await bytes.json()).message).toBe("Request body is not valid UTF-8");
  });

  it("answers 400 for a missing body where one is required", async () => {
    const res = await sandbox.api.call("createOrg", { key });
    expect(res.status).toBe(400);
    const empty = await sandbox.api.call("createLoginLink", { key, params: { orgId }, rawBody: "", headers: { "content-type": "application/json" } });
    expect(empty.status).toBe(400);
  });

  it("answers 413 for a body over x-request-body-max-bytes, whatever its Content-Type", async () => {
    const big = JSON.stringify({ name: "x", ai_instructions: "a".repeat(1024 * 1024) });
    const res = await sandbox.api.call("createOrg", { key, rawBody: big, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
    expect(res.body.message).toBe("Request body is larger than 1048576 bytes");
  });

  it("keeps deeply nested JSON within the size limit a 400", async () => {
    const deepArray = "[".repeat(400_000) + "]".repeat(400_000);
    const deepObject = `{"name":"x","integrations":{"fareharbor":${'{"name":'.repeat(80_000)}"x"${"}".repeat(80_000)}}}`;
    for (const body of [deepArray, deepObject]) {
      const res = await sandbox.api.call("createOrg", { key, rawBody: body, headers: { "content-type": "application/json" } });
      expect(res.status).toBe(400);
    }
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "application/merge-patch+json", "multipart/form-data; boundary=x", ";;"])(
    "answers 415 for Content-Type %s",
    async (type) => {
      const res = await sandbox.api.call("createOrg", { key, rawBody: '{"name":"x"}', headers: { "content-type": type } });
      expect(res.status).toBe(415);
      expect(res.body.message).toBe("Content-Type must be application/json");
    },
  );

  it("answers 415 for a body without Content-Type, and accepts charset parameters", async () => {
    const noType = await rawRequest(sandbox.url, `POST /partner/v1/orgs HTTP/1.1\nAuthorization: Bearer ${key}\nContent-Length: 12`, '{"name":"x"}');
    expect(noType.status).toBe(415);
    const charset = await post("/partner/v1/orgs", { body: '{"name":"x"}', headers: { "content-type": "application/json; charset=utf-8" } });
    expect(charset.status).toBe(201);
  });

  it.each([
    ["/partner/v1/orgs/../api-keys", "POST", 400],
    ["/partner/v1/orgs/%2e%2e/api-keys", "POST", 400],
    ["/partner/v1/orgs/%00/login-links", "POST", 400],
    ["/partner/v1/orgs/%zz/api-keys", "POST", 400],
    ["/partner/v1/orgs/by-external-id/%E0%A4%A", "GET", 400],
    ["/partner/v1/orgs/by-external-id/..", "GET", 404],
    ["/partner/v1/orgs/by-external-id/%00", "GET", 404],
    ["/partner/v1/orgs/by-external-id/a%2Fb", "GET", 404],
    ["/partner/v1/../v1/orgs", "GET", 404],
    ["/partner/v1/orgs/", "GET", 404],
    ["/partner/v2/orgs", "GET", 404],
    ["/index.html", "GET", 404],
    ["/", "POST", 405], // GET / leads to the sandbox page (overview.test.ts)
    ["/partner/v1/orgs", "DELETE", 405],
    ["/partner/v1/orgs", "PUT", 405],
    ["/partner/v1/orgs/by-external-id/x", "POST", 405],
    ["/partner/v1/orgs/00000000-0000-4000-8000-000000000000/api-keys", "GET", 405],
    ["/partner-login", "POST", 405],
    ["/_sandbox/reset", "GET", 405],
    ["/_sandbox", "POST", 405], // the redirect to the page is a route like any other (the 405 table comes from onRoute)
  ])("%s %s → %i with an ErrorResponse", async (path, method, status) => {
    const res = await rawRequest(sandbox.url, `${method} ${path} HTTP/1.1\nAuthorization: Bearer ${key}\nContent-Length: 0`);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: status });
    expect(res.headers["x-request-id"]).toBeTruthy();
    if (status === 405) expect(res.headers.allow).toBeTruthy();
  });

  it.each([
    ["headers over Node's 16 KiB limit", `GET /partner/v1/orgs HTTP/1.1\nX-Big: ${"a".repeat(20_000)}`, 431],
    ["a broken request line", "GET /partner/v1/orgs HTTP/9.9 extra", 400],
    ["a header without a colon", "GET /partner/v1/orgs HTTP/1.1\nnot a header", 400],
  ])("answers %s with %i, an ErrorResponse and X-Request-Id", async (_label, head, status) => {
    const res = await rawRequest(sandbox.url, head);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
    expect(res.headers["x-request-id"]).toMatch(/^req_/);
  });

  it("checks the key before an undecodable URL: 401 first", async () => {
    const res = await rawRequest(sandbox.url, "GET /partner/v1/orgs/by-external-id/%zz HTTP/1.1");
    expect(res.status).toBe(401);
  });

  it("keeps serving others while a client stalls mid-body, and survives it hanging up", async () => {
    const { hostname, port } = new URL(sandbox.url);
    const stalled = connect(Number(port), hostname);
    await new Promise((resolve) => stalled.once("connect", resolve));
    stalled.write(`POST /partner/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":`);
    expect((await sandbox.api.call("listOrgs", { key })).status).toBe(200);
    stalled.destroy();
    expect((await sandbox.api.call("listOrgs", { key })).status).toBe(200);
  });
});
