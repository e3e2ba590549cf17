// The sandbox's per-partner controls (openapi/sandbox: resetSandbox, advanceSandboxClock). With a
// partner's key they act on that partner only, after the API's own 401 and 403 layers; with the
// admin token, reset forgets everything and the clock moves the partner named by `partner_id`.
// Controls spend no rate-limit budget. Order: 401 -> 403 -> 400 -> 404.
import type { FastifyInstance } from "fastify";
import type { Partner } from "../config/config.ts";
import type { SandboxContext } from "../context.ts";
import { ApiError } from "../http/api-error.ts";
import { checkControlRequest } from "../validation/control-validators.ts";
import { controlRoute } from "./route.ts";

export function controlsPlugin(app: FastifyInstance, ctx: SandboxContext, done: (error?: Error) => void): void {
  const { storage, config } = ctx;
  controlRoute(app, ctx, "resetSandbox", "partner-or-admin", async (request, _reply, caller) => {
    checkControlRequest("resetSandbox", request);
    if (caller!.kind === "admin") {
      await storage.resetAll();
      return { reset: true, scope: "all", partner_id: null };
    }
    const { partner } = caller as { partner: Partner };
    await storage.resetPartner(partner.id);
    return { reset: true, scope: "partner", partner_id: partner.id };
  });

  controlRoute(app, ctx, "advanceSandboxClock", "partner-or-admin", async (request, _reply, caller) => {
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
    const nowMs = await storage.partnerNow(partnerId, ctx.wallMs());
    return { partner_id: partnerId, now: new Date(nowMs).toISOString(), offset_seconds: offsetMs / 1000 };
  });
  done();
}
