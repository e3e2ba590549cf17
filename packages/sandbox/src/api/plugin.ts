// The Partner API's operations, routed from the document's paths and operationIds. Each route
// runs the layers in the documented order:
//   onRequest: 401 auth -> 403 IP allow list -> 429 rate limit   (api/guard.ts, before the body is read)
//   parsing:   413 size, 415 media type, 400 malformed JSON      (http/)
//   handler:   400 validation -> 403 ownership -> 404 / 409, then the answer (api/operations.ts)
import type { FastifyInstance } from "fastify";
import type { SandboxContext } from "../context.ts";
import { JSON_TYPE } from "../http/answer.ts";
import { checkRequest, compileValidators } from "../validation/validators.ts";
import { apiGuard } from "./guard.ts";
import { operationHandlers } from "./operations.ts";

export function apiPlugin(app: FastifyInstance, ctx: SandboxContext, done: (error?: Error) => void): void {
  const { contract, storage } = ctx;
  const validators = compileValidators(contract);
  const handlers = operationHandlers({ contract, storage, publicUrl: ctx.publicUrl });
  for (const op of contract.operations) {
    const handler = handlers[op.operationId];
    const validator = validators.get(op.operationId)!;
    if (!handler) throw new Error(`no sandbox handler for operation ${op.operationId}`);
    app.route({
      method: op.method as "GET" | "POST",
      url: op.path.replace(/\{([^}]+)\}/g, ":$1"),
      onRequest: apiGuard(op, ctx),
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
  done();
}
