// The Partner API's operations, routed from the document's paths and operationIds. Each route
// runs the layers in the documented order (unit-of-work.ts):
//   onRequest: 401 key -> 403 IP allow list                    (before the body is read)
//   parsing:   413 size, 415 media type, 400 malformed JSON     (http/; 429 first, if due)
//   handler:   400 validation (429 first, if due), else one unit of work of the storage engine:
//              429 rate limit -> 403 ownership -> 404 / 409, and the write (operations.ts)
import type { FastifyInstance } from "fastify";
import type { SandboxContext } from "../context.ts";
import { compileValidators } from "../validation/validators.ts";
import { operationHandlers } from "./operations.ts";
import { operationRoute } from "./unit-of-work.ts";

export function apiPlugin(app: FastifyInstance, ctx: SandboxContext, done: (error?: Error) => void): void {
  const { contract, storage } = ctx;
  const validators = compileValidators(contract);
  const handlers = operationHandlers({ contract, storage, publicUrl: ctx.publicUrl });
  for (const op of contract.operations) {
    const handler = handlers[op.operationId];
    if (!handler) throw new Error(`no sandbox handler for operation ${op.operationId}`);
    app.route(operationRoute(op, ctx, handler, validators.get(op.operationId)!));
  }
  done();
}
