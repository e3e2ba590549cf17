// Every error status maps to its class, with status, parsed body, operationId and request id.
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createPartnerClient,
  InternalServerError,
  NotFoundError,
  PartnerApiError,
  PartnerClientError,
  PartnerConnectionError,
  PartnerInvalidResponseError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  UnsupportedMediaTypeError,
} from "../../../packages/client/src/index.ts";
import { errorBody, json, networkError, scriptedFetch, type Step } from "./fake-fetch.ts";

function client(...steps: Step[]) {
  const script = scriptedFetch(...steps);
  return createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: script.fetch, maxRetries: 0 });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected the call to throw"),
    (error: unknown) => error,
  );
}

describe("error mapping", () => {
  it.each([
    [400, BadRequestError, "bad_request"],
    [401, AuthenticationError, "unauthorized"],
    [403, PermissionDeniedError, "forbidden"],
    [404, NotFoundError, "not_found"],
    [409, ConflictError, "conflict"],
    [413, PayloadTooLargeError, "payload_too_large"],
    [415, UnsupportedMediaTypeError, "unsupported_media_type"],
    [429, RateLimitError, "rate_limited"],
    [500, InternalServerError, "server_error"],
    [502, InternalServerError, "server_error"],
    [503, InternalServerError, "server_error"],
    [418, PartnerApiError, "http_error"],
  ])("%i -> %o", async (status, ErrorClass, kind) => {
    const body = errorBody(status, ["name must be a string", "name should not be empty"]);
    const error = await failure(client(json(status, body, { "X-Request-Id": "req_1" })).getOrgByExternalId("x"));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(PartnerApiError);
    expect(error).toBeInstanceOf(PartnerClientError);
    expect(error).toMatchObject({ status, kind, body, operationId: "getOrgByExternalId", requestId: "req_1" });
    expect((error as Error).message).toBe(
      `getOrgByExternalId failed with ${status}: name must be a string; name should not be empty (request id req_1)`,
    );
  });

  it("carries Retry-After on a RateLimitError", async () => {
    const error = await failure(client(json(429, errorBody(429), { "Retry-After": "42" })).listOrgs());
    expect(error).toMatchObject({ status: 429, retryAfterMs: 42_000, requestId: undefined });
  });

  it.each([
    ["an HTML page", new Response("<html>Bad gateway</html>", { status: 502, headers: { "Content-Type": "text/html" } })],
    ["an empty body", new Response(null, { status: 500 })],
    ["JSON of another shape", json(400, { error: { code: 1 } })],
  ])("keeps the status when the error body is %s", async (_, response) => {
    const error = await failure(client(response).listOrgs());
    expect(error).toBeInstanceOf(PartnerApiError);
    expect(error).toMatchObject({ status: response.status, body: undefined });
  });

  it("throws PartnerInvalidResponseError for a success that is not JSON", async () => {
    const response = new Response("<html>", { status: 200, headers: { "X-Request-Id": "req_2" } });
    const error = await failure(client(response).listOrgs());
    expect(error).toBeInstanceOf(PartnerInvalidResponseError);
    expect(error).toMatchObject({ status: 200, requestId: "req_2", operationId: "listOrgs" });
  });

  it("throws PartnerConnectionError, with the cause, when no response arrives", async () => {
    const cause = networkError("ECONNRESET");
    const error = await failure(client(cause).createOrg({ name: "Acme" }));
    expect(error).toBeInstanceOf(PartnerConnectionError);
    expect(error).toMatchObject({ operationId: "createOrg", cause });
  });
});
