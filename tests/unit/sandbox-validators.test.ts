// The sandbox's precompiled request validators (generated/sandbox-validators.mjs): they are what a
// fresh generation gives, a document they were not compiled from is refused with a clear error,
// the document's own keyword survives standalone code with the same errors, and loading them
// does not load Ajv's compiler (the point: no schema compilation at sandbox start).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import formatsPlugin from "ajv-formats";
import { describe, expect, it } from "vitest";
import { validators as precompiled } from "../../generated/sandbox-validators.mjs";
import { OPERATIONS } from "../../generated/client.ts";
import { demoConfig } from "../../packages/sandbox/src/config/config.ts";
import { contractFromDocument, loadContract, type JsonObject } from "../../packages/sandbox/src/contract/contract.ts";
import { ApiError } from "../../packages/sandbox/src/http/api-error.ts";
import { compileValidators } from "../../packages/sandbox/src/validation/validators.ts";
import { DOC_ID, UNIQUE_ITEM_PROPERTY, validatorSources } from "../../packages/sandbox/src/validation/schemas.ts";
import { validators as generateValidators, VALIDATORS_PATH } from "../../scripts/generators/validators.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const bundleJson = readFileSync(join(ROOT, "generated/openapi.json"), "utf8");
const connection = (name: string, user_key = "u") => ({ name, app_key: "k", user_key });
const orgWith = (names: string[]) => ({ name: "x", integrations: { fareharbor: names.map((n, i) => connection(n, `u${i}`)) } });

/** The document with one change, as a separate contract. */
function changedContract(change: (doc: JsonObject) => void) {
  const doc = JSON.parse(bundleJson) as JsonObject;
  change(doc);
  return contractFromDocument(doc);
}

describe("generated/sandbox-validators.mjs", () => {
  it("is what a fresh generation from the committed bundle writes (npm run check:generated checks the same)", () => {
    expect(readFileSync(join(ROOT, VALIDATORS_PATH), "utf8")).toBe(generateValidators(bundleJson));
  });

  it("serves the sandbox's own document", () => {
    expect([...compileValidators(loadContract()).keys()]).toEqual(loadContract().operations.map((o) => o.operationId));
  });

  it.each([
    ["a component schema", (doc: JsonObject) => (((doc.components as JsonObject).schemas as Record<string, JsonObject>).CreateOrgRequest!.maxProperties = 3)],
    ["a parameter", (doc: JsonObject) => (((doc.components as JsonObject).parameters as Record<string, JsonObject>).Limit!.description = "changed")],
  ])("refuses a document whose %s differs: generated validators are out of date", (_label, change) => {
    const contract = changedContract(change);
    expect(() => compileValidators(contract)).toThrow("generated validators are out of date — run npm run generate");
  });

  it("refuses a document whose operation's parameter list differs", () => {
    const contract = changedContract(() => {});
    const op = contract.operation("listOrgs");
    op.parameters = op.parameters.filter((p) => p.name !== "offset");
    expect(() => compileValidators(contract)).toThrow("generated validators are out of date — run npm run generate");
  });
});

