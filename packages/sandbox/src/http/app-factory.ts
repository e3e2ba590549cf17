// The Fastify instance every feature registers on: the hardened node:http server under it
// (timeouts, connection caps, Expect), request ids, the strict JSON body parser, the one onSend
// hook, the ErrorResponse error handler, and 404/405 from the routes actually registered.
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { SandboxContext } from "../context.ts";
import { ApiError } from "./api-error.ts";
import { clientErrorAnswer } from "./client-errors.ts";
import { errorHandler, sendError } from "./error-handler.ts";
import { continueAfterGuards } from "./expect.ts";
import { parseJsonBody } from "./json-body.ts";
import { methodTable } from "./method-table.ts";
import { requestIdOf } from "./request-id.ts";
import { decorateRequests } from "./request-state.ts";
import { sandboxServerFactory } from "./server-factory.ts";

export interface HttpAppOptions {
  /**
   * Runs before a malformed URL (broken percent-encoding) is answered 400: a layer that must come
   * first in the order of checks (the API's 401 and 403) throws its ApiError here.
   */
  beforeMalformedUrl?(request: FastifyRequest): void;
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
    frameworkErrors: (error, request, reply) => {
      reply.header("x-request-id", request.id);
      try {
        options.beforeMalformedUrl?.(request);
      } catch (failure) {
        if (failure instanceof ApiError) return void sendError(reply, failure.statusCode, failure.messages);
        throw failure;
      }
      void sendError(reply, 400, `Malformed request URL: ${error.message}`);
    },
  });
  decorateRequests(app);
  app.removeAllContentTypeParsers();
  // Strict UTF-8 and Unicode, an empty body counts as no body, a failure is a 400 ErrorResponse.
  // Only application/json (any parameters); other media types get 415.
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, raw, done) => {
    let body: unknown;
    try {
      body = parseJsonBody(raw as Buffer);
    } catch (error) {
      return done(error as Error, undefined);
    }
    done(null, body);
  });
  continueAfterGuards(app);
  // One hook for every answer (each hook costs every request): X-Request-Id on all of them, errors
  // and 404s included; Connection: close while shutting down, so keep-alive cannot delay the exit;
  // then whatever observes answers (metrics, journal).
  app.addHook("onSend", (request, reply, payload, done) => {
    reply.header("x-request-id", request.id);
    if (ctx.lifecycle.closing) reply.header("connection", "close");
    ctx.answered.notify(request, reply);
    done(null, payload);
  });
  app.setErrorHandler(errorHandler(ctx.contract));
  methodTable(app);
  return app;
}
