// One way to register an operation of the sandbox's own document (openapi/sandbox): method and
// path from the document, and who may call it checked in onRequest — before the body is read, so
// 401 and 403 come before 413/415/400 as on the API's routes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { controlCaller, requireAdmin, type ControlCaller } from "../caller/control-caller.ts";
import type { SandboxContext } from "../context.ts";
import { routePath } from "../contract/openapi-document.ts";
import { controlOperation } from "../validation/control-validators.ts";

/**
 * Who may call a route: "partner" (a partner key only), "partner-or-admin" (a partner key, or
 * the admin token), "admin" only, or "anyone".
 */
export type Access = "partner" | "partner-or-admin" | "admin" | "anyone";

export type ControlHandler = (request: FastifyRequest, reply: FastifyReply, caller: ControlCaller | undefined) => Promise<unknown>;

export function controlRoute(app: FastifyInstance, ctx: SandboxContext, operationId: string, access: Access, handler: ControlHandler): void {
  const { method, path } = controlOperation(operationId);
  const callers = new WeakMap<FastifyRequest, ControlCaller>();
  app.route({
    method: method as "GET" | "POST",
    url: routePath(path),
    onRequest: (request, _reply, done) => {
      request.operationId = operationId;
      try {
        if (access === "admin") requireAdmin(request, ctx.adminToken);
        else if (access !== "anyone") callers.set(request, controlCaller(request, ctx, { admin: access === "partner-or-admin" }));
      } catch (error) {
        return done(error as Error);
      }
      done();
    },
    handler: (request, reply) => handler(request, reply, callers.get(request)),
  });
}

/** The calling partner, on routes whose access is "partner". */
export const partnerOf = (caller: ControlCaller | undefined) => (caller as Extract<ControlCaller, { kind: "partner" }>).partner;
