// Which failures are retried. GETs are safe to repeat. A POST is repeated only when it cannot have
// taken effect: the API checks its rate limit before doing anything (so a 429 changed nothing), and
// a connection that was never established carried no request. After a 5xx, a reset or a timeout
// the server may have created the org, key or link already, and a blind retry would make a second
// one; the caller decides (ensureOrg can, because a duplicate external_id answers 409).

import { RETRYABLE_STATUSES } from "../../../generated/client.ts";

/** Error codes (Node/undici) meaning the request never reached a server. */
const NEVER_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

export type Failure =
  | { type: "status"; status: number }
  | { type: "network"; neverSent: boolean }
  | { type: "timeout" };

/** `idempotent`: repeating the request cannot do anything twice (GET, or a POST the caller vouches for). */
export function isRetryable(failure: Failure, idempotent: boolean): boolean {
  switch (failure.type) {
    case "status":
      // Only what the document marks x-retryable (429, 500, 503); a 429 changed nothing, so even
      // a POST is repeated, any other only when repeating cannot do anything twice.
      if (!RETRYABLE_STATUSES.includes(failure.status)) return false;
      return failure.status === 429 || idempotent;
    case "network":
      return idempotent || failure.neverSent;
    case "timeout":
      return idempotent;
  }
}

/** True when a fetch failure says the connection was never established. */
export function neverSent(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string" && NEVER_SENT_CODES.has(code)) return true;
    queue.push(cause);
    // Happy-eyeballs connects report one error per address in an AggregateError.
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return false;
}
