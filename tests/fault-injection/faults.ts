// The faults the suite must catch, one documented rule broken at a time, each naming the
// operation whose checks must fail. Bodies are rewritten the way a drifting server would; the
// newer faults emulate whole server designs (a left-most X-Forwarded-For reader, a check-then-act
// race, validation before auth, a reset that forgets a cache) from what the proxy sees.
import { randomUUID } from "node:crypto";
import type { KeyName } from "../contract/lib/env.ts";
import { operation } from "../contract/lib/document.ts";
import { referenceView } from "../contract/lib/reference-fields.ts";
import { validatorAt } from "../contract/lib/response-validator.ts";
import { json, on, setJson, type Fault, type ProxiedExchange, type ProxiedRequest } from "./faulty-proxy.ts";

/** The body of a request is not a valid request body of its operation (malformed or off-schema). */
function invalidBody(r: ProxiedRequest): boolean {
  const body = r.operationId ? operation(r.operationId).requestBody : undefined;
  if (!body || r.requestBody === "") return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.requestBody);
  } catch {
    return true;
  }
  return !validatorAt(body.pointer)(parsed);
}

/**
 * What a server that ignores a body property's documented default stores: `value` instead, when
 * the request leaves the property out (or has no body at all). Any other body is forwarded as it
 * came (malformed JSON, a JSON value that is not an object).
 */
function withDefaultIgnored(r: ProxiedRequest, property: string, value: string): void {
  let body: unknown = {};
  if (r.requestBody !== "") {
    try {
      body = JSON.parse(r.requestBody);
    } catch {
      return;
    }
  }
  if (typeof body !== "object" || body === null || Array.isArray(body) || property in body) return;
  r.requestBody = JSON.stringify({ ...body, [property]: value });
  r.requestHeaders["content-type"] ??= "application/json";
}

