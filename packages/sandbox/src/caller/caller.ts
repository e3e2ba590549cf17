// Layers 1 and 2 of every authenticated route, the API's and the controls' alike: 401 for the key
// (auth.ts), then 403 for the client IP against the partner's allow list.
import type { FastifyRequest } from "fastify";
import { authenticate } from "./auth.ts";
import { clientIp } from "./client-ip.ts";
import type { Partner, ResolvedConfig } from "../config/config.ts";
import { ApiError } from "../http/api-error.ts";

/** 401 for the key, then 403 for the client IP. Returns the partner. */
export function checkCaller(request: FastifyRequest, config: ResolvedConfig): Partner {
  const partner = authenticate(request.raw, config);
  if (partner.allowList) {
    const ip = clientIp(request.raw.socket.remoteAddress, request.headers["x-forwarded-for"], config.trustedProxies);
    if (!ip || !partner.allowList.has(ip)) throw new ApiError(403, "IP address not allowed").by("ip", partner.id);
  }
  return partner;
}
