// The document's decision order-of-checks, as ways to make one request fail at each
// layer: 401 (key) -> 403 (IP allow list) -> 429 (rate limit) -> 400 (validation) -> 403
// (ownership) -> 404 / 409. Each breach is derived from the document (which operations take a
// body, a query, an {orgId}, which declare 404 or 409); pairs that one request can fail at once
// are those whose breaches change different parts of the request and whose statuses differ.
import { randomBytes, randomUUID } from "node:crypto";
import type { TestContext } from "vitest";
import type { CallOptions } from "./client.ts";
import type { Operation } from "./document.ts";
import { createOrg } from "./fixtures.ts";
import { parameterCases } from "./negative-cases.ts";
import { needKey, needStateful } from "./requirements.ts";
import { KEY_VARIABLES, type KeyName } from "./env.ts";
import { target, uniqueExternalId } from "./target.ts";
import { ownedOrg } from "./valid-requests.ts";

export interface Breach {
  /** Position in the documented order (equal layers never pair). */
  layer: number;
  status: number;
  label: string;
  /** Parts of the request it changes (`body` covers `body.x`); overlapping breaches cannot pair. */
  touches: string[];
  applies(op: Operation): boolean;
  /** Skips, by name, what the environment cannot produce. */
  need(ctx: TestContext): Promise<void>;
  /** Why the environment cannot produce it (what need() would skip with), or undefined. */
  unmet(): string | undefined;
  apply(options: CallOptions, op: Operation): Promise<CallOptions>;
}

export const LAYER = { auth: 1, ip: 2, rate: 3, validation: 4, ownership: 5, existence: 6 } as const;

const hasOrgId = (op: Operation) => op.parameters.some((p) => p.in === "path" && p.name === "orgId");
const declares = (op: Operation, status: number) => String(status) in op.responses;
/** A path parameter other than orgId (a lookup key such as externalId). */
const lookupParam = (op: Operation) => op.parameters.find((p) => p.in === "path" && p.name !== "orgId");

let theirs: ReturnType<typeof createOrg> | undefined;
const otherPartnersOrg = () => (theirs ??= createOrg("other"));

type BreachSpec = Omit<Breach, "need" | "unmet"> & { requires: { stateful?: string; key?: KeyName } };

const SPECS: BreachSpec[] = [
  {
    layer: LAYER.auth, status: 401, label: "no Authorization header", touches: ["auth"],
    applies: () => true, requires: {},
    apply: async (o) => ({ ...o, auth: null }),
  },
  {
    layer: LAYER.auth, status: 401, label: "an unknown key", touches: ["auth"],
    applies: () => true, requires: { stateful: "which keys exist (it accepts any bearer token)" },
    apply: async (o) => ({ ...o, auth: { header: `Bearer contract-unknown-${randomBytes(16).toString("hex")}` } }),
  },
  {
    layer: LAYER.ip, status: 403, label: "a partner whose IP allow list excludes the caller", touches: ["auth"],
    applies: () => true,
    requires: { stateful: "IP allow lists", key: "blocked" },
    apply: async (o) => ({ ...o, auth: "blocked" }),
  },
  {
    layer: LAYER.validation, status: 400, label: "malformed JSON", touches: ["body"],
    applies: (op) => op.requestBody !== undefined, requires: { stateful: "the order of its checks" },
    apply: async (o) => {
      const { body: _, ...rest } = o;
      return { ...rest, rawBody: '{"name": "unterminated' };
    },
  },
  {
    layer: LAYER.validation, status: 400, label: "an unknown body field", touches: ["body.unexpected_field"],
    applies: (op) => op.requestBody !== undefined, requires: { stateful: "the order of its checks" },
    apply: async (o) => ({ ...o, body: { ...((o.body as object | undefined) ?? {}), unexpected_field: true } }),
  },
  {
    layer: LAYER.validation, status: 400, label: "an invalid query parameter", touches: ["query"],
    applies: (op) => parameterCases(op).some((c) => c.query), requires: { stateful: "the order of its checks" },
    apply: async (o, op) => ({ ...o, query: parameterCases(op).find((c) => c.query)!.query }),
  },
  {
    layer: LAYER.validation, status: 400, label: "an invalid path parameter", touches: ["path"],
    applies: (op) => parameterCases(op).some((c) => c.path), requires: { stateful: "the order of its checks" },
    apply: async (o, op) => ({ ...o, path: { ...o.path, ...parameterCases(op).find((c) => c.path)!.path } }),
  },
  {
    layer: LAYER.ownership, status: 403, label: "another partner's org", touches: ["path"],
    applies: (op) => hasOrgId(op) && declares(op, 403),
    requires: { stateful: "who owns an org", key: "other" },
    apply: async (o) => ({ ...o, path: { ...o.path, orgId: (await otherPartnersOrg()).id } }),
  },
  {
    layer: LAYER.ownership, status: 403, label: "an org id that does not exist", touches: ["path"],
    applies: (op) => hasOrgId(op) && declares(op, 403), requires: { stateful: "which orgs exist" },
    apply: async (o) => ({ ...o, path: { ...o.path, orgId: randomUUID() } }),
  },
  {
    layer: LAYER.existence, status: 404, label: "a lookup key no resource has", touches: ["path"],
    applies: (op) => declares(op, 404) && lookupParam(op) !== undefined, requires: { stateful: "which resources exist" },
    apply: async (o, op) => ({ ...o, path: { ...o.path, [lookupParam(op)!.name]: uniqueExternalId("never-created") } }),
  },
  {
    layer: LAYER.existence, status: 409, label: "a duplicate external_id", touches: ["body.external_id"],
    applies: (op) => declares(op, 409) && op.requestBody !== undefined && "external_id" in ((op.requestBody.schema.properties as object | undefined) ?? {}),
    requires: { stateful: "which external_ids exist" },
    apply: async (o) => ({ ...o, body: { ...((o.body as object | undefined) ?? {}), external_id: (await ownedOrg()).external_id } }),
  },
];

export const BREACHES: Breach[] = SPECS.map(({ requires, ...spec }) => ({
  ...spec,
  async need(ctx: TestContext) {
    if (requires.stateful) await needStateful(ctx, requires.stateful);
    if (requires.key) await needKey(ctx, requires.key);
  },
  unmet() {
    if (requires.stateful && !target.stateful) return `CONTRACT_STATEFUL=0: ${requires.stateful}`;
    if (requires.key && !target.keys[requires.key]) return `needs ${KEY_VARIABLES[requires.key].variable}`;
    return undefined;
  },
}));

const overlap = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/** Every pair of breaches one request of `op` can carry at once, the earlier layer first. */
export function pairsFor(op: Operation, breaches: Breach[] = BREACHES): [Breach, Breach][] {
  const applicable = breaches.filter((b) => b.applies(op));
  return applicable.flatMap((first) =>
    applicable
      .filter((second) => first.layer < second.layer && first.status !== second.status)
      .filter((second) => !first.touches.some((t) => second.touches.some((u) => overlap(t, u))))
      .map((second) => [first, second] as [Breach, Breach]),
  );
}

/** The request with both breaches applied (the later one first, so the earlier has the last word). */
export async function withBreaches(options: CallOptions, op: Operation, ...breaches: Breach[]): Promise<CallOptions> {
  let out = options;
  for (const breach of [...breaches].reverse()) out = await breach.apply(out, op);
  return out;
}
