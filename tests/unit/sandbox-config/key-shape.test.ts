// The sandbox's keys have the shape of the API's: partner keys are JWTs (the security scheme's
// bearerFormat; decision `jwt-shape`: three base64url segments), so a partner's key handling —
// and the contract suite's — meets the production shape in the sandbox. The pattern is the
// document's own (OrgApiKey.api_key), never restated here.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { contractSandboxConfig } from "../../contract/setup/sandbox-config.ts";
import { loadBundle, type JsonObject } from "../../helpers/document.ts";

const doc = loadBundle();
const schemas = (doc.components as JsonObject).schemas as JsonObject;
const jwt = new RegExp((((schemas.OrgApiKey as JsonObject).properties as JsonObject).api_key as JsonObject).pattern as string);

interface PartnerKeys {
  id: string;
  api_keys?: string[];
  revoked_api_keys?: string[];
}
const keysOf = (partners: PartnerKeys[]) => partners.flatMap((p) => [...(p.api_keys ?? []), ...(p.revoked_api_keys ?? [])].map((key) => [p.id, key] as const));

describe("partner keys are JWT-shaped", () => {
  it("the security scheme says JWT", () => {
    expect(((doc.components as JsonObject).securitySchemes as JsonObject).partnerApiKey).toMatchObject({ scheme: "bearer", bearerFormat: "JWT" });
  });

  it("every demo key of the shipped config", () => {
    const demo = parse(readFileSync(resolve(import.meta.dirname, "../../../packages/sandbox/src/config/demo-config.yaml"), "utf8")) as { partners: PartnerKeys[] };
    const keys = keysOf(demo.partners);
    expect(keys.length).toBeGreaterThanOrEqual(6);
    expect(keys.filter(([, key]) => !jwt.test(key))).toEqual([]);
  });

  it("every key the contract suite writes for its in-process sandbox, random per run", () => {
    const [first, second] = [contractSandboxConfig(2), contractSandboxConfig(1)];
    const keys = keysOf(first.config.partners);
    expect(keys).toHaveLength(10);
    expect(keys.filter(([, key]) => !jwt.test(key))).toEqual([]);
    expect(new Set([...keys.map(([, k]) => k), ...Object.values(second.keys)]).size).toBe(15);
  });
});
