// GET /_sandbox/requests (listSandboxRequests) and GET /_sandbox/overview (getSandboxOverview):
// a partner's journal and state, for the partner itself and the sandbox page. Both act on the
// calling partner only, pass the API's 401/403 layers first, spend no rate-limit budget and are
// not journaled themselves (openapi/sandbox/openapi.yaml).
import type { FastifyInstance } from "fastify";
import type { components } from "../../generated/sandbox-schema.d.ts";
import type { Partner } from "./config.ts";
import type { Contract } from "./contract.ts";
import { activePolicies } from "./rate-limit.ts";
import type { JournalEntry } from "./storage/types/index.ts";
import type { ControlCaller } from "./control-auth.ts";
import { checkControlRequest } from "./control-validation.ts";
import { controlRoute, type Route } from "./controls.ts";
import type { SandboxParts } from "./server.ts";
import { publicOrg } from "./operations.ts";
import type { Journal } from "./journal.ts";

type Schemas = components["schemas"];

/** The calling partner: these routes take a partner key only, after the API's 401 and 403. */
const partnerOf = (caller: ControlCaller | undefined): Partner => (caller as { partner: Partner }).partner;

const OVERVIEW_ORGS = 100;
const iso = (ms: number): string => new Date(ms).toISOString();

function entryJson(e: JournalEntry): Schemas["JournalEntry"] {
  return {
    seq: e.seq!,
    at: iso(e.at_ms),
    request_id: e.request_id,
    method: e.method,
    path: e.path,
    operation_id: e.operation_id,
    status: e.status,
    duration_ms: e.duration_ms,
    client_ip: e.client_ip,
    refused_by: e.refused_by as Schemas["RefusingLayer"],
    message: e.message,
  };
}

/** Every policy in force for the partner, by name (the root one and each operation's own). */
function policiesOf(contract: Contract, partner: Partner): { name: string; limit: number; windowMs: number }[] {
  const byName = new Map<string, { name: string; limit: number; windowMs: number }>();
  for (const op of contract.operations) for (const p of activePolicies(contract, op, partner).policies) byName.set(p.name, p);
  return [...byName.values()];
}

export function registerJournalRoutes(app: FastifyInstance, parts: SandboxParts & { journal: Pick<Journal, "flush"> }, routes: Route[]): void {
  const { storage, contract } = parts;

  controlRoute(app, parts, routes, "listSandboxRequests", "partner", async (request, _reply, caller): Promise<Schemas["JournalPage"]> => {
    const partner = partnerOf(caller);
    const query = checkControlRequest("listSandboxRequests", request).params;
    const limit = Number(query.limit);
    await parts.journal.flush(); // this instance's entries so far are written: a partner reads its own requests
    // One more than asked says whether an older page exists.
    const found = await storage.readJournal(partner.id, {
      limit: limit + 1,
      before: query.before as number | undefined,
      status: query.status as number | undefined,
      operation_id: query.operation_id as string | undefined,
    });
    const data = found.slice(0, limit).map(entryJson);
    return { data, next_before: found.length > limit ? data[data.length - 1]!.seq : null };
  });

  controlRoute(app, parts, routes, "getSandboxOverview", "partner", async (request, _reply, caller): Promise<Schemas["SandboxOverview"]> => {
    const partner = partnerOf(caller);
    checkControlRequest("getSandboxOverview", request);
    const now = await storage.partnerNow(partner.id, parts.wallMs());
    const [offsetMs, count, windows, links, usage] = await Promise.all([
      storage.clockOffsetMs(partner.id),
      storage.listOrgs(partner.id, 1, 0),
      storage.rateWindows(partner.id),
      storage.openLoginLinks(partner.id, now),
      storage.usage(partner.id, now),
    ]);
    const newest = await storage.listOrgs(partner.id, OVERVIEW_ORGS, Math.max(0, count.total - OVERVIEW_ORGS));
    const rateLimits = policiesOf(contract, partner).map((policy): Schemas["RatePolicyUse"] => {
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
      orgs: { data: newest.data.map(publicOrg).reverse(), total: newest.total },
      open_login_links: links
        .sort((a, b) => a.expires_at_ms - b.expires_at_ms)
        .map((l) => ({ org_id: l.org_id, email: l.email, name: l.name, expires_at: iso(l.expires_at_ms) })),
      rate_limits: rateLimits,
      usage,
      quotas: partner.quotas,
    };
  });
}
