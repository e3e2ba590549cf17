// The client package as partners install it: `npm pack` of packages/client, installed into an
// empty project, imported by name, type-checked with tsc and run. Its only runtime dependency is
// openapi-fetch: installing the client never pulls in the sandbox's server stack.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportTargets, installInto, packWorkspace, ROOT, type PackedPackage } from "./packed.ts";

const run = promisify(execFile);
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

const CONSUMER = `import { createPartnerClient, NotFoundError, type CreateOrgBody, type Org } from "@opencx/partner-api";

const body: CreateOrgBody = { name: "Acme Tours", external_id: "customer-12345" };
// @ts-expect-error a typo in a field name must not compile (proves the types are not \`any\`)
const typo: CreateOrgBody = { name: "Acme Tours", externalId: "customer-12345" };

const org: Org = { id: "a1b2c3d4-e5f6-7890-abcd-ef1234567890", name: body.name, widget_token: "w", external_id: "customer-12345", created_at: "2026-03-15T10:30:00.000Z" };
const client = createPartnerClient({
  apiKey: "pk_test",
  baseUrl: "http://partner.test",
  fetch: async (request) =>
    request.url.endsWith("/by-external-id/missing")
      ? Response.json({ statusCode: 404, message: "not found" }, { status: 404 })
      : Response.json(org),
});
const found = await client.getOrgByExternalId("customer-12345");
const missing = await client.getOrgByExternalId("missing").catch((error: unknown) => error instanceof NotFoundError);
console.log(JSON.stringify({ name: found.name, missing, typo: typeof typo }));
`;

describe("the client package (npm pack of packages/client)", () => {
  let dir: string;
  let packed: PackedPackage;
  let app: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "client-pack-"));
    packed = await packWorkspace("client", dir);
    app = join(dir, "app");
    await installInto(app, [packed.tarball]);
    writeFileSync(join(app, "index.ts"), CONSUMER.replaceAll("@opencx/partner-api", packed.name));
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2023", "DOM"], types: [], outDir: "out" },
        files: ["index.ts"],
      }),
    );
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("depends on openapi-fetch alone", () => {
    expect(Object.keys(packed.manifest.dependencies ?? {})).toEqual(["openapi-fetch"]);
    // What npm installed for it: the client, openapi-fetch and what openapi-fetch itself needs.
    const sandboxDeps = Object.keys((JSON.parse(readFileSync(join(ROOT, "packages/sandbox/package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies);
    const installed = readdirSync(join(app, "node_modules"));
    expect(installed.filter((name) => sandboxDeps.includes(name))).toEqual([]);
    expect(installed).toContain("openapi-fetch");
  });

  it("ships the built entry, its types and the generated client, not the sources", () => {
    expect(packed.files).toEqual(expect.arrayContaining(["dist/generated/client.js", "dist/generated/schema.d.ts", "README.md", "package.json"]));
    expect(packed.files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
    expect(packed.files.filter((f) => /(^|\/)(tests|scripts|mock|sandbox)\//.test(f))).toEqual([]);
  });

  it("ships every path its exports map names, under every condition", () => {
    const targets = exportTargets(packed.manifest.exports);
    expect(targets.length).toBeGreaterThan(2);
    expect(targets.filter((t) => !packed.files.includes(t))).toEqual([]);
  });

  it("ships the LICENSE its package.json names", () => {
    expect(packed.files).toContain("LICENSE");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(new RegExp(`^${packed.manifest.license} License\n`));
  });

  it("type-checks and runs in a fresh project, importing by package name", async () => {
    await run(process.execPath, [TSC, "-p", "."], { cwd: app, timeout: 120_000 });
    const { stdout } = await run(process.execPath, ["out/index.js"], { cwd: app, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({ name: "Acme Tours", missing: true, typo: "object" });
  }, 180_000);
});
