// The Expect header. `100-continue` is answered only once the security layers (401, 403: the
// route's onRequest guard; 429: `beforeContinue`, the API routes' admission) have passed, so a caller without a key is never invited to
// upload its body; any other expectation is a 417 ErrorResponse.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { answerAndClose } from "./answer.ts";

/** Node's 'checkExpectation' event: an Expect value other than 100-continue. */
export function expectationFailed(nextRequestId: () => string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    answerAndClose(res, 417, `Expect: ${String(req.headers.expect).slice(0, 100)} is not supported (only 100-continue is)`, nextRequestId());
  };
}

/**
 * A last check before `100 Continue` (the API routes' rate limit): undefined when the route has
 * none, else undefined-or-error now or later. An error is answered instead, the body never invited.
 */
export type BeforeContinue = (request: FastifyRequest) => Error | undefined | Promise<Error | undefined> | undefined;

/**
 * With a 'checkContinue' listener Node leaves `100 Continue` to us. preParsing runs after every
 * onRequest hook, the route's guard included, and before the body is read.
 */
export function continueAfterGuards(app: FastifyInstance, beforeContinue: BeforeContinue = () => undefined): void {
  app.addHook("preParsing", (request, reply, payload, done) => {
    const raw = request.raw;
    if (raw.headers.expect === undefined || request.is404 || reply.raw.headersSent || !/^100-continue$/i.test(raw.headers.expect.trim())) return done(null, payload);
    // A body over the limit gets its 413 without being invited.
    const length = Number(raw.headers["content-length"] ?? 0);
    if (length > request.routeOptions.bodyLimit) return done(null, payload);
    const invite = (refused: Error | undefined): void => {
      if (refused) return done(refused);
      reply.raw.writeContinue();
      done(null, payload);
    };
    let gate: ReturnType<BeforeContinue>;
    try {
      gate = beforeContinue(request);
    } catch (error) {
      return done(error as Error);
    }
    if (gate instanceof Promise) gate.then(invite, (error: Error) => done(error));
    else invite(gate);
  });
}