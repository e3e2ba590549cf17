// Every operation, called as documented with the primary key, answers its declared success
// status with a body that conforms to the document — against any server, mock or real.
import { describe, it } from "vitest";
import { call } from "./lib/client.ts";
import { decision } from "./lib/decisions.ts";
import { operations, successStatus } from "./lib/document.ts";
import { expectStatus } from "./lib/expect-contract.ts";
import { validRequest } from "./lib/valid-requests.ts";

describe.each(operations.map((op) => [op.operationId, op] as const))("%s", (operationId, op) => {
  it(`answers ${successStatus(op)} to a valid request, as documented (${decision("success-status")})`, async () => {
    expectStatus(await call(operationId, await validRequest(operationId)), successStatus(op));
  });
});
