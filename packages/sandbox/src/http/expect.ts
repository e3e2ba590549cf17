// The Expect header. `100-continue` is answered only once the security layers (401, 403, 429:
// the route's onRequest guard) have passed, so a caller without a key is never invited to
// upload its body; any other expectation is a 417 ErrorResponse.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import { answerAndClose } from "./answer.ts";

/** Node's 'checkExpectation' event: an Expect value other than 100-continue. */
export function expectationFailed(nextRequestId: () => string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    answerAndClose(res, 417, `Expect: ${String(req.headers.expect).slice(0, 100)} is not supported (only 100-continue is)`, nextRequestId());
  };
}

/**
 * With a 'checkContinue' listener Node leaves `100 Continue` to us. preParsing runs after every
 * onRequest hook, the route's guard included, and before the body is read.
 */
export function continueAfterGuards(app: FastifyInstance): void {
  app.addHook("preParsing", (request, reply, payload, done) => {
    const raw = request.raw;
    if (raw.headers.expect !== undefined && !request.is404 && !reply.raw.headersSent && /^100-continue$/i.test(raw.headers.expect.trim())) {
      // A body over the limit gets its 413 without being invited.
      const length = Number(raw.headers["content-length"] ?? 0);
      if (!(length > request.routeOptions.bodyLimit)) reply.raw.writeContinue();
    }
    done(null, payload);
  });
}
