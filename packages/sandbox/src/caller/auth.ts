// Layer 1: the bearer token (401). Decided from the headers alone, never from the IP, so a bad
// key from a blocked address is 401, not 403.
import type { IncomingMessage } from "node:http";
import type { Partner, ResolvedConfig } from "../config/config.ts";
import { ApiError } from "../http/api-error.ts";

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

function authorizationHeaders(raw: IncomingMessage): string[] {
  // Node keeps only the first of repeated Authorization headers; rawHeaders has them all.
  const values: string[] = [];
  for (let i = 0; i < raw.rawHeaders.length; i += 2) {
    if (raw.rawHeaders[i]!.toLowerCase() === "authorization") values.push(raw.rawHeaders[i + 1]!);
  }
  return values;
}

/** The one well-formed bearer token of the request; undefined for none, several or a malformed one. */
export function bearerToken(raw: IncomingMessage): string | undefined {
  const values = authorizationHeaders(raw);
  return values.length === 1 ? BEARER.exec(values[0]!.trim())?.[1] : undefined;
}

export function authenticate(raw: IncomingMessage, config: ResolvedConfig): Partner {
  const values = authorizationHeaders(raw);
  if (values.length === 0) throw new ApiError(401, "Missing partner API key").by("auth");
  const match = values.length === 1 ? BEARER.exec(values[0]!.trim()) : null;
  const status = match ? config.keys.get(match[1]!) : undefined;
  if (!status) throw new ApiError(401, "Invalid partner API key").by("auth");
  // A revoked key and an inactive partner still say whose request it was (the journal's).
  if (status.revoked) throw new ApiError(401, "Partner API key has been revoked").by("auth", status.partner.id);
  if (!status.partner.active) throw new ApiError(401, "Partner account is inactive").by("auth", status.partner.id);
  return status.partner;
}
