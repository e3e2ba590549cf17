// The sandbox operator's admin token (env SANDBOX_ADMIN_TOKEN or config `admin_token`): what makes
// a control global (reset everything, another partner's clock) and opens the metrics. Kept only as
// its SHA-256 digest, compared in constant time, never printed in full.
import { createHash, timingSafeEqual } from "node:crypto";

export const ADMIN_TOKEN_MIN_LENGTH = 32;

export interface AdminToken {
  /** SHA-256 of the token: comparing digests of equal length leaks neither content nor length. */
  readonly digest: Buffer;
  /** For the banner: the first characters and the length, never the whole token. */
  readonly hint: string;
}

const sha256 = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/** The token as the sandbox keeps it; throws (the sandbox refuses to start) when it is too short. */
export function adminToken(token: string | undefined, source: string): AdminToken | undefined {
  if (token === undefined) return undefined;
  if (token.length < ADMIN_TOKEN_MIN_LENGTH) {
    throw new Error(`the admin token (${source}) must be at least ${ADMIN_TOKEN_MIN_LENGTH} characters, got ${token.length}: generate one with \`openssl rand -hex 32\``);
  }
  return { digest: sha256(token), hint: `${token.slice(0, 4)}… (${token.length} characters)` };
}

/** Constant-time comparison of a presented token against the admin token. */
export function isAdminToken(presented: string | undefined, admin: AdminToken | undefined): boolean {
  if (presented === undefined || admin === undefined) return false;
  return timingSafeEqual(sha256(presented), admin.digest);
}
