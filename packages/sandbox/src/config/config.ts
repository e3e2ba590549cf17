// The sandbox config (docs/sandbox.md): partners, their keys, IP allow lists and rate limits, plus the
// trusted proxies. Read from YAML or JSON, checked strictly at start-up (a typo fails loudly)
// against schema.ts, precompiled into generated/.
import { readFileSync } from "node:fs";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { validateConfig } from "../../../../generated/sandbox-config-validator.mjs";
import { describeConfigErrors } from "./errors.ts";
import { didYouMean } from "../common/nearest-name.ts";
import { cidrList, type CidrList } from "../caller/ip.ts";
import { demoConfigPath } from "../contract/paths.ts";
import { DEFAULT_QUOTAS } from "./quotas.ts";
import type { Quotas } from "../storage/types/index.ts";

/** A partner's own numbers for one rate-limit policy (ratelimit/policies.ts applies them). */
export interface LimitConfig {
  limit: number;
  window_seconds: number;
}

export interface PartnerConfig {
  id: string;
  name?: string;
  active?: boolean;
  api_keys?: string[];
  revoked_api_keys?: string[];
  ip_allow_list?: string[];
  /** false: no limits; an object overrides the document's limits (`global` or an operationId). */
  rate_limits?: false | Record<string, LimitConfig>;
  /** Ceilings on what the sandbox stores for this partner; each one defaults to DEFAULT_QUOTAS. */
  quotas?: Partial<Quotas>;
}

export interface SandboxConfig {
  trusted_proxies?: string[];
  /** Base URL put in login links; defaults to the address the sandbox listens on. */
  public_url?: string;
  /** The operator's admin token (env SANDBOX_ADMIN_TOKEN wins), at least 32 characters. */
  admin_token?: string;
  /** Request-journal entries kept per partner (default 500; 0: no journal). */
  journal_size?: number;
  partners: PartnerConfig[];
}

export interface Partner {
  id: string;
  name: string;
  active: boolean;
  allowList?: CidrList; // undefined: any IP
  rateLimits: false | Record<string, LimitConfig>;
  quotas: Quotas;
}

export type KeyStatus = { partner: Partner; revoked: boolean };

export interface ResolvedConfig {
  source: SandboxConfig;
  trustedProxies: CidrList;
  partners: Partner[];
  /** Bearer tokens by value (these are the sandbox's own demo secrets, not partner data). */
  keys: Map<string, KeyStatus>;
  publicUrl?: string;
  journalSize?: number;
}

// The file each config object was read from, so every later error can name it.
const origins = new WeakMap<object, string>();

/** Line and column of a character offset, 1-based. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** Reads a YAML or JSON config; a syntax error names the file and the line. */
export function readConfigFile(path: string): SandboxConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? `sandbox config file not found: ${path}` : `cannot read sandbox config ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  if (path.endsWith(".json")) {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const position = /position (\d+)/.exec((error as Error).message);
      throw new Error(`${path}${position ? `:${lineColumn(text, Number(position[1]))}` : ""}: JSON syntax error: ${(error as Error).message}`);
    }
  } else {
    try {
      parsed = parseYaml(text);
    } catch (error) {
      if (!(error instanceof YAMLParseError)) throw error;
      const at = error.linePos?.[0];
      throw new Error(`${path}${at ? `:${at.line}:${at.col}` : ""}: YAML syntax error: ${error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`);
    }
  }
  if (parsed !== null && typeof parsed === "object") origins.set(parsed, path);
  return parsed as SandboxConfig;
}

export function demoConfig(): SandboxConfig {
  return readConfigFile(demoConfigPath());
}

/** Checks the config and indexes it. `operationIds` are the valid per-operation limit keys. */
export function resolveConfig(config: SandboxConfig, operationIds: readonly string[]): ResolvedConfig {
  const where = typeof config === "object" && config !== null && origins.has(config) ? ` (${origins.get(config)})` : "";
  if (!validateConfig(config)) {
    throw new Error(`invalid sandbox config${where}: ${describeConfigErrors(validateConfig.errors!, config).join("; ")}`);
  }
  const keys = new Map<string, KeyStatus>();
  const ids = new Set<string>();
  const partners = config.partners.map((p): Partner => {
    if (ids.has(p.id)) throw new Error(`invalid sandbox config${where}: partner id "${p.id}" appears twice`);
    ids.add(p.id);
    if (p.rate_limits) {
      for (const key of Object.keys(p.rate_limits)) {
        if (key !== "global" && !operationIds.includes(key)) {
          const hint = didYouMean(key, ["global", ...operationIds]);
          throw new Error(`invalid sandbox config${where}: ${p.id}.rate_limits.${key} is neither "global" nor an operationId${hint}`);
        }
      }
    }
    const partner: Partner = {
      id: p.id,
      name: p.name ?? p.id,
      active: p.active !== false,
      allowList: p.ip_allow_list?.length ? cidrList(p.ip_allow_list, `invalid sandbox config${where}: ${p.id}.ip_allow_list`) : undefined,
      rateLimits: p.rate_limits ?? {},
      quotas: { ...DEFAULT_QUOTAS, ...p.quotas },
    };
    for (const [list, revoked] of [[p.api_keys ?? [], false], [p.revoked_api_keys ?? [], true]] as const) {
      for (const key of list) {
        if (keys.has(key)) throw new Error(`invalid sandbox config${where}: an API key of "${p.id}" is listed twice`);
        keys.set(key, { partner, revoked });
      }
    }
    return partner;
  });
  return {
    source: config,
    trustedProxies: cidrList(config.trusted_proxies ?? [], `invalid sandbox config${where}: trusted_proxies`),
    partners,
    keys,
    publicUrl: config.public_url,
    journalSize: config.journal_size,
  };
}

