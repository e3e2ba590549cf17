// The faults the suite must catch, one documented rule broken at a time, each naming the
// operation whose checks must fail. Bodies are rewritten the way a drifting server would.
import { randomUUID } from "node:crypto";
import type { Fault, ProxiedExchange } from "./faulty-proxy.ts";

const json = (e: ProxiedExchange) => JSON.parse(e.body) as Record<string, unknown>;
const setJson = (e: ProxiedExchange, status: number, body: unknown) => {
  e.status = status;
  e.headers["content-type"] = "application/json";
  e.body = JSON.stringify(body);
};
const on = (operationId: string, status: number, e: ProxiedExchange) => e.operationId === operationId && e.status === status;

/** Fresh faults (with their own state); the primary key lets one fault impersonate it. */
export function buildFaults(primaryKey: string): Fault[] {
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
  ];
}
