// Rate limits: per-partner fixed windows on the partner's clock. The document declares the
// policies (root `x-rate-limit`: every request of a partner; an operation's own `x-rate-limit`),
// read here once per contract; a partner's config may change a policy's numbers or turn limits
// off. The windows themselves live in the storage engine (its admission checks every policy
// before it spends any, so a refused login link does not eat the global budget).
import type { LimitConfig, Partner } from "../config/config.ts";
import type { Contract, JsonObject, Operation } from "../contract/contract.ts";
import type { RatePolicy } from "../storage/types/index.ts";

export type { RatePolicy } from "../storage/types/index.ts";

/** The config key of the root policy (an operation's own policy is keyed by its operationId). */
export const GLOBAL_POLICY_KEY = "global";

interface DocumentPolicies {
  global: RatePolicy;
  byOperation: Map<string, RatePolicy>;
}

function parsePolicy(value: unknown, where: string): RatePolicy {
  const v = value as { name?: unknown; limit?: unknown; window_seconds?: unknown } | undefined;
  if (!v || typeof v.name !== "string" || !Number.isInteger(v.limit) || !Number.isInteger(v.window_seconds)) {
    throw new Error(`${where}: x-rate-limit needs name, limit and window_seconds`);
  }
  return { name: v.name, limit: v.limit as number, windowMs: (v.window_seconds as number) * 1000 };
}

const parsed = new WeakMap<Contract, DocumentPolicies>();

/** The document's policies: the only place `x-rate-limit` is read. */
export function documentPolicies(contract: Contract): DocumentPolicies {
  let found = parsed.get(contract);
  if (!found) {
    const byOperation = new Map<string, RatePolicy>();
    for (const op of contract.operations) {
      const own = op.extensions["x-rate-limit"];
      if (own !== undefined) byOperation.set(op.operationId, parsePolicy(own, op.operationId));
    }
    found = { global: parsePolicy((contract.doc as JsonObject)["x-rate-limit"], "root"), byOperation };
    parsed.set(contract, found);
  }
  return found;
}

/** The policy in force for a partner: its config's numbers, else the document's; none when its limits are off. */
function inForce(partner: Partner, key: string, documented: RatePolicy): RatePolicy | undefined {
  if (partner.rateLimits === false) return undefined;
  const override: LimitConfig | undefined = partner.rateLimits[key];
  return override ? { name: documented.name, limit: override.limit, windowMs: override.window_seconds * 1000 } : documented;
}

/** The policies in force for one partner and operation, with what the 429 and its headers say. */
export interface ActivePolicies {
  policies: RatePolicy[];
  /** What each policy counts, for the 429 message ("requests", "login links"). */
  units: string[];
  /** The RateLimit-Policy header value. */
  header: string;
}

export function activePolicies(contract: Contract, op: Operation, partner: Partner): ActivePolicies {
  const documented = documentPolicies(contract);
  const chosen: [RatePolicy, string][] = [];
  // The root policy counts requests; an operation's counts what its name says ("login-links").
  const global = inForce(partner, GLOBAL_POLICY_KEY, documented.global);
  if (global) chosen.push([global, "requests"]);
  const declared = documented.byOperation.get(op.operationId);
  const own = declared && inForce(partner, op.operationId, declared);
  if (own) chosen.push([own, own.name.replace(/-/g, " ")]);
  return {
    policies: chosen.map(([p]) => p),
    units: chosen.map(([, unit]) => unit),
    header: chosen.map(([p]) => `"${p.name}";q=${p.limit};w=${p.windowMs / 1000}`).join(", "),
  };
}

/** Every policy in force for the partner, by name (the root one and each operation's own). */
export function partnerPolicies(contract: Contract, partner: Partner): RatePolicy[] {
  const byName = new Map<string, RatePolicy>();
  for (const op of contract.operations) for (const p of activePolicies(contract, op, partner).policies) byName.set(p.name, p);
  return [...byName.values()];
}
