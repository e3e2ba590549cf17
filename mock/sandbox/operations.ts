// The five operations, keyed by operationId. Each runs after auth, IP, rate limit and
// validation have passed; it does the ownership check (403 for foreign and unknown org ids
// alike), then the state change, synchronously (the server answers once the change is durable).
// Results are JSON text: orgs never change once created, so each org's public JSON is
// serialized once and lists are joined from those pieces instead of re-serialized per request.
import { randomUUID } from "node:crypto";
import type { components } from "../../generated/schema.d.ts";
import type { Partner } from "./config.ts";
import type { Contract, JsonObject } from "./contract.ts";
import { ApiError } from "./errors.ts";
import { checkIntegrations } from "./integrations.ts";
import { orgApiKey, randomHex, sha256, widgetToken } from "./secrets.ts";
import type { Store, StoredOrg } from "./store.ts";

type Schemas = components["schemas"];

export interface OperationContext {
  partner: Partner;
  params: Record<string, unknown>;
  body: JsonObject | undefined;
  nowMs: number;
}

export interface OperationDeps {
  contract: Contract;
  store: Store;
  publicUrl(): string;
}

export interface OperationResult {
  status: number;
  /** The response body, already serialized. */
  json: string;
}

export type OperationHandler = (ctx: OperationContext) => OperationResult;

// Requests under load share a millisecond: format each one once.
let isoMs = NaN;
let isoText = "";
function iso(ms: number): string {
  if (ms !== isoMs) {
    isoText = new Date(ms).toISOString();
    isoMs = ms;
  }
  return isoText;
}

const publicOrg = (org: StoredOrg): Schemas["Org"] => ({
  id: org.id,
  name: org.name,
  widget_token: org.widget_token,
  external_id: org.external_id,
  language: org.language,
  created_at: org.created_at,
});

// Keyed by the stored object, so a reset or restore (new objects) cannot serve stale text.
const orgJsonCache = new WeakMap<StoredOrg, string>();
function orgJson(org: StoredOrg): string {
  let json = orgJsonCache.get(org);
  if (json === undefined) {
    json = JSON.stringify(publicOrg(org));
    orgJsonCache.set(org, json);
  }
  return json;
}

const answer = (status: number, body: unknown): OperationResult => ({ status, json: JSON.stringify(body) });

/** A JSON object from members that are already JSON text; `T` (a generated schema type) names every member. */
function jsonObject<T>(members: Record<keyof T & string, string>): string {
  return `{${Object.entries<string>(members).map(([name, json]) => `${JSON.stringify(name)}:${json}`).join(",")}}`;
}

export function operationHandlers(deps: OperationDeps): Record<string, OperationHandler> {
  const { contract, store } = deps;

  const ownedOrg = (ctx: OperationContext): StoredOrg => {
    const org = store.ownedOrg(ctx.partner.id, String(ctx.params.orgId));
    if (!org) throw new ApiError(403, "Org does not belong to this partner");
    return org;
  };

  return {
    createOrg(ctx) {
      const req = ctx.body as unknown as Schemas["CreateOrgRequest"];
      const integrations = checkIntegrations(req.integrations as JsonObject | undefined, contract.invalidCredentials);
      const org: StoredOrg = {
        id: store.newOrgId(ctx.nowMs),
        name: req.name,
        widget_token: widgetToken(),
        external_id: req.external_id ?? null,
        created_at: iso(ctx.nowMs),
        partner_id: ctx.partner.id,
        website: req.website,
        language: req.language, // the document's default is filled in by validation
        ai_instructions: req.ai_instructions,
        integrations,
      };
      const result = store.createOrg(org);
      if ("conflict" in result) throw new ApiError(409, `Org with external_id "${String(req.external_id)}" already exists`);
      const created: Schemas["CreatedOrg"] = { id: org.id, name: org.name, widget_token: org.widget_token, external_id: org.external_id, language: String(org.language) };
      return answer(201, created);
    },

    listOrgs(ctx) {
      const page = store.listOrgs(ctx.partner.id, Number(ctx.params.limit), Number(ctx.params.offset));
      // Byte for byte what JSON.stringify of the OrgList gives, from the cached pieces.
      const json = jsonObject<Schemas["OrgList"]>({ data: `[${page.data.map(orgJson).join(",")}]`, total: String(page.total) });
      return { status: 200, json };
    },

    getOrgByExternalId(ctx) {
      const externalId = String(ctx.params.externalId);
      const org = store.orgByExternalId(ctx.partner.id, externalId);
      if (!org) throw new ApiError(404, `Org with external_id "${externalId}" not found`);
      return { status: 200, json: orgJson(org) };
    },

    createOrgApiKey(ctx) {
      const org = ownedOrg(ctx);
      // Validation filled in the document's default name, also when the body was omitted.
      const req = ctx.body as Schemas["CreateOrgApiKeyRequest"];
      const id = randomUUID();
      const apiKey = orgApiKey(org.id, id, ctx.nowMs);
      store.addApiKey({ id, org_id: org.id, name: String(req.name), key_sha256: sha256(apiKey), created_at: iso(ctx.nowMs) });
      const body: Schemas["OrgApiKey"] = { api_key_id: id, name: String(req.name), api_key: apiKey };
      return answer(201, body);
    },

    createLoginLink(ctx) {
      const org = ownedOrg(ctx);
      const req = ctx.body as unknown as Schemas["CreateLoginLinkRequest"];
      const token = randomHex(contract.loginLink.tokenBytes);
      const expiresMs = ctx.nowMs + contract.loginLink.ttlSeconds * 1000;
      store.addLoginLink(
        {
          token_sha256: sha256(token),
          org_id: org.id,
          email: req.email,
          name: req.name ?? req.email.split("@")[0] ?? req.email,
          role_ids: req.role_ids ?? [],
          expires_at_ms: expiresMs,
        },
        ctx.nowMs,
      );
      const url = new URL("/partner-login", deps.publicUrl());
      url.searchParams.set("token", token);
      const body: Schemas["LoginLink"] = { url: url.toString(), expires_at: iso(expiresMs) };
      return answer(201, body);
    },
  };
}
