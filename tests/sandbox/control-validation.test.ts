// The controls' request validators, precompiled from the sandbox's own document
// (generated/sandbox-control-validators.mjs): one per operation of generated/sandbox-openapi.json,
// with the API validators' readable 400 messages, and no schema compiler (nor prom-client) loaded
// when the sandbox starts and answers its controls.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { controlValidators } from "../../packages/sandbox/src/validation/control-validators.ts";
import { ApiError } from "../../packages/sandbox/src/http/api-error.ts";
import { ROOT } from "./cli-process.ts";
import { sandboxDoc } from "./harness.ts";

const problems = (check: () => unknown): string[] => {
  try {
    check();
    return [];
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    expect(error.statusCode).toBe(400);
    return [error.messages].flat();
  }
};

it("has a validator for every operation of the sandbox document", () => {
  expect([...controlValidators().keys()].sort()).toEqual([...sandboxDoc.operations.keys()].sort());
});

it("checks the clock's body strictly, listing every problem readably", () => {
  const clock = controlValidators().get("advanceSandboxClock")!;
  expect(problems(() => clock.body({ advance_seconds: 60 }))).toEqual([]);
  expect(problems(() => clock.body({ advance_seconds: 0, partner_id: "b" }))).toEqual([]);
  expect(problems(() => clock.body(undefined))).toEqual(["body is required (a JSON object)"]);
  expect(problems(() => clock.body({}))).toEqual(["advance_seconds is required"]);
  expect(problems(() => clock.body({ advance_seconds: "10", extra: 1 }))).toEqual(["property extra should not exist", "advance_seconds must be a number"]);
  expect(problems(() => clock.body({ advance_seconds: -1, partner_id: "" }))).toEqual(["advance_seconds must not be less than 0", "partner_id must be longer than or equal to 1 characters"]);
  expect(problems(() => clock.body({ advance_seconds: 315360001 }))).toEqual(["advance_seconds must not be greater than 315360000"]);
  expect(problems(() => controlValidators().get("resetSandbox")!.body({}))).toEqual(["this operation takes no request body"]);
});

it("reads query parameters as the document types them (the journal's), and rejects out-of-range ones", () => {
  const journal = controlValidators().get("listSandboxRequests")!;
  expect(journal.params({}, { limit: "10", status: "201" })).toEqual({ limit: 10, status: 201 });
  expect(journal.params({}, {})).toEqual({ limit: 50 }); // the documented default
  expect(problems(() => journal.params({}, { limit: "0", operation_id: "no spaces" }))).toEqual([
    "limit must not be less than 1",
    "operation_id must match the pattern ^[A-Za-z][A-Za-z0-9]*$",
  ]);
});

it("starts the sandbox and answers its controls without loading a schema compiler or prom-client", () => {
  const script = `
    import { createRequire } from "node:module";
    const { startSandbox } = await import(${JSON.stringify(join(ROOT, "packages/sandbox/src/index.ts"))});
    const sandbox = await startSandbox({ port: 0 });
    const clock = await fetch(sandbox.url + "/_sandbox/clock", { method: "POST", headers: { authorization: "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhY21lLXBhcnRuZXIiLCJqdGkiOiJkZW1vIn0.8HiGuEjcD_e8WNdZ2pju1vDzHP11M2BwN89kHLPLzi0", "content-type": "application/json" }, body: "{}" });
    const health = await fetch(sandbox.url + "/_sandbox/health");
    await sandbox.close();
    console.log(JSON.stringify({ statuses: [clock.status, health.status], loaded: Object.keys(createRequire(import.meta.url).cache) }));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  const { statuses, loaded } = JSON.parse(out) as { statuses: number[]; loaded: string[] };
  expect(statuses).toEqual([400, 200]);
  const packages = loaded.filter((f) => f.includes("node_modules")).map((f) => f.replace(/^.*node_modules[\\/]/, ""));
  expect(packages.some((f) => f.startsWith("fastify"))).toBe(true);
  const unwanted = packages.filter((f) => /^ajv[\\/]dist[\\/](compile|core|2020|vocabularies)|^@fastify[\\/](ajv-compiler|fast-json-stringify-compiler)|^fast-json-stringify[\\/]index\.js$|^prom-client[\\/]/.test(f));
  expect(unwanted).toEqual([]);
}, 20_000);
