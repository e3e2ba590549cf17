// An API operation's route, from its key to its answer, in the documented order of checks:
//   onRequest (before the body is read): 401 key -> 403 IP allow list
//   [Expect: 100-continue only: 429, before the body is invited — admission.ts]
//   parsing: 413 size, 415 media type, 400 malformed JSON   -> refused via admitBeforeRefusing
//   handler: 400 validation                                  -> refused via admitBeforeRefusing
//            otherwise one unit of work: 429 admission, then 403 ownership -> 404 / 409 / quota,
//            and the write — one transaction on the SQL engines (storage/types/requests.ts).
// The handler continues synchronously while the engine answers synchronously (the memory
// engine), so a request there makes no promise of its own.
import type { FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { checkCaller } from "../caller/caller.ts";
import type { ResolvedConfig } from "../config/config.ts";
import type { Contract, JsonObject, Operation } from "../contract/contract.ts";
import { routePath } from "../contract/openapi-document.ts";
import { JSON_TYPE } from "../http/answer.ts";
import type { ApiError } from "../http/api-error.ts";
import { andThen } from "../storage/maybe.ts";
import type { SandboxStorage, Unit } from "../storage/types/index.ts";
import { checkRequest, type OperationValidator } from "../validation/validators.ts";
import { OperationAdmission } from "./admission.ts";
import type { OperationContext, OperationHandler } from "./operations.ts";

export interface OperationRouteParts {
  contract: Contract;
  config: ResolvedConfig;
  storage: SandboxStorage;
  wallMs(): number;
}

/** What a route's config carries for the hooks and the error handler (route-level, no per-request cost). */
export interface ApiRouteConfig {
  admission: OperationAdmission;
}

/** The per-request context an operation runs with. */
class RequestContext implements OperationContext {
  readonly partner: OperationContext["partner"];
  readonly params: Record<string, unknown>;
  readonly body: JsonObject | undefined;
  readonly checked: unknown;
  readonly ticket: OperationContext["ticket"];
  private readonly request: FastifyRequest;
  private readonly admission: OperationAdmission;

  constructor(request: FastifyRequest, admission: OperationAdmission, params: Record<string, unknown>, body: JsonObject | undefined, checked: unknown) {
    this.request = request;
    this.admission = admission;
    this.partner = request.partner!;
    this.params = params;
    this.body = body;
    this.checked = checked;
    this.ticket = admission.ticket(request);
  }

  admitted<T>(unit: Unit<T>): T {
    if (!unit.admitted) throw this.admission.refusal(this.request, unit);
    this.admission.admitted(this.request, unit.nowMs);
    return unit.result;
  }
}

/** The admission a refused body must pass first (429 before 400/413/415), or the refusal itself. */
export function admitBeforeRefusing(request: FastifyRequest, error: ApiError): ApiError | Promise<ApiError> {
  const config = request.routeOptions.config as Partial<ApiRouteConfig> | undefined;
  if (!config?.admission || !request.partner || request.admitted) return error;
  return andThen(config.admission.alone(request), (refused) => refused ?? error);
}

/** `Expect: 100-continue`: admitted before the body is invited (http/expect.ts asks). */
export function admitBeforeContinue(request: FastifyRequest): ReturnType<OperationAdmission["alone"]> | undefined {
  const config = request.routeOptions.config as Partial<ApiRouteConfig> | undefined;
  return config?.admission && request.partner ? config.admission.alone(request) : undefined;
}

export function operationRoute(op: Operation, parts: OperationRouteParts, operation: OperationHandler, validator: OperationValidator): RouteOptions {
  const admission = new OperationAdmission(parts.contract, op, parts.storage, parts.wallMs);
  const config: ApiRouteConfig = { admission };
  const routed = { operationId: op.operationId, method: op.method, path: op.path };
  return {
    method: op.method as "GET" | "POST",
    url: routePath(op.path),
    config,
    // Layers 1 and 2, before the body is read. Callback style: no promise per request.
    onRequest: (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
      request.operationId = op.operationId;
      request.apiOperation = routed;
      try {
        request.partner = checkCaller(request, parts.config);
      } catch (error) {
        return done(error as Error);
      }
      done();
    },
    handler: (request: FastifyRequest, reply: FastifyReply) => {
      // Parameters and body are checked together so one 400 lists every problem. A 400 thrown
      // here reaches the error handler, which asks admitBeforeRefusing first.
      const { params, body } = checkRequest(validator, request.params as Record<string, unknown>, request.query as Record<string, unknown>, request.body);
      const checked = operation.check?.(body);
      return andThen(operation.run(new RequestContext(request, admission, params, body, checked)), (result) => {
        reply.code(result.status).header("content-type", JSON_TYPE);
        return result.json;
      });
    },
  };
}
