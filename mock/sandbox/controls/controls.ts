// The sandbox's per-partner controls (openapi/sandbox: resetSandbox, advanceSandboxClock). With a
// partner's key they act on that partner only, after the API's own 401 and 403 layers; with the
// admin token, reset forgets everything and the clock moves the partner named by `partner_id`.
// Controls spend no rate-limit budget. Order: 401 -> 403 -> 400 -> 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { controlCaller, requireAdmin, type ControlCaller } from "../caller/control-caller.ts";
import { checkControlRequest, controlOperation } from "./validation.ts";
import type { Partner } from "../config/config.ts";
import { ApiError } from "../http/api-error.ts";
import type { SandboxParts } from "../app.ts";

export interface Route {
  path: string;
  method: string;
}

const fastifyPath = (path: string): string => path.replace(/\{([^}]+)\}/g, ":$1");

/**
 * Who may call a route: "partner" (a partner key only), "partner or admin" (a partner key, or the
 * admin token), "admin" only, or "anyone". Checked in onRequest, before the body is read, so 401 and 403 come before 413/415/400
 * as on the API's routes.
 */
export type Access = "partner" | "partner-or-admin" | "admin" | "anyone";

/** Registers a sandbox-document operation by operationId (method and path from the document). */
export function controlRoute(
  app: FastifyInstance,
  parts: SandboxParts,
  routes: Route[],
  operationId: string,
  access: Access,
  handler: (request: FastifyRequest, reply: FastifyReply, caller: ControlCaller | undefined) => Promise<unknown>,
): void {
  const { method, path } = controlOperation(operationId);
  routes.push({ path, method });
  if (method === "GET") routes.push({ path, method: "HEAD" });
  const callers = new WeakMap<FastifyRequest, ControlCaller>();
  app.route({
    method: method as "GET" | "POST",
    url: fastifyPath(path),
    onRequest: (request, _reply, done) => {
      request.operationId = operationId;
      try {
        if (access === "admin") requireAdmin(request, parts);
        else if (access !== "anyone") callers.set(request, controlCaller(request, parts, { admin: access === "partner-or-admin" }));
      } catch (error) {
        return done(error as Error);
      }
      done();
    },
    handler: (request, reply) => handler(request, reply, callers.get(request)),
  });
}

export function registerControls(app: FastifyInstance, parts: SandboxParts, routes: Route[]): void {
  const { storage, config } = parts;
  controlRoute(app, parts, routes, "resetSandbox", "partner-or-admin", async (request, _reply, caller) => {
    checkControlRequest("resetSandbox", request);
    if (caller!.kind === "admin") {
      await storage.resetAll();
      return { reset: true, scope: "all", partner_id: null };
    }
    const { partner } = caller as { partner: Partner };
    await storage.resetPartner(partner.id);
    return { reset: true, scope: "partner", partner_id: partner.id };
  });

  controlRoute(app, parts, routes, "advanceSandboxClock", "partner-or-admin", async (request, _reply, caller) => {
    const body = checkControlRequest("advanceSandboxClock", request).body as { advance_seconds: number; partner_id?: string };
    let partnerId: string;
    if (caller!.kind === "admin") {
      if (body.partner_id === undefined) throw new ApiError(400, ["partner_id is required with the admin token"]);
      if (!config.partners.some((p) => p.id === body.partner_id)) {
        throw new ApiError(404, `Partner ${JSON.stringify(body.partner_id)} is not in the sandbox config`);
      }
      partnerId = body.partner_id;
    } else {
      if (body.partner_id !== undefined) throw new ApiError(400, ["partner_id is only accepted with the admin token; a partner key moves its own clock"]);
      partnerId = caller!.partner.id;
    }
    const offsetMs = await storage.advanceClock(partnerId, Math.round(body.advance_seconds * 1000));
    const nowMs = await storage.partnerNow(partnerId, parts.wallMs());
    return { partner_id: partnerId, now: new Date(nowMs).toISOString(), offset_seconds: offsetMs / 1000 };
  });
}
