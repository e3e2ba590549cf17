// The five operations, keyed by operationId. Each runs after auth, IP and validation have passed
// (unit-of-work.ts), as one unit of work of the storage engine: the request's admission (429),
// the ownership check (403 for foreign and unknown org ids alike), then the state change, which
// the engine answers once it is durable.
// Results are JSON text, lists joined from each org's cached JSON (public-org.ts). Every answer
// holds exactly the document's fields: what the API keeps but never answers (the org's language,
// the key's name) is stored, and shown only in the sandbox's own overview.
import { randomUUID } from "node:crypto";
import type { components } from "../../../../generated/schema.d.ts";
import { orgApiKey, randomHex, sha256, widgetToken } from "../common/secrets.ts";
import type { Partner } from "../config/config.ts";
import type { Contract, JsonObject } from "../contract/contract.ts";
import { ApiError } from "../http/api-error.ts";
import { andThen, type MaybePromise } from "../storage/maybe.ts";
import type { SandboxStorage, StoredApiKey, StoredLoginLink, StoredOrg, Ticket, Unit } from "../storage/types/index.ts";
import { checkIntegrations } from "./integrations.ts";
import { orgJson, PageJson } from "./public-org.ts";
import { quotaError } from "./quota-error.ts";

type Schemas = components["schemas"];

/** What an operation runs with: the checked request and its unit of work's ticket. */
export interface OperationContext {
  partner: Partner;
  params: Record<string, unknown>;
  body: JsonObject | undefined;
  /** What the operation's own `check` returned. */
  checked: unknown;
  /** The request's admission, for the storage's unit of work. */
  ticket: Ticket;
  /** The unit's result once admitted; a refused unit throws the 429. */
  admitted<T>(unit: Unit<T>): T;
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

export interface OperationHandler {
  /** Checks beyond the schema (400s), made before the unit of work; the result goes to `run` as ctx.checked. */
  check?(body: JsonObject | undefined): unknown;
  /** The unit of work and the answer; synchronous when the engine is. */
  run(ctx: OperationContext): MaybePromise<OperationResult>;
}

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
  let json = "";
  for (const name in members) json += `${json ? "," : "{"}${JSON.stringify(name)}:${members[name as keyof T & string]}`;
  return `${json || "{"}}`;
}

export function operationHandlers(deps: OperationDeps): Record<string, OperationHandler> {
  const { contract, storage } = deps;
  const units = storage.requests;
  const pages = new PageJson();
  const notOwned = (): ApiError => new ApiError(403, "Org does not belong to this partner");

  return {
    createOrg: {
      check: (body) => checkIntegrations((body as JsonObject).integrations as JsonObject | undefined, contract.invalidCredentials),
      run(ctx) {
        const req = ctx.body as unknown as Schemas["CreateOrgRequest"];
        const draft = (nowMs: number): StoredOrg => ({
          id: storage.newOrgId(nowMs),
          name: req.name,
          widget_token: widgetToken(),
          external_id: req.external_id ?? null,
          created_at: iso(nowMs),
          partner_id: ctx.partner.id,
          website: req.website,
          language: req.language, // the document's default is filled in by validation
          ai_instructions: req.ai_instructions,
          integrations: ctx.checked as Record<string, string[]> | undefined,
        });
        return andThen(units.createOrg(ctx.ticket, draft, ctx.partner.quotas), (unit) => {
          const result = ctx.admitted(unit);
          if ("conflict" in result) throw new ApiError(409, `Org with external_id "${String(req.external_id)}" already exists`);
          if ("quota" in result) throw quotaError(result.quota, ctx.partner.quotas[result.quota]);
          const org = result.created;
          const created: Schemas["CreatedOrg"] = { id: org.id, name: org.name, widget_token: org.widget_token, external_id: org.external_id };
          return answer(201, created);
        });
      },
    },

    listOrgs: {
      run: (ctx) =>
        andThen(units.listOrgs(ctx.ticket, Number(ctx.params.limit), Number(ctx.params.offset)), (unit) => {
          const page = ctx.admitted(unit);
          // Byte for byte what JSON.stringify of the OrgList gives, from the cached pieces.
          const json = jsonObject<Schemas["OrgList"]>({ data: pages.json(ctx.partner.id, Number(ctx.params.offset), page.data), total: String(page.total) });
          return { status: 200, json };
        }),
    },

    getOrgByExternalId: {
      run(ctx) {
        const externalId = String(ctx.params.externalId);
        return andThen(units.orgByExternalId(ctx.ticket, externalId), (unit) => {
          const org = ctx.admitted(unit);
          if (!org) throw new ApiError(404, `Org with external_id "${externalId}" not found`);
          return { status: 200, json: orgJson(org) };
        });
      },
    },

    createOrgApiKey: {
      run(ctx) {
        const orgId = String(ctx.params.orgId);
        // Validation filled in the document's default name, also when the body was omitted.
        const name = String((ctx.body as Schemas["CreateOrgApiKeyRequest"]).name);
        let apiKey = "";
        let drafted: StoredApiKey | undefined;
        const draft = (nowMs: number): StoredApiKey => {
          const id = randomUUID();
          apiKey = orgApiKey(orgId, id, nowMs);
          return (drafted = { id, org_id: orgId, partner_id: ctx.partner.id, name, key_sha256: sha256(apiKey), created_at: iso(nowMs) });
        };
        return andThen(units.addApiKey(ctx.ticket, orgId, draft, ctx.partner.quotas), (unit) => {
          const added = ctx.admitted(unit);
          if ("notOwned" in added) throw notOwned();
          if ("quota" in added) throw quotaError(added.quota, ctx.partner.quotas[added.quota]);
          const body: Schemas["OrgApiKey"] = { api_key_id: drafted!.id, api_key: apiKey };
          return answer(201, body);
        });
      },
    },

    createLoginLink: {
      run(ctx) {
        const orgId = String(ctx.params.orgId);
        const req = ctx.body as unknown as Schemas["CreateLoginLinkRequest"];
        const token = randomHex(contract.loginLink.tokenBytes);
        const tokenSha256 = sha256(token);
        let expiresMs = 0;
        const draft = (nowMs: number): StoredLoginLink => {
          expiresMs = nowMs + contract.loginLink.ttlSeconds * 1000;
          return {
            token_sha256: tokenSha256,
            org_id: orgId,
            partner_id: ctx.partner.id,
            email: req.email,
            name: req.name ?? req.email.split("@")[0] ?? req.email,
            role_ids: req.role_ids ?? [],
            expires_at_ms: expiresMs,
          };
        };
        return andThen(units.addLoginLink(ctx.ticket, orgId, draft, ctx.partner.quotas), (unit) => {
          const added = ctx.admitted(unit);
          if ("notOwned" in added) throw notOwned();
          if ("quota" in added) throw quotaError(added.quota, ctx.partner.quotas[added.quota]);
          const url = new URL("/partner-login", deps.publicUrl());
          url.searchParams.set("token", token);
          const body: Schemas["LoginLink"] = { url: url.toString(), expires_at: iso(expiresMs) };
          return answer(201, body);
        });
      },
    },
  };
}
