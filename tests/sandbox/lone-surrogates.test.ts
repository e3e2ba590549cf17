// An escaped lone surrogate is plain ASCII on the wire, so the UTF-8 check cannot see it: the
// JSON parsing step refuses it, for every string field of every operation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContract } from "../../packages/sandbox/src/contract/contract.ts";
import { parseJsonBody } from "../../packages/sandbox/src/http/json-body.ts";
import { ApiError } from "../../packages/sandbox/src/http/api-error.ts";
import { KEYS, startTestSandbox, type TestSandbox } from "./harness.ts";

let sandbox: TestSandbox;
let orgId: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  orgId = (await sandbox.api.createOrg({ name: "Surrogates" }, KEYS.unlimited)).body.id;
});
afterAll(() => sandbox?.close());

const send = (path: string, rawBody: string) => sandbox.api.raw("POST", path, { key: KEYS.unlimited, rawBody, headers: { "content-type": "application/json" } });

describe("over HTTP", () => {
  it.each([
    ["createOrg name", () => "/partner/v1/orgs", '{"name":"\\ud800"}', "name"],
    ["createOrg external_id", () => "/partner/v1/orgs", '{"name":"ok","external_id":"x\\udfff"}', "external_id"],
    ["createOrg, an unknown property", () => "/partner/v1/orgs", '{"name":"ok","extra":["a","\\uDBFF"]}', "extra[1]"],
    ["createOrgApiKey name", () => `/partner/v1/orgs/${orgId}/api-keys`, '{"name":"\\ud800\\ud800"}', "name"],
    ["createLoginLink email", () => `/partner/v1/orgs/${orgId}/login-links`, '{"email":"a\\udc00@b.example"}', "email"],
  ])("%s: 400 naming the field", async (_label, path, body, field) => {
    const res = await send(path(), body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: "Bad Request" });
    expect(String(res.body.message)).toContain(`${field} contains an unpaired UTF-16 surrogate`);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it.each([
    ["createOrg name", () => "/partner/v1/orgs", '{"name":"a\\u0000b"}', "name"],
    ["createOrg external_id", () => "/partner/v1/orgs", '{"name":"ok","external_id":"\\u0000"}', "external_id"],
    ["createLoginLink name", () => `/partner/v1/orgs/${orgId}/login-links`, '{"email":"a@b.example","name":"x\\u0000"}', "name"],
  ])("%s: U+0000 is a 400 naming the field (no engine can store it)", async (_label, path, body, field) => {
    const res = await send(path(), body);
    expect(res.status).toBe(400);
    expect(String(res.body.message)).toContain(`${field} contains an unpaired UTF-16 surrogate (\\ud800-\\udfff escape) or U+0000`);
  });

  it("accepts a valid surrogate pair (an emoji, escaped)", async () => {
    const res = await send("/partner/v1/orgs", '{"name":"Smile \\ud83d\\ude00"}');
    expect(res.status).toBe(201);
    expect(res.body.name).toBe("Smile 😀");
  });
});

describe("parseJsonBody", () => {
  const { bodyMaxDepth } = loadContract();
  const problem = (text: string): string => {
    try {
      parseJsonBody(Buffer.from(text), bodyMaxDepth);
    } catch (error) {
      if (error instanceof ApiError) return String(error.messages);
      throw error;
    }
    return "accepted";
  };

  it("finds a lone surrogate anywhere: nested, in arrays, in keys, at the top level", () => {
    expect(problem('{"a":{"b":[1,{"c":"\\ud800"}]}}')).toMatch(/^a\.b\[1\]\.c contains/);
    expect(problem('{"a":{"\\udc00":1}}')).toMatch(/^a property name in a contains/);
    expect(problem('"\\ud800"')).toMatch(/^body contains/);
    expect(problem('["\\ud800x"]')).toMatch(/^\[0\] contains/);
  });

  it("finds a lone surrogate however deep the body nests, without recursion", () => {
    // Past the document's depth limit the body is refused first; the walk must not rely on it.
    const levels = 200_000;
    const text = `${"[".repeat(levels)}"\\ud800"${"]".repeat(levels)}`;
    let thrown: unknown;
    try {
      parseJsonBody(Buffer.from(text), Number.MAX_SAFE_INTEGER);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect(String((thrown as ApiError).messages)).toMatch(/^(\[0\]){200000} contains an unpaired UTF-16 surrogate/);
  });

  it("refuses a body deeper than the document's limit before parsing it, naming the limit", () => {
    expect(problem(`{"a":${"[".repeat(bodyMaxDepth)}${"]".repeat(bodyMaxDepth)}}`)).toBe(`Request body nests arrays and objects more than ${bodyMaxDepth} levels deep (the limit is ${bodyMaxDepth})`);
    expect(problem(`{"a":${"[".repeat(bodyMaxDepth - 1)}${"]".repeat(bodyMaxDepth - 1)}}`)).toBe("accepted");
  });

  it("accepts pairs, an escaped backslash before `ud800`, and real characters", () => {
    expect(problem('{"a":"\\ud83d\\ude00"}')).toBe("accepted");
    expect(problem('{"a":"\\\\ud800"}')).toBe("accepted");
    expect(problem('{"a":"日本 😀"}')).toBe("accepted");
  });

  it("keeps the other 400s: invalid UTF-8, malformed JSON; an empty body is no body", () => {
    expect(() => parseJsonBody(Buffer.from([0x7b, 0xff, 0x7d]), bodyMaxDepth)).toThrow(/not valid UTF-8/);
    expect(problem("{")).toMatch(/^Malformed JSON/);
    expect(parseJsonBody(Buffer.from("  "), bodyMaxDepth)).toBeUndefined();
  });
});
