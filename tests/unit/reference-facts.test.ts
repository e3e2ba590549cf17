// The Partner API reference's facts and the document's stated decisions, one per row, each
// asserted against the bundle: if the document drifts from what the reference says, the row names
// the fact. (What each success answer holds is guarded field by field in reference-fields.test.ts.)
import { describe, expect, it } from "vitest";
import { deref, loadBundle, operation, type Json, type JsonObject } from "../helpers/document.ts";

const doc = loadBundle();
const schemas = (doc.components as JsonObject).schemas as JsonObject;
const schema = (name: string) => schemas[name] as JsonObject;
const prop = (name: string, property: string) => (schema(name).properties as JsonObject)[property] as JsonObject;
const param = (operationId: string, name: string) => operation(doc, operationId).parameters.find((p) => p.name === name)!;
const at = (node: Json, path: string[]) => path.reduce<Json>((n, k) => deref(doc, n)[k] as Json, node);

type Fact = [fact: string, actual: () => unknown, expected: unknown];

const facts: Fact[] = [
  // Servers and auth
  ["production base URL is https://api.open.cx", () => (doc.servers as JsonObject[])[0]!.url, "https://api.open.cx"],
  ["the local mock is on 127.0.0.1:4010", () => (doc.servers as JsonObject[]).some((s) => s.url === "http://127.0.0.1:4010"), true],
  ["the local sandbox is on 127.0.0.1:4011", () => (doc.servers as JsonObject[]).some((s) => s.url === "http://127.0.0.1:4011"), true],
  ["staging takes a host variable", () => (doc.servers as JsonObject[]).some((s) => s.url === "https://{host}" && (s.variables as JsonObject)?.host), true],
  // "Every request must include a valid partner API JWT."
  ["auth is a bearer token, a JWT", () => ((doc.components as JsonObject).securitySchemes as JsonObject).partnerApiKey, { type: "http", scheme: "bearer", bearerFormat: "JWT", description: expect.any(String) }],

  // Paths and methods
  ["createOrg is POST /partner/v1/orgs", () => [operation(doc, "createOrg").method, operation(doc, "createOrg").path], ["post", "/partner/v1/orgs"]],
  ["listOrgs is GET /partner/v1/orgs", () => [operation(doc, "listOrgs").method, operation(doc, "listOrgs").path], ["get", "/partner/v1/orgs"]],
  ["getOrgByExternalId is GET /partner/v1/orgs/by-external-id/{externalId}", () => operation(doc, "getOrgByExternalId").path, "/partner/v1/orgs/by-external-id/{externalId}"],
  ["createOrgApiKey is POST /partner/v1/orgs/{orgId}/api-keys", () => operation(doc, "createOrgApiKey").path, "/partner/v1/orgs/{orgId}/api-keys"],
  ["createLoginLink is POST /partner/v1/orgs/{orgId}/login-links", () => operation(doc, "createLoginLink").path, "/partner/v1/orgs/{orgId}/login-links"],

  // Create Org request
  ["createOrg: only name is required", () => schema("CreateOrgRequest").required, ["name"]],
  ["createOrg: the request fields are the reference's", () => Object.keys(schema("CreateOrgRequest").properties as JsonObject).sort(), ["ai_instructions", "external_id", "integrations", "language", "name", "website"]],
  ["createOrg: unknown fields are rejected", () => schema("CreateOrgRequest").additionalProperties, false],
  ["createOrg: name is 1-255 chars", () => [prop("CreateOrgRequest", "name").minLength, prop("CreateOrgRequest", "name").maxLength], [1, 255]],
  ["createOrg: external_id is 1-255 chars", () => [prop("CreateOrgRequest", "external_id").minLength, prop("CreateOrgRequest", "external_id").maxLength], [1, 255]],
  ["createOrg: website is a uri up to 2048", () => [prop("CreateOrgRequest", "website").format, prop("CreateOrgRequest", "website").maxLength], ["uri", 2048]],
  ["createOrg: language defaults to en", () => prop("CreateOrgRequest", "language").default, "en"],
  ["createOrg: language accepts a BCP 47 tag such as pt-BR", () => new RegExp(prop("CreateOrgRequest", "language").pattern as string).test("pt-BR"), true],
  ["createOrg: ai_instructions up to 32,000 chars", () => prop("CreateOrgRequest", "ai_instructions").maxLength, 32000],
  ["createOrg: integrations accept only known keys (fareharbor)", () => [Object.keys(schema("Integrations").properties as JsonObject), schema("Integrations").additionalProperties], [["fareharbor"], false]],
  ["FareHarbor: app_key and user_key required", () => schema("FareHarborConnection").required, ["app_key", "user_key"]],
  ["FareHarbor: fields are app_key, user_key, default_company_shortname, name", () => Object.keys(schema("FareHarborConnection").properties as JsonObject).sort(), ["app_key", "default_company_shortname", "name", "user_key"]],
  ["FareHarbor: object or non-empty array whose entries need a name", () => {
    const [single, many] = (prop("Integrations", "fareharbor").oneOf as JsonObject[]);
    return [single!.$ref, many!.type, many!.minItems, ((many!.items as JsonObject).required as string[])];
  }, ["#/components/schemas/FareHarborConnection", "array", 1, ["name"]]],

  // Create Org response
  ["createOrg: response has id, name, widget_token, external_id, nothing more", () => [schema("CreatedOrg").required, Object.keys(schema("CreatedOrg").properties as JsonObject)], [["id", "name", "widget_token", "external_id"], ["id", "name", "widget_token", "external_id"]]],
  ["createOrg: id is a UUID", () => prop("CreatedOrg", "id").format, "uuid"],
  ["createOrg: external_id is string | null", () => prop("CreatedOrg", "external_id").type, ["string", "null"]],
  ["createOrg: a duplicate external_id answers 409", () => Object.keys(operation(doc, "createOrg").op.responses as JsonObject).includes("409"), true],

  // List Orgs
  ["listOrgs: limit defaults to 50, within 1-100", () => [param("listOrgs", "limit").schema], [{ type: "integer", minimum: 1, maximum: 100, default: 50 }]],
  ["listOrgs: offset defaults to 0, not negative", () => [(param("listOrgs", "offset").schema as JsonObject).default, (param("listOrgs", "offset").schema as JsonObject).minimum], [0, 0]],
  ["listOrgs: response is { data, total }", () => schema("OrgList").required, ["data", "total"]],
  ["listOrgs: an org is the example's id, name, widget_token, external_id, created_at (date-time)", () => [schema("Org").required, Object.keys(schema("Org").properties as JsonObject), prop("Org", "created_at").format], [["id", "name", "widget_token", "external_id", "created_at"], ["id", "name", "widget_token", "external_id", "created_at"], "date-time"]],

  // Get Org by external_id
  ["getOrgByExternalId: path parameter externalId", () => param("getOrgByExternalId", "externalId").in, "path"],
  ["getOrgByExternalId: unknown external_id answers 404", () => Object.keys(operation(doc, "getOrgByExternalId").op.responses as JsonObject).includes("404"), true],

  // Create Org API Key
  ["createOrgApiKey: name defaults to Default", () => prop("CreateOrgApiKeyRequest", "name").default, "Default"],
  ["createOrgApiKey: the body is optional", () => deref(doc, operation(doc, "createOrgApiKey").op.requestBody as Json).required, false],
  ["createOrgApiKey: response has api_key_id (UUID) and api_key, nothing more", () => [schema("OrgApiKey").required, Object.keys(schema("OrgApiKey").properties as JsonObject), prop("OrgApiKey", "api_key_id").format], [["api_key_id", "api_key"], ["api_key_id", "api_key"], "uuid"]],
  ["createOrgApiKey: api_key is a JWT (three base64url segments)", () => new RegExp(prop("OrgApiKey", "api_key").pattern as string).test("eyJhbGciOi.eyJvcmci.c2ln"), true],
  ["createOrgApiKey: orgId is a UUID path parameter", () => param("createOrgApiKey", "orgId").schema, { type: "string", format: "uuid" }],
  ["createOrgApiKey: another partner's org answers 403", () => Object.keys(operation(doc, "createOrgApiKey").op.responses as JsonObject).includes("403"), true],

  // Create Login Link
  ["createLoginLink: email is required, format email", () => [schema("CreateLoginLinkRequest").required, prop("CreateLoginLinkRequest", "email").format], [["email"], "email"]],
  ["createLoginLink: role_ids are unique UUIDs", () => [prop("CreateLoginLinkRequest", "role_ids").uniqueItems, (prop("CreateLoginLinkRequest", "role_ids").items as JsonObject).format], [true, "uuid"]],
  ["createLoginLink: response has url (uri) and expires_at (date-time)", () => [schema("LoginLink").required, prop("LoginLink", "url").format, prop("LoginLink", "expires_at").format], [["url", "expires_at"], "uri", "date-time"]],
  ["createLoginLink: TTL 15 minutes, 256-bit token, single use", () => operation(doc, "createLoginLink").op["x-login-link"], { ttl_seconds: 900, token_bytes: 32, single_use: true }],
  ["createLoginLink: 30 links a minute per partner", () => operation(doc, "createLoginLink").op["x-rate-limit"], { name: "login-links", limit: 30, window_seconds: 60 }],

  // Cross-cutting
  ["rate limit: 100 requests a minute per partner", () => doc["x-rate-limit"], { name: "partner", limit: 100, window_seconds: 60 }],
  ["errors: { statusCode, message } required, message string or string[]", () => [schema("ErrorResponse").required, (prop("ErrorResponse", "message").oneOf as JsonObject[]).map((s) => s.type)], [["statusCode", "message"], ["string", "array"]]],
  ["429 carries Retry-After", () => at(operation(doc, "listOrgs").op.responses as Json, ["429", "headers", "Retry-After", "required"]), true],
];

describe("the reference's facts hold in the document", () => {
  it.each(facts)("%s", (_fact, actual, expected) => {
    expect(actual()).toEqual(expected);
  });
});
