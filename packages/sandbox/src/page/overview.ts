// GET /_sandbox/overview (getSandboxOverview): what the sandbox page shows of the calling partner —
// its newest orgs, open login links, rate-limit use, quotas and clock. A partner key only, after
// the API's 401/403 layers; spends no rate-limit budget (openapi/sandbox/openapi.yaml).
import type { FastifyInstance } from "fastify";
import type { components } from "../../../../generated/sandbox-schema.d.ts";
import { publicOrg } from "../api/public-org.ts";
import type { SandboxContext } from "../context.ts";
import { controlRoute, partnerOf } from "../controls/route.ts";
import { partnerPolicies } from "../ratelimit/policies.ts";
import type { StoredApiKey, StoredOrg } from "../storage/types/index.ts";
import { checkControlRequest } from "../validation/control-validators.ts";

type Schemas = components["schemas"];

const OVERVIEW_ORGS = 100;
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * An org as the sandbox stores it: the Partner API's answer plus what the API keeps but never
 * answers (its language, its keys' ids, names and times; never a key), so the defaults the
 * sandbox filled in can be seen here and nowhere in a Partner API answer.
 */
function sandboxOrgs(orgs: readonly StoredOrg[], keys: readonly StoredApiKey[]): Schemas["SandboxOrg"][] {
  const keysOf = new Map<string, Schemas["SandboxOrgApiKey"][]>();
  for (const k of keys) {
    const list = keysOf.get(k.org_id) ?? [];
    list.push({ api_key_id: k.id, name: k.name, created_at: k.created_at });
    keysOf.set(k.org_id, list);
  }
  return orgs.map((org) => ({ ...publicOrg(org), language: org.language ?? null, api_keys: keysOf.get(org.id) ?? [] }));
}

export function overviewRoute(app: FastifyInstance, ctx: SandboxContext): void {
  const { storage, contract } = ctx;
  controlRoute(app, ctx, "getSandboxOverview", "partner", async (request, _reply, caller): Promise<Schemas["SandboxOverview"]> => {
    const partner = partnerOf(caller);
    checkControlRequest("getSandboxOverview", request);
    const now = await storage.partnerNow(partner.id, ctx.wallMs());
    const [offsetMs, windows, links, usage] = await Promise.all([
      storage.clockOffsetMs(partner.id),
      storage.rateWindows(partner.id),
      storage.openLoginLinks(partner.id, now),
      storage.usage(partner.id, now),
    ]);
    const newest = await storage.listOrgs(partner.id, OVERVIEW_ORGS, Math.max(0, usage.orgs - OVERVIEW_ORGS));
    const keys = await storage.apiKeysOfOrgs(partner.id, newest.data.map((o) => o.id));
    const rateLimits = partnerPolicies(contract, partner).map((policy): Schemas["RatePolicyUse"] => {
      const window = windows.find((w) => w.name === policy.name);
      const open = window !== undefined && now - window.startedMs < policy.windowMs;
      return {
        policy: policy.name,
        limit: policy.limit,
        window_seconds: policy.windowMs / 1000,
        used: open ? window.used : 0,
        resets_at: open ? iso(window.startedMs + policy.windowMs) : null,
      };
    });
    return {
      partner: { id: partner.id, name: partner.name },
      now: iso(now),
      clock_offset_seconds: offsetMs / 1000,
      orgs: { data: sandboxOrgs(newest.data, keys).reverse(), total: newest.total },
      open_login_links: links
        .sort((a, b) => a.expires_at_ms - b.expires_at_ms)
        .map((l) => ({ org_id: l.org_id, email: l.email, name: l.name, expires_at: iso(l.expires_at_ms) })),
      rate_limits: rateLimits,
      usage,
      quotas: partner.quotas,
    };
  });
}