const errorAnswer = (e: ProxiedExchange, status: number, message: string, error: string) => setJson(e, status, { statusCode: status, message, error });
const tokenOf = (url: string) => new URL(url, "http://x").searchParams.get("token") ?? "";
const isVisit = (e: { method: string; url: string }) => e.method === "GET" && e.url.startsWith("/partner-login");
const authOf = (r: ProxiedRequest) => `${r.requestHeaders.authorization ?? ""}|${r.requestHeaders["x-forwarded-for"] ?? ""}`;
const query = (url: string) => new URL(url, "http://x").searchParams;
const requestJson = (r: ProxiedRequest): Record<string, unknown> => {
  try {
    const v = JSON.parse(r.requestBody) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/**
 * Requests that overlap in time, grouped by a key: a check-then-act server lets every member of
 * a group that raced pass the check. Entering holds a request for the server's window between
 * check and act — until no other member has arrived for QUIET_MS (at most MAX_HOLD_MS) — so
 * simultaneous requests overlap however fast the real server is, and a lone one waits little.
 * The response hook waits until the group has drained, then learns whether one member won.
 */
class RaceGroups {
  static readonly QUIET_MS = 40;
  static readonly MAX_HOLD_MS = 250;
  private readonly groups = new Map<
    string,
    { pending: number; raced: boolean; winner?: ProxiedExchange; drained: Promise<void>; drain(): void; opened: number; timer?: NodeJS.Timeout; released: Promise<void>; release(): void }
  >();

  async enter(key: string): Promise<void> {
    let g = this.groups.get(key);
    if (!g || g.pending === 0) {
      let drain = () => {};
      let release = () => {};
      const drained = new Promise<void>((r) => (drain = r));
      const released = new Promise<void>((r) => (release = r));
      g = { pending: 0, raced: false, drained, drain, released, release, opened: Date.now() };
      this.groups.set(key, g);
    } else g.raced = true;
    g.pending++;
    clearTimeout(g.timer);
    const group = g;
    g.timer = setTimeout(() => group.release(), Math.max(0, Math.min(RaceGroups.QUIET_MS, group.opened + RaceGroups.MAX_HOLD_MS - Date.now())));
    await g.released;
  }

  /** Leaves the group; resolves to the winner's answer when the group raced and one won. */
  async leave(key: string, e: ProxiedExchange, won: boolean): Promise<ProxiedExchange | undefined> {
    const g = this.groups.get(key)!;
    if (won) g.winner = { ...e, headers: { ...e.headers } };
    if (--g.pending === 0) g.drain();
    await g.drained;
    return g.raced ? g.winner : undefined;
  }
}

/**
 * Not a fault: a server that answers exactly what the reference documents, no more — every
 * success answer of the five operations cut down to the reference's fields (written from the
 * reference in tests/contract/lib/reference-fields.ts). The suite must pass through it: a check
 * that fails here asks more of the API than the reference promises.
 */
export const REFERENCE_VIEW: Fault = {
  name: "the reference view (every success answer cut to the reference's fields)",
  operationId: "(none)",
  response: (e) => {
    if (!e.operationId || e.status < 200 || e.status > 299 || e.body === "") return;
    setJson(e, e.status, referenceView(e.operationId, json(e)));
  },
};

/** Fresh faults (with their own state), given the run's keys (one fault impersonates the primary). */
export function buildFaults(keys: Record<KeyName, string>): Fault[] {
  const primaryKey = keys.primary;
  const visitRaces = new RaceGroups();
  const createRaces = new RaceGroups();
  /** Per caller and operation: the last 429 and the caller's clock (seconds) until which it holds. */
  const spent = new Map<string, { answer: ProxiedExchange; until: number }>();
  const clocks = new Map<string, number>();
  const clockOf = (auth: string) => clocks.get(auth.split("|")[0]!) ?? 0;
  const orgIndex = new Map<string, string>();
  const minted = new Set<string>();
  const forgotten = new Set<string>();
  let page: ProxiedExchange | undefined;
  const createdExternalIds = new Set<string>();
  /** Org ids each caller created, and every external_id anyone created, as the proxy saw them. */
  const ownOrgs = new Map<string, Set<string>>();
  const anyExternalIds = new Set<string>();
  const orgIdOf = (url: string) => /\/orgs\/([^/?]+)\//.exec(url)?.[1];
  /** The page of the first visit of each token, replayed for later visits. */
  const firstVisits = new Map<string, ProxiedExchange>();
  return [
    {
      name: "wrong status (200 instead of 201)",
      operationId: "createOrg",
      response: (e) => {
        if (on("createOrg", 201, e)) e.status = 200;
      },
    },
    {
      name: "missing required field (total)",
      operationId: "listOrgs",
      response: (e) => {
        if (!on("listOrgs", 200, e)) return;
        const { total: _, ...rest } = json(e);
        setJson(e, 200, rest);
      },
    },
    {
      name: "mistyped field (created_at as a number)",
      operationId: "getOrgByExternalId",
      response: (e) => {
        if (!on("getOrgByExternalId", 200, e)) return;
        const org = json(e);
        setJson(e, 200, { ...org, created_at: Date.parse(String(org.created_at)) });
      },
    },
    {
      name: "no 409 on a duplicate external_id",
      operationId: "createOrg",
      response: (e) => {
        if (!on("createOrg", 409, e)) return;
        const req = JSON.parse(e.requestBody) as { name: string; external_id?: string };
        setJson(e, 201, { id: randomUUID(), name: req.name, widget_token: "w".repeat(32), external_id: req.external_id ?? null });
      },
    },
    {
      name: "ownership not enforced",
      operationId: "createOrgApiKey",
      response: (e) => {
        if (on("createOrgApiKey", 403, e)) setJson(e, 201, { api_key_id: randomUUID(), api_key: "aaa.bbb.ccc" });
      },
    },
    {
      name: "auth not enforced (any key works)",
      operationId: "listOrgs",
      request: (r) => {
        // The server ignores the caller's key: every listOrgs call runs as one partner.
        if (r.operationId === "listOrgs") r.requestHeaders.authorization = `Bearer ${primaryKey}`;
      },
    },
    {
      name: "a login link works twice",
      operationId: "createLoginLink",
      response: (e) => {
        if (e.method !== "GET" || !e.url.startsWith("/partner-login")) return;
        const first = firstVisits.get(e.url);
        if (e.status === 200) firstVisits.set(e.url, { ...e });
        else if (first) Object.assign(e, { status: first.status, headers: first.headers, body: first.body });
      },
    },
    {
      name: "a short login-link token (128 bits)",
      operationId: "createLoginLink",
      response: (e) => {
        if (!on("createLoginLink", 201, e)) return;
        const link = json(e);
        setJson(e, 201, { ...link, url: String(link.url).replace(/token=([0-9a-f]{32})[0-9a-f]{32}/, "token=$1") });
      },
    },
    {
      name: "a non-JSON error body",
      operationId: "createOrg",
      response: (e) => {
        if (!on("createOrg", 400, e)) return;
        e.headers["content-type"] = "text/plain";
        e.body = "Bad Request";
      },
    },
    {
      name: "no rate limit on login links",
      operationId: "createLoginLink",
      response: (e) => {
        if (!on("createLoginLink", 429, e)) return;
        setJson(e, 201, { url: `http://127.0.0.1/partner-login?token=${"ab".repeat(32)}`, expires_at: new Date(Date.now() + 900_000).toISOString() });
        for (const h of ["retry-after", "ratelimit", "ratelimit-policy"]) delete e.headers[h];
      },
    },
    {
      name: "429 without Retry-After",
      operationId: "createLoginLink",
      response: (e) => {
        if (on("createLoginLink", 429, e)) delete e.headers["retry-after"];
      },
    },
      {
      name: "the client IP from the left-most X-Forwarded-For entry (spoofable)",
      operationId: "listOrgs",
      request: (r) => {
        const xff = r.requestHeaders["x-forwarded-for"];
        if (xff) r.requestHeaders["x-forwarded-for"] = xff.split(",")[0]!.trim();
      },
    },
    {
      name: "a login link used by every one of several simultaneous visits (check-then-act race)",
      operationId: "createLoginLink",
      request: async (r) => {
        if (isVisit(r)) await visitRaces.enter(tokenOf(r.url));
      },
      response: async (e) => {
        if (!isVisit(e)) return;
        const winner = await visitRaces.leave(tokenOf(e.url), e, e.status === 200);
        if (winner && e.status === 410) Object.assign(e, { status: winner.status, headers: winner.headers, body: winner.body });
      },
    },
    {
      name: "simultaneous creates with one external_id all succeed (check-then-act race)",
      operationId: "createOrg",
      request: async (r) => {
        const id = r.operationId === "createOrg" ? requestJson(r).external_id : undefined;
        if (typeof id === "string") await createRaces.enter((r.note.race = `${authOf(r)}|${id}`) as string);
      },
      response: async (e) => {
        if (typeof e.note.race !== "string") return;
        const winner = await createRaces.leave(e.note.race, e, e.status === 201);
        if (winner && e.status === 409) setJson(e, 201, { ...json(winner), id: randomUUID() });
      },
    },
    {
      name: "listOrgs ignores the documented default page size (20 when limit is absent)",
      operationId: "listOrgs",
      request: (r) => {
        if (r.operationId !== "listOrgs" || query(r.url).has("limit")) return;
        r.url += r.url.includes("?") ? "&limit=20" : "?limit=20";
      },
    },
    {
      // The API never answers the language: a server that ignores its default stores another one,
      // which only the sandbox's overview shows.
      name: "createOrg ignores the documented default language (de when absent)",
      operationId: "createOrg",
      request: (r) => {
        if (r.operationId === "createOrg") withDefaultIgnored(r, "language", "de");
      },
    },
    {
      name: "createOrgApiKey ignores the documented default key name",
      operationId: "createOrgApiKey",
      request: (r) => {
        if (r.operationId === "createOrgApiKey") withDefaultIgnored(r, "name", "key");
      },
    },
    {
      name: "createOrg answers a property the document does not declare (language)",
      operationId: "createOrg",
      response: (e) => {
        if (on("createOrg", 201, e)) setJson(e, 201, { ...json(e), language: "en" });
      },
    },
    {
      name: "validation before auth (400 before 401)",
      operationId: "createOrg",
      response: (e) => {
        if (e.status === 401 && invalidBody(e)) errorAnswer(e, 400, "Validation failed", "Bad Request");
      },
    },
    {
      name: "validation before the IP allow list (400 before 403)",
      operationId: "createLoginLink",
      response: (e) => {
        if (e.status === 403 && e.requestHeaders.authorization === `Bearer ${keys.blocked}` && invalidBody(e)) errorAnswer(e, 400, "Validation failed", "Bad Request");
      },
    },
    {
      name: "uniqueness before validation (409 before 400)",
      operationId: "createOrg",
      response: (e) => {
        if (e.operationId !== "createOrg") return;
        const id = requestJson(e).external_id;
        const key = `${authOf(e)}|${String(id)}`;
        if (e.status === 201 && typeof id === "string") createdExternalIds.add(key);
        else if (e.status === 400 && createdExternalIds.has(key)) errorAnswer(e, 409, `Org with external_id "${String(id)}" already exists`, "Conflict");
      },
    },
    {
      name: "a reset that keeps the rate-limit counters",
      operationId: "listOrgs",
      response: (e) => {
        const auth = authOf(e);
        if (e.url.startsWith("/_sandbox/clock") && e.status === 200) {
          const k = auth.split("|")[0]!;
          clocks.set(k, (clocks.get(k) ?? 0) + Number(requestJson(e).advance_seconds ?? 0));
        }
        if (!e.operationId) return;
        const key = `${auth}|${e.operationId}`;
        if (e.status === 429) spent.set(key, { answer: { ...e, headers: { ...e.headers } }, until: clockOf(auth) + Number(e.headers["retry-after"] ?? 0) });
        const held = spent.get(key);
        // The stale counter refuses what the (reset) server itself would let through.
        if (held && e.status < 300 && clockOf(auth) < held.until) Object.assign(e, { status: 429, headers: held.answer.headers, body: held.answer.body });
      },
    },
    {
      name: "a reset that keeps the external_id index (a stale lookup cache)",
      operationId: "getOrgByExternalId",
      response: (e) => {
        const auth = authOf(e);
        if (on("createOrg", 201, e)) {
          const org = json(e);
          orgIndex.set(`${auth}|${String(org.external_id)}`, JSON.stringify({ ...org, created_at: new Date().toISOString() }));
        }
        if (!on("getOrgByExternalId", 404, e)) return;
        const externalId = decodeURIComponent(e.url.split("?")[0]!.split("/").pop()!);
        const cached = orgIndex.get(`${auth}|${externalId}`);
        if (cached) setJson(e, 200, JSON.parse(cached));
      },
    },
    {
      name: "a reset that keeps login links",
      operationId: "createLoginLink",
      response: (e) => {
        if (on("createLoginLink", 201, e)) minted.add(tokenOf(String(json(e).url)));
        if (e.url.startsWith("/_sandbox/reset") && e.status === 200) for (const t of minted) forgotten.add(t);
        if (!isVisit(e)) return;
        const token = tokenOf(e.url);
        if (e.status === 200) page = { ...e, headers: { ...e.headers } };
        minted.delete(token);
        if (e.status === 410 && forgotten.delete(token) && page) Object.assign(e, { status: 200, headers: page.headers, body: page.body });
      },
    },
      {
      name: "listOrgs ignores the documented default offset (1 when absent)",
      operationId: "listOrgs",
      request: (r) => {
        if (r.operationId !== "listOrgs" || query(r.url).has("offset")) return;
        r.url += r.url.includes("?") ? "&offset=1" : "?offset=1";
      },
    },
    {
      name: "ownership before validation (403 before 400)",
      operationId: "createOrgApiKey",
      response: (e) => {
        const auth = authOf(e).split("|")[0]!;
        if (on("createOrg", 201, e)) ownOrgs.set(auth, (ownOrgs.get(auth) ?? new Set()).add(String(json(e).id)));
        const orgId = orgIdOf(e.url);
        if (e.status === 400 && orgId && e.operationId !== "createOrg" && !ownOrgs.get(auth)?.has(orgId)) errorAnswer(e, 403, "Org does not belong to this partner", "Forbidden");
      },
    },
    {
      name: "existence before auth (an unknown external_id answers 404 without a key)",
      operationId: "getOrgByExternalId",
      response: (e) => {
        if (on("createOrg", 201, e)) anyExternalIds.add(String(json(e).external_id));
        if (!on("getOrgByExternalId", 401, e)) return;
        const externalId = decodeURIComponent(e.url.split("?")[0]!.split("/").pop()!);
        if (!anyExternalIds.has(externalId)) errorAnswer(e, 404, `Org with external_id "${externalId}" not found`, "Not Found");
      },
    },
    {
      name: "validation before the rate limit (400 before 429)",
      operationId: "createOrg",
      response: (e) => {
        if (e.status === 429 && invalidBody(e)) {
          for (const h of ["retry-after", "ratelimit", "ratelimit-policy"]) delete e.headers[h];
          errorAnswer(e, 400, "Validation failed", "Bad Request");
        }
      },
    },
    {
      name: "a reset that forgets nothing",
      operationId: "listOrgs",
      request: (r) => {
        // Forwarded as a harmless clock read instead; the answer is then made to look like a reset.
        if (r.method === "POST" && r.url.startsWith("/_sandbox/reset")) {
          r.url = "/_sandbox/clock";
          r.requestHeaders["content-type"] = "application/json";
          r.requestBody = '{"advance_seconds":0}';
          r.note.reset = true;
        }
      },
      response: (e) => {
        if (e.note.reset && e.status === 200) setJson(e, 200, { reset: true });
      },
    },
    {
      name: "a reset that forgets every partner's data",
      operationId: "getOrgByExternalId",
      needsPerPartnerControls: true,
      request: async (r) => {
        // The server forgets the other partner too (what a global reset does).
        if (r.method === "POST" && r.url.startsWith("/_sandbox/reset") && r.requestHeaders.authorization === `Bearer ${keys.primary}`) r.note.alsoOther = true;
      },
      response: async (e) => {
        if (!e.note.alsoOther || !e.note.upstream) return;
        await fetch(`${String(e.note.upstream)}/_sandbox/reset`, { method: "POST", headers: { authorization: `Bearer ${keys.other}` } });
      },
    },
  ];
}
