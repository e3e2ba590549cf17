// The sandbox config the suite writes for itself, so every check has its key: two partners, a
// revoked key, an inactive partner and a partner whose IP allow list excludes loopback callers.
// Keys are random per run. The fault-injection tests start the same sandbox behind a proxy.
import { randomBytes } from "node:crypto";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KeyName } from "../lib/env.ts";

const token = (label: string) => `contract_${label}_${randomBytes(16).toString("hex")}`;

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

export function contractSandboxConfig(): ContractSandboxConfig {
  const keys: Record<KeyName, string> = {
    primary: token("primary"),
    other: token("other"),
    revoked: token("revoked"),
    inactive: token("inactive"),
    blocked: token("blocked"),
  };
  return {
    keys,
    config: {
      trusted_proxies: ["127.0.0.0/8", "::1"],
      partners: [
        // The primary partner keeps the document's rate limits, so the quota checks have teeth.
        { id: "contract-primary", name: "Contract Primary", active: true, api_keys: [keys.primary], revoked_api_keys: [keys.revoked] },
        { id: "contract-other", name: "Contract Other", active: true, api_keys: [keys.other] },
        { id: "contract-inactive", name: "Contract Inactive", active: false, api_keys: [keys.inactive] },
        // TEST-NET-3 only: the suite calls from loopback, which this list excludes.
        { id: "contract-blocked", name: "Contract Blocked", active: true, api_keys: [keys.blocked], ip_allow_list: ["203.0.113.0/24"] },
      ],
    },
  };
}

/** Writes the config as JSON (the sandbox reads YAML or JSON) and returns its path. */
export function writeConfigFile(config: ContractSandboxConfig["config"]): string {
  const file = join(mkdtempSync(join(tmpdir(), "contract-sandbox-")), "sandbox.json");
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}
