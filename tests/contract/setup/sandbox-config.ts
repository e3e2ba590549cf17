// The sandbox config the suite writes for itself, so every check has its key: two partners, a
// revoked key, an inactive partner and a partner whose IP allow list excludes loopback callers.
// Keys are random per run and shaped like the API's partner keys, JWTs (three base64url segments),
// so the suite's own key handling meets the production shape. The fault-injection tests start the
// same sandbox behind a proxy.
import { randomBytes } from "node:crypto";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KeyName } from "../lib/env.ts";

const b64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");
const JWT_HEADER = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
/** A random JWT-shaped key; nothing checks its signature or reads its claims. */
const token = (label: string) => `${JWT_HEADER}.${b64url(JSON.stringify({ sub: `contract-${label}`, jti: randomBytes(8).toString("hex") }))}.${b64url(randomBytes(32))}`;

/** The blocked partner's allow list (TEST-NET-3 only: the suite calls from loopback, outside it). */
const BLOCKED_ALLOW_LIST = ["203.0.113.0/24"];
/** CONTRACT_ALLOWED_IP for this config: inside that list; the suite's loopback is a trusted proxy. */
export const ALLOWED_IP = "203.0.113.7";

export interface ContractSandboxConfig {
  keys: Record<KeyName, string>;
  config: {
    trusted_proxies: string[];
    partners: {
      id: string;
      name: string;
      active: boolean;
      api_keys: string[];
      revoked_api_keys?: string[];
      ip_allow_list?: string[];
    }[];
  };
}

function keySet(): Record<KeyName, string> {
  return { primary: token("primary"), other: token("other"), revoked: token("revoked"), inactive: token("inactive"), blocked: token("blocked") };
}

/** The partners of one key set; `suffix` keeps the ids of several sets apart. */
function partnersOf(keys: Record<KeyName, string>, suffix: string): ContractSandboxConfig["config"]["partners"] {
  return [
    // The primary partner keeps the document's rate limits, so the quota checks have teeth.
    { id: `contract-primary${suffix}`, name: "Contract Primary", active: true, api_keys: [keys.primary], revoked_api_keys: [keys.revoked] },
    { id: `contract-other${suffix}`, name: "Contract Other", active: true, api_keys: [keys.other] },
    { id: `contract-inactive${suffix}`, name: "Contract Inactive", active: false, api_keys: [keys.inactive] },
    { id: `contract-blocked${suffix}`, name: "Contract Blocked", active: true, api_keys: [keys.blocked], ip_allow_list: BLOCKED_ALLOW_LIST },
  ];
}

/**
 * `sets` independent sets of the suite's partners in one config (the fault-injection proof gives
 * each run its own, so runs on one sandbox never share orgs or rate budgets); `keys` is the first.
 */
export function contractSandboxConfig(sets = 1): ContractSandboxConfig & { keySets: Record<KeyName, string>[] } {
  const keySets = Array.from({ length: sets }, keySet);
  return {
    keys: keySets[0]!,
    keySets,
    config: {
      trusted_proxies: ["127.0.0.0/8", "::1"],
      partners: keySets.flatMap((keys, i) => partnersOf(keys, i === 0 ? "" : `-${i}`)),
    },
  };
}

/** Writes the config as JSON (the sandbox reads YAML or JSON) and returns its path. */
export function writeConfigFile(config: ContractSandboxConfig["config"]): string {
  const file = join(mkdtempSync(join(tmpdir(), "contract-sandbox-")), "sandbox.json");
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}