describe(`${UNIQUE_ITEM_PROPERTY} in standalone code`, () => {
  const body = compileValidators(loadContract()).get("createOrg")!.body;
  const problems = (value: unknown): string[] => {
    try {
      body(value);
      return [];
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return [error.messages].flat();
    }
  };

  it("rejects a repeated connection name with the same message", () => {
    expect(problems(orgWith(["A", "A"]))).toEqual(["integrations.fareharbor[1].name must be unique (element 0 has the same)"]);
    expect(problems(orgWith(["A", "B", "A", "B"]))).toEqual([
      "integrations.fareharbor[2].name must be unique (element 0 has the same)",
      "integrations.fareharbor[3].name must be unique (element 1 has the same)",
    ]);
    expect(problems(orgWith(["A", "B"]))).toEqual([]);
  });

  it("reports the same error objects as the validate-function keyword it replaces", () => {
    // The keyword as the sandbox compiled it at run time before (a `validate` function, which
    // standalone code cannot carry), on the same schemas.
    const reference = new Ajv2020({ strict: false, allErrors: true, useDefaults: true });
    formatsPlugin.default(reference);
    reference.addKeyword({
      keyword: UNIQUE_ITEM_PROPERTY,
      type: "array",
      schemaType: "string",
      errors: true,
      validate: function unique(property: string, data: unknown[]): boolean {
        const seen = new Map<unknown, number>();
        const errors: Partial<ErrorObject>[] = [];
        data.forEach((item, index) => {
          const value = item && typeof item === "object" ? (item as JsonObject)[property] : undefined;
          if (value === undefined) return;
          const first = seen.get(value);
          if (first === undefined) seen.set(value, index);
          else errors.push({ keyword: UNIQUE_ITEM_PROPERTY, params: { property, index, first }, message: "duplicate" });
        });
        (unique as { errors?: Partial<ErrorObject>[] }).errors = errors;
        return errors.length === 0;
      },
    });
    reference.addSchema({ components: validatorSources(loadContract()).components }, DOC_ID);
    const expected = reference.getSchema(`${DOC_ID}${loadContract().operation("createOrg").bodySchemaRef!}`)!;
    const actual = precompiled.createOrg!.body!;
    const shape = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map(({ keyword, instancePath, params, message }) => ({ keyword, instancePath, params, message }));
    for (const names of [["A", "A"], ["A", "B", "A", "A"], ["x", "y"]]) {
      const value = orgWith(names);
      expect(actual(structuredClone(value))).toBe(expected(structuredClone(value)));
      expect(shape(actual.errors)).toEqual(shape(expected.errors));
    }
    expect(shape(actual.errors)).toEqual([]);
    actual(orgWith(["A", "A"]));
    expect(shape(actual.errors).filter((e) => e.keyword === UNIQUE_ITEM_PROPERTY)).toEqual([
      { keyword: UNIQUE_ITEM_PROPERTY, instancePath: "/integrations/fareharbor", params: { property: "name", index: 1, first: 0 }, message: "duplicate" },
    ]);
  });
});

it("loads the validators without Ajv's compiler: only its runtime helpers and the format functions", () => {
  const script = `
    import { createRequire } from "node:module";
    const { compileValidators } = await import(${JSON.stringify(join(ROOT, "packages/sandbox/src/validation/validators.ts"))});
    const { loadContract } = await import(${JSON.stringify(join(ROOT, "packages/sandbox/src/contract/contract.ts"))});
    compileValidators(loadContract()).get("listOrgs").params({}, { limit: "10" });
    console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  const loaded = (JSON.parse(out) as string[]).filter((f) => /node_modules[\\/]ajv/.test(f)).map((f) => f.replace(/^.*node_modules[\\/]/, ""));
  expect(loaded.length).toBeGreaterThan(0);
  expect(loaded.filter((f) => !/^ajv[\\/]dist[\\/]runtime[\\/]|^ajv-formats[\\/]dist[\\/]formats\.js$/.test(f))).toEqual([]);
}, 20_000);

it("starts the whole sandbox and answers without loading any schema compiler (Ajv's, Fastify's, fast-json-stringify)", () => {
  const key = demoConfig().partners.find((p) => p.active !== false && !p.ip_allow_list?.length)!.api_keys![0]!;
  const script = `
    import { createRequire } from "node:module";
    const { startSandbox } = await import(${JSON.stringify(join(ROOT, "packages/sandbox/src/index.ts"))});
    const sandbox = await startSandbox({ port: 0 });
    const answer = await fetch(sandbox.url + ${JSON.stringify(`${OPERATIONS.listOrgs.path}?limit=oops`)}, { headers: { authorization: "Bearer ${key}" } });
    await sandbox.close();
    console.log(JSON.stringify({ status: answer.status, loaded: Object.keys(createRequire(import.meta.url).cache) }));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  const { status, loaded } = JSON.parse(out) as { status: number; loaded: string[] };
  expect(status).toBe(400); // validation ran, from the precompiled validators
  const packages = loaded.filter((f) => f.includes("node_modules")).map((f) => f.replace(/^.*node_modules[\\/]/, ""));
  expect(packages.some((f) => f.startsWith("fastify"))).toBe(true);
  // fast-json-stringify's lib/serializer.js is the runtime of Fastify's prebuilt error serializer, not its compiler.
  const compilers = packages.filter((f) => /^ajv[\\/]dist[\\/](compile|core|2020|vocabularies)|^@fastify[\\/](ajv-compiler|fast-json-stringify-compiler)|^fast-json-stringify[\\/]index\.js$/.test(f));
  expect(compilers).toEqual([]);
}, 20_000);
