// Assembles the Fastify app. Routes come from the document's paths and operationIds; each
// operation route runs the layers in the documented order:
//   onRequest: 401 auth -> 403 IP allow list -> 429 rate limit   (before the body is read)
//   parsing:   413 size, 415 media type, 400 malformed JSON
//   handler:   400 validation -> 403 ownership -> 404 / 409, then the answer.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { pathPattern } from "../../src/openapi-document.ts";
import type { Partner, ResolvedConfig } from "./config.ts";
import type { Contract, Operation } from "./contract.ts";
import type { AdminToken } from "./admin-token.ts";
import { registerControls } from "./controls.ts";
import { registerHosting } from "./hosting.ts";
import type { SandboxMetrics } from "./metrics.ts";
import { ApiError, errorBody, unavailableError } from "./errors.ts";
import { checkCaller } from "./caller.ts";
import { registerLoginPage } from "./login-page.ts";
import { operationHandlers } from "./operations.ts";
import { activePolicies, refusal, type ActivePolicies } from "./rate-limit.ts";
import { randomHex } from "./secrets.ts";
import { StorageUnavailableError, type SandboxStorage } from "./storage/types.ts";
import { checkRequest, compileValidators } from "./validation.ts";
import { journalRecorder, layerOf } from "./journal.ts";
import { registerJournalRoutes } from "./journal-routes.ts";
import { registerSandboxPage } from "./page-routes.ts";
// Hostile clients (issue 16): timeouts, connection cap, Expect, lone surrogates.
import { clientErrorAnswer } from "./http-client-errors.ts";
import { continueAfterGuards } from "./http-expect.ts";
import type { HttpLimits } from "./http-limits.ts";
import { sandboxServerFactory } from "./http-server.ts";
import { parseJsonBody } from "./json-body.ts";

declare module "fastify" {
  interface FastifyRequest {
    partner: Partner | null;
    /** The partner's sandbox time, from its admission (layer 3). */
    partnerNowMs: number;
    /** The answering operation (either document's operationId), for the metrics; "" for none. */
    operationId: string;
  }
}

export interface SandboxParts {
  contract: Contract;
  config: ResolvedConfig;
  storage: SandboxStorage;
  /** The base time source (Date.now or a test's clock); a partner's time adds its offset. */
  wallMs(): number;
  /** Journal entries kept per partner (0: no journal). */
  journalSize: number;
  publicUrl(): string;
  /** Set when shutting down: answers then close their connection, so keep-alive cannot delay exit. */
  lifecycle: { closing: boolean };
  /** The operator's token for the global controls and metrics; none: they are never opened. */
  adminToken?: AdminToken;
  metrics: SandboxMetrics;
  /** Timeouts and connection caps (http-limits.ts). */
  http: HttpLimits;
}

