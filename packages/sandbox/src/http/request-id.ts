// Request ids: a caller's own X-Request-Id of sane shape is kept, so partners can match their
// logs; otherwise one is made, unique per process and cheap (a random boot prefix plus a counter,
// no crypto per request).
import type { IncomingMessage } from "node:http";
import { randomHex } from "../common/secrets.ts";

/** The document's X-Request-Id bounds (1–128 characters), in a conservative alphabet. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@+=\/-]{1,128}$/;

export function requestIds(): () => string {
  const boot = randomHex(4);
  let counter = 0;
  return () => `req_${boot}${(counter++).toString(16).padStart(8, "0")}`;
}

/** Fastify's genReqId. */
export function requestIdOf(next: () => string) {
  return (raw: IncomingMessage): string => {
    const own = raw.headers["x-request-id"];
    return typeof own === "string" && SANE_REQUEST_ID.test(own) ? own : next();
  };
}
