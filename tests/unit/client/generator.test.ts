// The client generator: a new operation in the document becomes a new, typed, routed method with
// no hand-written code.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client } from "../../../scripts/generators/client.ts";
import { types } from "../../../scripts/generators/types.ts";

const BUNDLE = readFileSync(resolve(import.meta.dirname, "../../../generated/openapi.json"), "utf8");

/** The real bundle plus two operations it does not have. */
function extendedDocument() {
  const doc = JSON.parse(BUNDLE);
  doc.paths["/partner/v1/orgs/{orgId}"] = {
    parameters: [{ $ref: "#/components/parameters/OrgId" }],
    get: {
      operationId: "getOrg",
      summary: "Get an org",
      parameters: [{ name: "include-keys", in: "query", required: true, schema: { type: "boolean" } }],
      responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Org" } } } } },
    },
    delete: { operationId: "deleteOrg", responses: { "204": { description: "gone" } } },
  };
  return doc;
}

const USAGE = `
import { bindOperations, OPERATIONS, type OperationId } from "./client.ts";
const api = bindOperations<{ timeoutMs?: number }>(async () => undefined);
export async function use() {
  const org = await api.getOrg("a1b2c3d4-e5f6-7890-abcd-ef1234567890", { "include-keys": true });
  const name: string = org.name;
  const gone: void = await api.deleteOrg("a1b2c3d4-e5f6-7890-abcd-ef1234567890");
  // @ts-expect-error the query is required
  await api.getOrg("a1b2c3d4-e5f6-7890-abcd-ef1234567890");
  // @ts-expect-error wrong query type
  await api.getOrg("id", { "include-keys": "yes" });
  const id: OperationId = "deleteOrg";
  return [name, gone, id, OPERATIONS.deleteOrg.method];
}
`;

describe("client generator", () => {
  let dir: string;
  let source: string;

  beforeAll(async () => {
    const doc = extendedDocument();
    source = client(JSON.stringify(doc));
    dir = mkdtempSync(join(tmpdir(), "client-gen-"));
    writeFileSync(join(dir, "client.ts"), source);
    writeFileSync(join(dir, "schema.d.ts"), await types(JSON.stringify(doc)));
    writeFileSync(join(dir, "usage.ts"), USAGE);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("emits a method per new operation", () => {
    expect(source).toMatch(/^ {2}getOrg\(orgId: .*, query: GetOrgQuery, options\?: O\): Promise<GetOrgResult>;$/m);
    expect(source).toMatch(/^ {2}deleteOrg\(orgId: .*, options\?: O\): Promise<DeleteOrgResult>;$/m);
    expect(source).toContain("export type DeleteOrgResult = void;");
  });

  it("type-checks, and the new methods are typed from schema.d.ts", () => {
    const program = ts.createProgram([join(dir, "usage.ts")], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      allowImportingTsExtensions: true,
      lib: ["lib.es2023.d.ts"],
      types: [],
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  }, 30_000); // a cold TypeScript program on a small machine

  it("routes the new methods to their method and path", async () => {
    const generated = await import(join(dir, "client.ts"));
    const calls: unknown[] = [];
    const api = generated.bindOperations(async (...args: unknown[]) => void calls.push(args));
    await api.getOrg("org-1", { "include-keys": true }, { timeoutMs: 5 });
    await api.deleteOrg("org-2");
    expect(calls).toEqual([
      ["getOrg", { path: { orgId: "org-1" }, query: { "include-keys": true } }, { timeoutMs: 5 }],
      ["deleteOrg", { path: { orgId: "org-2" } }, undefined],
    ]);
    expect(generated.OPERATIONS.getOrg).toEqual({ method: "GET", path: "/partner/v1/orgs/{orgId}" });
    expect(generated.OPERATIONS.deleteOrg).toEqual({ method: "DELETE", path: "/partner/v1/orgs/{orgId}" });
  });

  it.each<[string, (doc: any) => void, RegExp]>([
    ["an operation without operationId", (d) => delete d.paths["/partner/v1/orgs"].get.operationId, /needs an operationId/],
    ["a duplicate operationId", (d) => (d.paths["/partner/v1/orgs"].get.operationId = "createOrg"), /used twice/],
    [
      "a required header parameter",
      (d) => (d.paths["/partner/v1/orgs"].get.parameters = [{ name: "X-Tenant", in: "header", required: true }]),
      /required header parameter "X-Tenant"/,
    ],
    ["an undeclared path parameter", (d) => delete d.paths["/partner/v1/orgs/{orgId}/api-keys"].parameters, /"orgId" is not declared/],
  ])("fails generation, naming the problem, for %s", (_, mutate, message) => {
    const doc = JSON.parse(BUNDLE);
    mutate(doc);
    expect(() => client(JSON.stringify(doc))).toThrow(message);
  });
});