const JSON_TYPE = "application/json; charset=utf-8";
/** The document's X-Request-Id bounds (1–128 characters), in a conservative alphabet. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@+=\/-]{1,128}$/;

function noRouteSchemas(): never {
  throw new Error("sandbox routes carry no Fastify schemas: requests are checked by the precompiled validators");
}

function sendError(reply: FastifyReply, status: number, message: string | string[], headers: Record<string, string> = {}, extra?: ApiError["extra"]): FastifyReply {
  return reply.code(status).headers(headers).header("content-type", JSON_TYPE).send(errorBody(status, message, extra));
}

/** Maps anything thrown to the documented ErrorResponse; only a real bug is a 500. */
function errorHandler(contract: Contract) {
  const refuse = (request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply => {
    // What the journal records of the refusal (journal.ts), kept on the request.
    request.refusal = { layer: error.layer ?? layerOf(error.statusCode), message: error.messages };
    return sendError(reply, error.statusCode, error.messages, error.headers, error.extra);
  };
  return (error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (error instanceof ApiError) return refuse(request, reply, error);
    if (error instanceof StorageUnavailableError) return refuse(request, reply, unavailableError());
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return refuse(request, reply, new ApiError(413, `Request body is larger than ${contract.bodyMaxBytes} bytes`));
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return refuse(request, reply, new ApiError(415, "Content-Type must be application/json"));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return refuse(request, reply, new ApiError(status, error.message));
    // A bug, not bad input: say so loudly (the Fastify logger is off for speed).
    console.error(`sandbox: unexpected error answering ${request.method} ${request.url.split("?")[0]} (${request.id}):`, error);
    return refuse(request, reply, new ApiError(500, "Internal server error"));
  };
}

/** Unique per process and cheap: a random boot prefix plus a counter (no crypto per request). */
function requestIds(): () => string {
  const boot = randomHex(4);
  let counter = 0;
  return () => `req_${boot}${(counter++).toString(16).padStart(8, "0")}`;
}

/** Route templates with their methods, to tell 405 (known path) from 404. */
function methodTable(entries: { path: string; method: string }[]): (path: string) => string[] {
  const table = entries.map((e) => ({
    re: pathPattern(e.path),
    method: e.method,
  }));
  return (path) => [...new Set(table.filter((t) => t.re.test(path)).map((t) => t.method))];
}

export function buildApp(parts: SandboxParts): FastifyInstance {
  const { contract, storage, wallMs } = parts;
  const nextRequestId = requestIds();
  const app = Fastify({
    logger: false,
    bodyLimit: contract.bodyMaxBytes,
    routerOptions: { maxParamLength: 4096 }, // external_id may be 255 characters, percent-encoded up to 3x
    serverFactory: sandboxServerFactory(parts.http, parts.config.trustedProxies, nextRequestId), // timeouts, caps, Expect
    // A caller's own X-Request-Id of sane shape is kept, so partners can match their logs.
    genReqId: (raw) => {
      const own = raw.headers["x-request-id"];
      return typeof own === "string" && SANE_REQUEST_ID.test(own) ? own : nextRequestId();
    },
    // Validation is the precompiled validators' job and answers are JSON text: Fastify's schema
    // compilers (Ajv, fast-json-stringify) would never be used, so they are never loaded.
    schemaController: { compilersFactory: { buildValidator: noRouteSchemas, buildSerializer: noRouteSchemas } },
    clientErrorHandler: clientErrorAnswer(parts.http, nextRequestId),
    frameworkErrors: (error, request, reply) => {
      // An undecodable URL (broken percent-encoding) never reaches a route. The key is still
      // checked first for API paths, so the order 401 -> 403 -> 400 holds here too.
      reply.header("x-request-id", request.id);
      try {
        if (request.url.startsWith("/partner/")) checkCaller(request, parts);
      } catch (failure) {
        if (failure instanceof ApiError) return void sendError(reply, failure.statusCode, failure.messages);
      }
      void sendError(reply, 400, `Malformed request URL: ${error.message}`);
    },
  });
  app.decorateRequest("partner", null);
  app.decorateRequest("partnerNowMs", 0);
  app.decorateRequest("operationId", "");
  app.decorateRequest("refusal", null);
  app.decorateRequest("journalPartnerId", null);
  app.decorateRequest("journalOperation", null);
  app.removeAllContentTypeParsers();
  // Our own JSON parser (json-body.ts): strict UTF-8 and Unicode, an empty body counts as no
  // body, a failure is a 400 ErrorResponse. Only application/json (any parameters); others get 415.
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, raw, done) => {
    let body: unknown;
    try {
      body = parseJsonBody(raw as Buffer);
    } catch (error) {
      return done(error as Error, undefined);
    }
    done(null, body);
  });
  continueAfterGuards(app); // `100 Continue` only once the route's guard has passed
  // Every answer carries X-Request-Id (errors and 404s included); while shutting down, answers
  // close their connection so keep-alive cannot delay the exit. One hook for both: each hook
  // costs every request.
  // The metrics are counted here too, for the same reason.
  const { metrics } = parts;
  const journal = journalRecorder({ storage, keep: parts.journalSize, trustedProxies: parts.config.trustedProxies, wallMs });
  app.addHook("onSend", (request, reply, payload, done) => {
    reply.header("x-request-id", request.id);
    if (parts.lifecycle.closing) reply.header("connection", "close");
    metrics.observe(request.operationId || "none", reply.statusCode, reply.elapsedTime);
    if (request.journalOperation) journal(request, reply, request.journalOperation);
    done(null, payload);
  });
  app.setErrorHandler(errorHandler(contract));

  const validators = compileValidators(contract);

  const handlers = operationHandlers({ contract, storage, publicUrl: parts.publicUrl });
  const routes: { path: string; method: string }[] = [];

  for (const op of contract.operations) {
    const handler = handlers[op.operationId];
    const validator = validators.get(op.operationId)!;
    if (!handler) throw new Error(`no sandbox handler for operation ${op.operationId}`);
    routes.push({ path: op.path, method: op.method });
    if (op.method === "GET") routes.push({ path: op.path, method: "HEAD" });
    app.route({
      method: op.method as "GET" | "POST",
      url: op.path.replace(/\{([^}]+)\}/g, ":$1"),
      onRequest: guard(op, parts),
      // The engine answers once the change is durable: a 201 sent is never lost.
      handler: async (request, reply): Promise<string> => {
        // Parameters and body are checked together so one 400 lists every problem.
        const { params, body } = checkRequest(validator, request.params as Record<string, unknown>, request.query as Record<string, unknown>, request.body);
        const result = await handler({ partner: request.partner!, params, body, nowMs: request.partnerNowMs });
        reply.code(result.status).header("content-type", JSON_TYPE);
        return result.json;
      },
    });
  }

  registerControls(app, parts, routes);
  registerHosting(app, parts, routes);
  registerJournalRoutes(app, parts, routes);
  registerSandboxPage(app, routes, (reply, message) => sendError(reply, 404, message));
  registerLoginPage(app, { storage, wallMs, tokenHexLength: contract.loginLink.tokenBytes * 2 });
  routes.push({ path: "/partner-login", method: "GET" }, { path: "/partner-login", method: "HEAD" });

  const allowed = methodTable(routes);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    const methods = allowed(path);
    if (methods.length) return sendError(reply, 405, `Method ${request.method} not allowed`, { allow: methods.join(", ") });
    return sendError(reply, 404, `Cannot ${request.method} ${path.slice(0, 200)}`);
  });
  return app;
}

