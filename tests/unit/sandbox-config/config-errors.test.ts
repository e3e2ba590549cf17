// Config errors say what to fix: the property, where it is, the file, and the nearest valid name.
import { configSchema } from "../../../packages/sandbox/src/config/schema.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readConfigFile, resolveConfig } from "../../../packages/sandbox/src/config/config.ts";
import { nearestName } from "../../../packages/sandbox/src/common/nearest-name.ts";

const ops = ["createOrg", "createOrgApiKey", "createLoginLink", "listOrgs"];
const dir = mkdtempSync(join(tmpdir(), "sandbox-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problem = (config: unknown): string => {
  try {
    resolveConfig(config as never, ops);
  } catch (error) {
    return (error as Error).message;
  }
  return "accepted";
};

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("unknown properties", () => {
  it.each([
    [{ partners: [{ id: "acme", api_key: ["k"] }] }, 'partners[0] (id "acme"): unknown property "api_key" (did you mean "api_keys"?)'],
    [{ partners: [{ id: "a" }, { id: "b", ip_alow_list: [] }] }, 'partners[1] (id "b"): unknown property "ip_alow_list" (did you mean "ip_allow_list"?)'],
    [{ partner: [] }, 'the top level: unknown property "partner" (did you mean "partners"?)'],
    [{ partners: [], trusted_proxy: [] }, 'the top level: unknown property "trusted_proxy" (did you mean "trusted_proxies"?)'],
    [{ partners: [{ id: "a", rate_limits: { global: { limt: 1, window_seconds: 1 } } }] }, 'partners[0] (id "a").rate_limits.global: unknown property "limt" (did you mean "limit"?)'],
  ])("%j", (config, message) => {
    expect(problem(config)).toContain(message);
  });

  it("lists the valid names when none is near", () => {
    const valid = Object.keys(configSchema.properties.partners.items.properties).join(", ");
    expect(problem({ partners: [{ id: "a", colour: "red" }] })).toContain(`unknown property "colour" (valid here: ${valid})`);
  });

  it("suggests an operationId for a mistyped rate-limit key", () => {
    expect(problem({ partners: [{ id: "a", rate_limits: { createOrgz: { limit: 1, window_seconds: 1 } } }] })).toContain('(did you mean "createOrg"?)');
  });
});

describe("other problems name the property", () => {
  it.each([
    [{ partners: [{ name: "x" }] }, 'partners[0]: missing required property "id"'],
    [{ partners: [{ id: "a", api_keys: "k" }] }, 'partners[0] (id "a").api_keys: must be an array'],
    [{ partners: [{ id: "a", api_keys: ["has space"] }] }, 'partners[0] (id "a").api_keys[0]: "has space" does not match'],
    [{ partners: [{ id: "a", rate_limits: true }] }, 'partners[0] (id "a").rate_limits: must be false or an object of limits'],
    [{ partners: [{ id: "a", rate_limits: { global: { limit: 0, window_seconds: 1 } } }] }, 'partners[0] (id "a").rate_limits.global.limit: must be >= 1'],
  ])("%j", (config, message) => {
    expect(problem(config)).toContain(message);
  });
});

describe("the file", () => {
  it("names the file in a schema error", () => {
    const path = file("typo.yaml", "partners:\n  - id: acme\n    api_key: [k]\n");
    expect(problem(readConfigFile(path))).toBe(`invalid sandbox config (${path}): partners[0] (id "acme"): unknown property "api_key" (did you mean "api_keys"?)`);
  });

  it("names the file and the line of a YAML syntax error", () => {
    const path = file("broken.yaml", "partners:\n  - id: a\n    api_keys: [k\n  - id: b\n");
    expect(() => readConfigFile(path)).toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4:3: YAML syntax error: `));
  });

  it("names the file and the line of a JSON syntax error", () => {
    const path = file("broken.json", '{\n "partners": [\n  {"id": "a",}\n ]\n}');
    expect(() => readConfigFile(path)).toThrow(/broken\.json:3:14: JSON syntax error/);
  });

  it("says a missing file is missing", () => {
    expect(() => readConfigFile(join(dir, "absent.yaml"))).toThrow(/sandbox config file not found: .*absent\.yaml/);
  });
});

describe("nearestName", () => {
  it("finds typos, ignores case, and stays quiet for unrelated words", () => {
    expect(nearestName("api_key", ["api_keys", "name"])).toBe("api_keys");
    expect(nearestName("PORT", ["port", "host"])).toBe("port");
    expect(nearestName("prot", ["port", "host", "help"])).toBe("port");
    expect(nearestName("banana", ["port", "host"])).toBeUndefined();
  });
});
