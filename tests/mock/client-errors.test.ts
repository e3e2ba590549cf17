// Every error response the document declares, forced with `Prefer: code=…`, lands in its error
// class with the status, the example body, the request id and (429) Retry-After.
import { describe, expect, inject, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createPartnerClient,
  InternalServerError,
  NotFoundError,
  PartnerApiError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  UnsupportedMediaTypeError,
} from "../../packages/client/src/index.ts";
import { deref, loadBundle, operations, type JsonObject } from "../helpers/document.ts";
import { call, firstExample } from "./client-calls.ts";

const doc = loadBundle();
const client = createPartnerClient({ apiKey: "mock-test-key", baseUrl: inject("prismUrl"), maxRetries: 0 });

const CLASS_BY_STATUS: Record<string, typeof PartnerApiError> = {
  "400": BadRequestError,
  "401": AuthenticationError,
  "403": PermissionDeniedError,
  "404": NotFoundError,
  "409": ConflictError,
  "413": PayloadTooLargeError,
  "415": UnsupportedMediaTypeError,
  "429": RateLimitError,
};
const classFor = (status: string) => CLASS_BY_STATUS[status] ?? (status.startsWith("5") ? InternalServerError : PartnerApiError);

const headerExample = (response: JsonObject, name: string) => {
  const header = (response.headers as JsonObject | undefined)?.[name];
  return header ? deref(doc, header).example : undefined;
};

const cases = operations(doc).flatMap((op) =>
  Object.entries(op.op.responses as JsonObject)
    .filter(([status]) => /^[45]\d\d$/.test(status))
    .map(([status, ref]) => ({ op, status, response: deref(doc, ref), name: `${op.operationId} ${status}` })),
);

describe("Prefer-forced errors", () => {
  it("covers every declared error status", () => {
    expect(cases.length).toBeGreaterThanOrEqual(operations(doc).length * 4);
  });

  describe.each(cases)("$name", ({ op, status, response }) => {
    it(`throws ${classFor(status).name}`, async () => {
      const error = await call(client, doc, op, { headers: { Prefer: `code=${status}` } }).then(
        () => expect.fail("expected an error"),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(classFor(status));
      const media = (response.content as JsonObject)["application/json"] as JsonObject;
      expect(error).toMatchObject({
        status: Number(status),
        operationId: op.operationId,
        body: firstExample(doc, media),
        requestId: headerExample(response, "X-Request-Id"),
      });
      const retryAfter = headerExample(response, "Retry-After");
      expect((error as PartnerApiError).retryAfterMs).toBe(typeof retryAfter === "number" ? retryAfter * 1000 : undefined);
    });
  });
});
