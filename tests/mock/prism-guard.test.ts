// The guard in front of Prism answers what Prism mishandles with the documented error body,
// and the mock keeps serving afterwards.
import { describe, expect, inject, it } from "vitest";
import { createAjv, describeErrors, loadBundle, validatorAt } from "../helpers/document.ts";

const doc = loadBundle();
const isErrorResponse = validatorAt(createAjv(doc), "#/components/schemas/ErrorResponse");
const AUTH = { Authorization: "Bearer guard-test" };
const JSON_HEADERS = { ...AUTH, "Content-Type": "application/json" };

async function expectError(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = await res.json();
  expect(isErrorResponse(body), describeErrors(isErrorResponse)).toBe(true);
  expect(body.statusCode).toBe(status);
  return body;
}

describe("Prism guard", () => {
  it("a path with broken percent-encoding: 400, and the mock still answers", async () => {
    const url = inject("prismUrl");
    await expectError(await fetch(`${url}/partner/v1/orgs/by-external-id/%E0%A4%A`, { headers: AUTH }), 400);
    expect((await fetch(`${url}/partner/v1/orgs`, { headers: AUTH })).status).toBe(200);
  });

  it("malformed JSON: 400 with the operation's MalformedJson example", async () => {
    const res = await fetch(`${inject("prismUrl")}/partner/v1/orgs`, { method: "POST", headers: JSON_HEADERS, body: '{"name":' });
    const body = await expectError(res, 400);
    expect(body).toEqual((doc.components as never as { examples: Record<string, { value: unknown }> }).examples.ErrorMalformedJson!.value);
  });

  it("malformed JSON without a key: 401 first, as the documented order of checks says", async () => {
    const res = await fetch(`${inject("prismUrl")}/partner/v1/orgs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{",
    });
    await expectError(res, 401);
  });

  it("a body over x-request-body-max-bytes: 413", async () => {
    const max = doc["x-request-body-max-bytes"] as number;
    const res = await fetch(`${inject("prismUrl")}/partner/v1/orgs`, {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ name: "x".repeat(max) }),
    });
    await expectError(res, 413);
  });
});
