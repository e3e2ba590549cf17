// Random ids and secrets. Secrets (login-link tokens, org API keys) are kept only as SHA-256
// digests, so neither the state file nor memory holds a usable credential.
import { createHash, randomBytes } from "node:crypto";

export const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

export const randomHex = (bytes: number): string => randomBytes(bytes).toString("hex");

// Ids and widget tokens are on the createOrg hot path: draw them from a pool refilled by one
// randomBytes call per 4 KiB (the same CSPRNG, fewer calls), read in place (no Buffer per id).
// Each pool byte is handed out once. Secrets do not use the pool.
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;
/** The offset in `pool` of `n` fresh random bytes, the caller's alone. */
function takePooled(n: number): number {
  if (poolOffset + n > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  poolOffset += n;
  return poolOffset - n;
}

export const widgetToken = (): string => {
  const at = takePooled(16);
  return pool.toString("hex", at, at + 16);
};

const b64url = (value: Buffer | string): string => Buffer.from(value).toString("base64url");

/** An org API key shaped like a JWT (the document's pattern); the signature is random bytes. */
export function orgApiKey(orgId: string, keyId: string, issuedAtMs: number): string {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify({ org_id: orgId, key_id: keyId, iat: Math.floor(issuedAtMs / 1000) }));
  return `${header}.${payload}.${b64url(randomBytes(32))}`;
}

/**
 * UUIDv7 ids: time-ordered, with a counter within one millisecond, so sorting orgs by
 * (created_at, id) is exactly creation order and offset paging stays stable.
 */
export function uuidV7Factory(): (ms: number) => string {
  let lastMs = -1;
  let counter = 0;
  return (ms) => {
    if (ms <= lastMs) {
      counter++;
      if (counter > 0xfff) {
        lastMs++;
        counter = 0;
      }
    } else {
      lastMs = ms;
      counter = 0;
    }
    const at = takePooled(16);
    pool.writeUIntBE(lastMs, at, 6);
    pool[at + 6] = 0x70 | (counter >> 8);
    pool[at + 7] = counter & 0xff;
    pool[at + 8] = 0x80 | (pool[at + 8]! & 0x3f);
    const hex = pool.toString("hex", at, at + 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
