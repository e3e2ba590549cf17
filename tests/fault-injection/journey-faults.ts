// Faults the partner journeys (openapi/arazzo/) exist to catch and the contract suite's own list
// (faults.ts) lacks: each rewrites answers of one operation the way a drifting server would.
// The journeys' proof (tests/journeys/faults.test.ts) uses these and some of faults.ts.
import { json, on, setJson, type Fault, type ProxiedExchange, type ProxiedRequest } from "./faulty-proxy.ts";

/** Rewrites the answer's JSON body, its status kept. */
const rewriteJson = (e: ProxiedExchange, edit: (body: Record<string, unknown>) => Record<string, unknown>) => setJson(e, e.status, edit(json(e)));

export function journeyFaults(): Fault[] {
  return [
    {
      name: "a created org without widget_token",
      operationId: "createOrg",
      response: (e) => {
        if (on("createOrg", 201, e)) rewriteJson(e, ({ widget_token: _, ...org }) => org);
      },
    },
    {
      name: "listOrgs total counts only the page",
      operationId: "listOrgs",
      response: (e) => {
        if (on("listOrgs", 200, e)) rewriteJson(e, (page) => ({ ...page, total: (page.data as unknown[]).length }));
      },
    },
    {
      name: "listOrgs ignores offset",
      operationId: "listOrgs",
      request: (r) => {
        if (r.operationId !== "listOrgs") return;
        const url = new URL(r.url, "http://x");
        url.searchParams.delete("offset");
        r.url = `${url.pathname}${url.search}`;
      },
    },
  ];
}

/** One server with every given fault: each hook runs in turn (for faults that touch different requests). */
export function composeFaults(faults: Fault[]): Fault {
  return {
    name: faults.map((f) => f.name).join(" + "),
    operationId: faults.map((f) => f.operationId).join(", "),
    request: async (r: ProxiedRequest) => {
      for (const f of faults) await f.request?.(r);
    },
    response: async (e: ProxiedExchange) => {
      for (const f of faults) await f.response?.(e);
    },
  };
}
