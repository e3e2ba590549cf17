// The documented order of checks, pairwise (decision order-of-checks): for every pair of layers that one
// request can fail at once, the earlier layer's status wins — no key and malformed JSON is 401,
// a blocked IP and an invalid body is 403, an invalid body for another partner's org is 400, an
// invalid body with a duplicate external_id is 400, … Generated for every operation from the
// document (lib/check-order.ts); the pairs with the rate limit, which spend the quota, are in
// rate-limits.test.ts.
import { describe, it } from "vitest";
import { call } from "./lib/client.ts";
import { BREACHES, LAYER, pairsFor, withBreaches } from "./lib/check-order.ts";
import { decision } from "./lib/decisions.ts";
import { operations } from "./lib/document.ts";
import { expectStatus } from "./lib/expect-contract.ts";
import { validRequest } from "./lib/valid-requests.ts";

const withoutRate = BREACHES.filter((b) => b.layer !== LAYER.rate);

describe.each(operations.map((op) => [op.operationId, op] as const))("%s", (operationId, op) => {
  it.for(pairsFor(op, withoutRate).map(([a, b]) => [`${a.label} (${a.status})`, `${b.label} (${b.status})`, a, b] as const))(
    `answers %s before %s (${decision("order-of-checks")})`,
    async ([, , first, second], ctx) => {
      await first.need(ctx);
      await second.need(ctx);
      const options = await withBreaches(await validRequest(operationId), op, first, second);
      expectStatus(await call(operationId, options), first.status);
    },
  );
});
