// Who is calling a sandbox control: the admin token (only where the control allows it and one is
// configured), else a partner through the API's own layers — 401 (missing, unknown, revoked key;
// inactive partner), then 403 (IP allow list). A wrong admin token is just an unknown key: 401.
import type { FastifyRequest } from "fastify";
import { isAdminToken, type AdminToken } from "../config/admin-token.ts";
import type { Partner, ResolvedConfig } from "../config/config.ts";
import { ApiError } from "../http/api-error.ts";
import { bearerToken } from "./auth.ts";
import { checkCaller } from "./caller.ts";

export type ControlCaller = { kind: "partner"; partner: Partner } | { kind: "admin" };

export interface ControlCallerDeps {
  config: ResolvedConfig;
  adminToken?: AdminToken;
}

export function controlCaller(request: FastifyRequest, deps: ControlCallerDeps, options: { admin: boolean }): ControlCaller {
  if (options.admin && deps.adminToken && isAdminToken(bearerToken(request.raw), deps.adminToken)) return { kind: "admin" };
  return { kind: "partner", partner: checkCaller(request, deps.config) };
}

/** For what only the admin token opens (metrics): 401 for anything else, a partner key included. */
export function requireAdmin(request: FastifyRequest, adminToken: AdminToken | undefined): void {
  if (!isAdminToken(bearerToken(request.raw), adminToken)) {
    throw new ApiError(401, adminToken ? "Admin token required" : "Admin token required; this sandbox has none configured (SANDBOX_ADMIN_TOKEN)");
  }
}