/** Layers 1–3, before the body is read: 401, then 403 for the IP, then 429 (the engine's admission). */
function guard(op: Operation, parts: SandboxParts) {
  const { contract, storage, wallMs } = parts;
  // A partner's policies for this operation, worked out once: the guard runs on every API call.
  const policiesOf = new Map<Partner, ActivePolicies>();
  const policies = (partner: Partner): ActivePolicies => {
    let active = policiesOf.get(partner);
    if (!active) {
      active = activePolicies(contract, op, partner);
      policiesOf.set(partner, active);
    }
    return active;
  };
  // Callback style: one promise per request (the admission), none of Fastify's async hook wrapping.
  return (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    request.operationId = op.operationId;
    request.journalOperation = op;
    let partner: Partner;
    try {
      partner = checkCaller(request, parts);
    } catch (error) {
      if (error instanceof ApiError && error.partnerId) request.journalPartnerId = error.partnerId;
      return done(error as Error);
    }
    const active = policies(partner);
    // Even with no policy, the admission answers the partner's time (one round trip either way).
    storage.admit(partner.id, active.policies, wallMs()).then(
      (admission) => {
        if (!admission.admitted) return done(refusal(active, admission));
        request.partner = partner;
        request.partnerNowMs = admission.nowMs;
        done();
      },
      (error: Error) => done(error),
    );
  };
}
