// The packed package works from a separate project: `npm pack` (prepack builds dist/), install the
// tarball elsewhere (its dependencies from the local npm cache; both done once in global-setup.ts),
// import it by name, type-check with tsc and run it; start its bin twice, the second time from the
// V8 code cache the first wrote.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCli } from "../sandbox/cli-process.ts";
import { packedPackage } from "./packed.ts";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const { name } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string };
const TSC = join(root, "node_modules/typescript/bin/tsc");

const CONSUMER = `import { createPartnerClient, NotFoundError, type CreateOrgBody, type Org } from "${name}";

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

describe("npm pack", () => {
  // Packed and installed once for the project (global-setup.ts); this file's own scratch beside it.
  let packed: string[];
  let app: string;
  let dir: string;

  beforeAll(async () => {
    ({ files: packed, consumer: app } = await packedPackage());
    dir = mkdtempSync(join(tmpdir(), "partner-pack-test-"));
    writeFileSync(join(app, "index.ts"), CONSUMER);
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2023", "DOM"], types: [], outDir: "out" },
        files: ["index.ts"],
      }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ships the built entry and its types, not the sources", () => {
    expect(packed).toEqual(
      expect.arrayContaining([
        "dist/src/index.js",
        "dist/src/index.d.ts",
        "dist/generated/client.js",
        "dist/generated/schema.d.ts",
        "dist/mock/sandbox/bin.cjs",
        "dist/mock/sandbox/cli.bundle.cjs",
      ]),
    );
    // Sources, tests and scripts stay home; from mock/ only the sandbox's data ships (its demo
    // config, its page's static files), never a TypeScript source.
    expect(packed.filter((f) => /^(src|tests|scripts)\//.test(f) || /^mock\/(?!sandbox\/)/.test(f) || /^mock\/.*\.[cm]?ts$/.test(f))).toEqual([]);
    expect(packed).toContain("mock/sandbox/demo-config.yaml");
  });

  it("ships every path its exports map names, under every condition", () => {
    const { exports } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: unknown };
    const targets: string[] = [];
    const collect = (node: unknown): void => {
      if (typeof node === "string") targets.push(node.replace(/^\.\//, ""));
      else if (node && typeof node === "object") Object.values(node).forEach(collect);
    };
    collect(exports);
    expect(targets.length).toBeGreaterThan(4);
    expect(targets.filter((t) => !packed.includes(t))).toEqual([]);
  });

  it("ships the LICENSE its package.json names", () => {
    const { license } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { license: string };
    expect(packed).toContain("LICENSE");
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(new RegExp(`^${license} License\n`));
  });

  it("type-checks and runs in a fresh project, importing by package name", async () => {
    await run(process.execPath, [TSC, "-p", "."], { cwd: app, timeout: 120_000 });
    const { stdout } = await run(process.execPath, ["out/index.js"], { cwd: app, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({ name: "Acme Tours", missing: true, typo: "object" });
  }, 180_000);

  it("starts its bin and answers, the second time from the code cache the first start wrote outside the package", async () => {
    const cache = join(dir, "cache");
    const installed = join(app, "node_modules", name);
    const bin = join(app, "node_modules/.bin/opencx-partner-sandbox");
    // NODE_DEBUG=opencx-sandbox: the bin says what it did with its cache (on stderr).
    const env = { XDG_CACHE_HOME: cache, NODE_DEBUG: "opencx-sandbox" };
    const cacheFiles = (): string[] => readdirSync(join(cache, "opencx-partner-sandbox")).filter((f) => f.endsWith(".v8cache"));
    const pkgFiles = (): string[] => readdirSync(installed, { recursive: true, encoding: "utf8" });
    const before = pkgFiles();
    for (const expected of ["no cache", "cache accepted"]) {
      const cli = await startCli(["--port", "0"], { command: [bin], env });
      try {
        expect(cli.output()).toContain(expected);
        const key = /^\s+(sk_sandbox_acme_\w+)$/m.exec(cli.output())![1]!;
        const res = await fetch(`${cli.url}/partner/v1/orgs`, { headers: { authorization: `Bearer ${key}` } });
        expect(res.status).toBe(200);
        // Written once the first answer is out; never on a start that used the cache.
        if (expected === "no cache") while (!cli.output().includes("cache written")) await new Promise((r) => setTimeout(r, 20));
        cli.child.kill("SIGTERM");
        expect(await cli.exited).toBe(0);
        expect(cli.output()).not.toMatch(/cache (rejected|not written|not read)/);
        if (expected === "cache accepted") expect(cli.output()).not.toContain("cache written");
      } finally {
        await cli.stop();
      }
      expect(cacheFiles()).toHaveLength(1);
    }
    const { version } = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { version: string };
    expect(cacheFiles()[0]!.startsWith(`${version}-`)).toBe(true);
    expect(cacheFiles()[0]!.endsWith(`-${process.version}-${process.arch}.v8cache`)).toBe(true);
    expect(pkgFiles()).toEqual(before); // nothing written inside the installed package

    // A damaged cache is rejected by V8 and rewritten; a cache directory that cannot be made
    // (XDG_CACHE_HOME is a file) costs the cache, never the start.
    const cacheFile = join(cache, "opencx-partner-sandbox", cacheFiles()[0]!);
    writeFileSync(cacheFile, Buffer.alloc(4096, 7));
    const blocked = join(dir, "not-a-directory");
    writeFileSync(blocked, "");
    for (const [startEnv, said] of [[env, "cache rejected"], [{ ...env, XDG_CACHE_HOME: blocked, TMPDIR: blocked }, "cache not written"]] as const) {
      const cli = await startCli(["--port", "0"], { command: [bin], env: startEnv });
      try {
        const key = /^\s+(sk_sandbox_acme_\w+)$/m.exec(cli.output())![1]!;
        const res = await fetch(`${cli.url}/partner/v1/orgs`, { headers: { authorization: `Bearer ${key}` } });
        expect(res.status).toBe(200);
        while (!cli.output().includes(said)) await new Promise((r) => setTimeout(r, 20));
        cli.child.kill("SIGTERM");
        expect(await cli.exited).toBe(0);
      } finally {
        await cli.stop();
      }
    }
    expect(readFileSync(cacheFile).equals(Buffer.alloc(4096, 7))).toBe(false); // rewritten after the rejection
  }, 90_000);
});

