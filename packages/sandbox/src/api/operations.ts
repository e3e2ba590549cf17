// The five operations, keyed by operationId. Each runs after auth, IP, rate limit and
// validation have passed; it does the ownership check (403 for foreign and unknown org ids
// alike), then the state change through the storage engine (which answers once it is durable).
// Answers carry exactly the properties the document declares: what the API stores but never
// answers (an org's language, a key's name) is kept for the sandbox's overview only.
// Results are JSON text: orgs never change once created, so each org's public JSON is
// serialized once and lists are joined from those pieces instead of re-serialized per request.
import { randomUUID } from "node:crypto";
import type { components } from "../../../../generated/schema.d.ts";
import type { Partner } from "../config/config.ts";
import type { Contract, JsonObject } from "../contract/contract.ts";
import { ApiError } from "../http/api-error.ts";
import { quotaError } from "./quota-error.ts";
import { checkIntegrations } from "./integrations.ts";
import { orgApiKey, randomHex, sha256, widgetToken } from "../common/secrets.ts";
import type { SandboxStorage, StoredOrg } from "../storage/types.ts";
import { orgJson } from "./public-org.ts";

type Schemas = components["schemas"];

export interface OperationContext {
  partner: Partner;
  params: Record<string, unknown>;
  body: JsonObject | undefined;
  /** The partner's sandbox time, from its admission. */
  nowMs: number;
}

export interface OperationDeps {
  contract: Contract;
  storage: SandboxStorage;
  publicUrl(): string;
}

export interface OperationResult {
  status: number;
  /** The response body, already serialized. */
  json: string;
}

export type OperationHandler = (ctx: OperationContext) => Promise<OperationResult>;

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

const answer = (status: number, body: unknown): OperationResult => ({ status, json: JSON.stringify(body) });

/** A JSON object from members that are already JSON text; `T` (a generated schema type) names every member. */
function jsonObject<T>(members: Record<keyof T & string, string>): string {
  return `{${Object.entries<string>(members).map(([name, json]) => `${JSON.stringify(name)}:${json}`).join(",")}}`;
}

export function operationHandlers(deps: OperationDeps): Record<string, OperationHandler> {
  const { contract, storage } = deps;

  const ownedOrg = async (ctx: OperationContext): Promise<StoredOrg> => {
    const org = await storage.ownedOrg(ctx.partner.id, String(ctx.params.orgId));
    if (!org) throw new ApiError(403, "Org does not belong to this partner");
    return org;
  };

  return {
    async createOrg(ctx) {
      const req = ctx.body as unknown as Schemas["CreateOrgRequest"];
      const integrations = checkIntegrations(req.integrations as JsonObject | undefined, contract.invalidCredentials);
      const org: StoredOrg = {
        id: storage.newOrgId(ctx.nowMs),
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
      const result = await storage.createOrg(org, ctx.partner.quotas);
      if ("conflict" in result) throw new ApiError(409, `Org with external_id "${String(req.external_id)}" already exists`);
      if ("quota" in result) throw quotaError(result.quota, ctx.partner.quotas[result.quota]);
      const created: Schemas["CreatedOrg"] = { id: org.id, name: org.name, widget_token: org.widget_token, external_id: org.external_id };
      return answer(201, created);
    },

    async listOrgs(ctx) {
      const page = await storage.listOrgs(ctx.partner.id, Number(ctx.params.limit), Number(ctx.params.offset));
      // Byte for byte what JSON.stringify of the OrgList gives, from the cached pieces.
      const json = jsonObject<Schemas["OrgList"]>({ data: `[${page.data.map(orgJson).join(",")}]`, total: String(page.total) });
      return { status: 200, json };
    },

    async getOrgByExternalId(ctx) {
      const externalId = String(ctx.params.externalId);
      const org = await storage.orgByExternalId(ctx.partner.id, externalId);
      if (!org) throw new ApiError(404, `Org with external_id "${externalId}" not found`);
      return { status: 200, json: orgJson(org) };
    },

    async createOrgApiKey(ctx) {
      const org = await ownedOrg(ctx);
      // Validation filled in the document's default name, also when the body was omitted.
      const req = ctx.body as Schemas["CreateOrgApiKeyRequest"];
      const id = randomUUID();
      const apiKey = orgApiKey(org.id, id, ctx.nowMs);
      const key = { id, org_id: org.id, partner_id: ctx.partner.id, name: String(req.name), key_sha256: sha256(apiKey), created_at: iso(ctx.nowMs) };
      const added = await storage.addApiKey(key, ctx.partner.quotas);
      if ("quota" in added) throw quotaError(added.quota, ctx.partner.quotas[added.quota]);
      const body: Schemas["OrgApiKey"] = { api_key_id: id, api_key: apiKey };
      return answer(201, body);
    },

    async createLoginLink(ctx) {
      const org = await ownedOrg(ctx);
      const req = ctx.body as unknown as Schemas["CreateLoginLinkRequest"];
      const token = randomHex(contract.loginLink.tokenBytes);
      const expiresMs = ctx.nowMs + contract.loginLink.ttlSeconds * 1000;
      const added = await storage.addLoginLink(
        {
          token_sha256: sha256(token),
          org_id: org.id,
          partner_id: ctx.partner.id,
          email: req.email,
          name: req.name ?? req.email.split("@")[0] ?? req.email,
          role_ids: req.role_ids ?? [],
          expires_at_ms: expiresMs,
        },
        ctx.partner.quotas,
        ctx.nowMs,
      );
      if ("quota" in added) throw quotaError(added.quota, ctx.partner.quotas[added.quota]);
      const url = new URL("/partner-login", deps.publicUrl());
      url.searchParams.set("token", token);
      const body: Schemas["LoginLink"] = { url: url.toString(), expires_at: iso(expiresMs) };
      return answer(201, body);
    },
  };
}
