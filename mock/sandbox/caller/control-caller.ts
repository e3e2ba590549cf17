// Who is calling a sandbox control: the admin token (only where the control allows it and one is
// configured), else a partner through the API's own layers — 401 (missing, unknown, revoked key;
// inactive partner), then 403 (IP allow list). A wrong admin token is just an unknown key: 401.
import type { FastifyRequest } from "fastify";
import { isAdminToken } from "../config/admin-token.ts";
import { bearerToken } from "./auth.ts";
import { checkCaller } from "./caller.ts";
import type { Partner } from "../config/config.ts";
import { ApiError } from "../http/api-error.ts";
import type { SandboxParts } from "../app.ts";

export type ControlCaller = { kind: "partner"; partner: Partner } | { kind: "admin" };

export function controlCaller(request: FastifyRequest, parts: SandboxParts, options: { admin: boolean }): ControlCaller {
  if (options.admin && parts.adminToken && isAdminToken(bearerToken(request.raw), parts.adminToken)) return { kind: "admin" };
  return { kind: "partner", partner: checkCaller(request, parts) };
}

/** For what only the admin token opens (metrics): 401 for anything else, a partner key included. */
export function requireAdmin(request: FastifyRequest, parts: SandboxParts): void {
  if (!isAdminToken(bearerToken(request.raw), parts.adminToken)) {
    throw new ApiError(401, parts.adminToken ? "Admin token required" : "Admin token required; this sandbox has none configured (SANDBOX_ADMIN_TOKEN)");
  }
}
