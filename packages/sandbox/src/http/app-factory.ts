// The Fastify instance every feature registers on: the hardened node:http server under it
// (timeouts, connection caps, Expect), request ids, the strict JSON body parser, the one onSend
// hook, the ErrorResponse error handler, and 404/405 from the routes actually registered.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { SandboxContext } from "../context.ts";
import { ApiError } from "./api-error.ts";
import { clientErrorAnswer } from "./client-errors.ts";
import { connectionDrain } from "./drain.ts";
import { answerRefusal, errorHandler, internalError, type BeforeRefusingBody } from "./error-handler.ts";
import { continueAfterGuards, type BeforeContinue } from "./expect.ts";
import { parseJsonBody } from "./json-body.ts";
import { methodTable } from "./method-table.ts";
import { requestIdOf } from "./request-id.ts";
import { decorateRequests } from "./request-state.ts";
import { sandboxServerFactory } from "./server-factory.ts";

export interface HttpAppOptions {
  /**
   * Runs before a malformed URL (broken percent-encoding) is answered 400: a layer that must come
   * first in the order of checks (the API's 401 and 403) throws its ApiError here; what the
   * observers need to know of the request (its operation) is set on it, and the partner its key
   * identifies, if any, is returned for the 400 to carry.
   */
  beforeMalformedUrl?(request: FastifyRequest): string | undefined;
  /** Before a body is refused (400, 413, 415): a rate limit that comes first may answer instead. */
  beforeRefusingBody?: BeforeRefusingBody;
  /** Before `100 Continue` is sent: a rate limit may refuse the body before it is uploaded. */
  beforeContinue?: BeforeContinue;
}

/** Nothing an observer does may fail an answer: an error raised after the error handler has answered reaches Fastify's default handler, which would send its message as a 4xx. */
function notifyObservers(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply): void {
  try {
    ctx.answered.notify(request, reply);
  } catch (error) {
    console.error(`sandbox: could not record ${request.method} ${request.url.split("?")[0]} (${request.id}):`, error);
  }
}

function noRouteSchemas(): never {
  throw new Error("sandbox routes carry no Fastify schemas: requests are checked by the precompiled validators");
}

export function createHttpApp(ctx: SandboxContext, options: HttpAppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: ctx.contract.bodyMaxBytes,
    routerOptions: { maxParamLength: 4096 }, // external_id may be 255 characters, percent-encoded up to 3x
    serverFactory: sandboxServerFactory(ctx.http, ctx.config.trustedProxies, ctx.nextRequestId),
    genReqId: requestIdOf(ctx.nextRequestId),
    // Validation is the precompiled validators' job and answers are JSON text: Fastify's schema
    // compilers (Ajv, fast-json-stringify) would never be used, so they are never loaded.
    schemaController: { compilersFactory: { buildValidator: noRouteSchemas, buildSerializer: noRouteSchemas } },
    clientErrorHandler: clientErrorAnswer(ctx.http, ctx.nextRequestId),
    // While closing, a request that arrives on an open connection is answered as usual (with
    // `Connection: close`), not with Fastify's undocumented 503: see drain.ts.
    return503OnClosing: false,
    frameworkErrors: (error, request, reply) => {
      // An undecodable URL never reaches a route, and no onSend hook runs for this answer: the
      // observers (the journal) are told here.
      reply.header("x-request-id", request.id);
      let refusal = new ApiError(400, `Malformed request URL: ${error.message}`);
      try {
        const partnerId = options.beforeMalformedUrl?.(request);
        if (partnerId !== undefined) refusal.partnerId = partnerId;
      } catch (failure) {
        refusal = failure instanceof ApiError ? failure : internalError(request, failure);
      }
      void answerRefusal(request, reply, refusal, ctx.contract.errorBounds);
      notifyObservers(ctx, request, reply);
    },
  });
  app.addHook("preClose", connectionDrain(app.server)); // before Fastify closes the idle connections
  decorateRequests(app);
  app.removeAllContentTypeParsers();
  // Strict UTF-8 and Unicode, an empty body counts as no body, a failure is a 400 ErrorResponse.
  // Only application/json (any parameters); other media types get 415.
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, raw, done) => {
    let body: unknown;
    try {
      body = parseJsonBody(raw as Buffer, ctx.contract.bodyMaxDepth);
    } catch (error) {
      return done(error as Error, undefined);
    }
    done(null, body);
  });
  continueAfterGuards(app, options.beforeContinue);
  // One hook for every answer (each hook costs every request): X-Request-Id on all of them, errors
  // and 404s included; Connection: close while shutting down, so keep-alive cannot delay the exit;
  // then whatever observes answers (metrics, journal).
  app.addHook("onSend", (request, reply, payload, done) => {
    reply.header("x-request-id", request.id);
    if (ctx.lifecycle.closing) reply.header("connection", "close");
    notifyObservers(ctx, request, reply);
    done(null, payload);
  });
  app.setErrorHandler(errorHandler(ctx.contract, options.beforeRefusingBody));
  methodTable(app, ctx.contract.errorBounds);
  return app;
}
