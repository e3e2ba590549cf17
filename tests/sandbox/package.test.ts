// What a partner gets from npm: the package packed with its `files`, installed into an empty
// project, started through its `bin` (as `npx opencx-partner-sandbox` would) and through the
// `./sandbox` export in-process. Packed and installed once for the packaging project, which runs
// this file (tests/packaging/global-setup.ts).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { packedPackage } from "../packaging/packed.ts";
import { Api } from "./harness.ts";
import { ROOT, startCli } from "./cli-process.ts";

let consumer: string;
beforeAll(async () => {
  ({ consumer } = await packedPackage());
});
const work = mkdtempSync(join(tmpdir(), "sandbox-pkg-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("ships only what runs: compiled JS, the bundle and the demo config, no TypeScript sources of the sandbox", () => {
  const installed = join(consumer, "node_modules/@opencx/partner-api");
  const files = readdirSync(join(installed, "dist/mock/sandbox"));
  expect(files).toContain("cli.js");
  expect(files).toEqual(expect.arrayContaining(["bin.cjs", "cli.bundle.cjs"]));
  expect(files).toContain("index.d.ts");
  expect(readdirSync(join(installed, "generated"))).toContain("openapi.json");
  // Beside dist/, mock/sandbox ships exactly the entries package.json lists (the demo config, the
  // sandbox page's static files): never a TypeScript source.
  const listed = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] }).files
    .filter((f) => f.startsWith("mock/sandbox/"))
    .map((f) => f.slice("mock/sandbox/".length).split("/")[0]!);
  expect(listed).toContain("demo-config.yaml");
  expect(readdirSync(join(installed, "mock/sandbox")).sort()).toEqual([...new Set(listed)].sort());
  const shipped = readdirSync(join(installed, "mock/sandbox"), { recursive: true }) as string[];
  expect(shipped.filter((f) => /\.[cm]?ts$/.test(f))).toEqual([]);
});

it("starts through the bin with the same flags, serves the demo keys, stops on SIGTERM", async () => {
  const cli = await startCli(["--port", "0"], { command: [join(consumer, "node_modules/.bin/opencx-partner-sandbox")], env: { XDG_CACHE_HOME: join(work, "cache") } });
  try {
    expect(cli.output()).toContain("node_modules/@opencx/partner-api/mock/sandbox/demo-config.yaml");
    const key = /^\s+(sk_sandbox_acme_\w+)$/m.exec(cli.output())![1]!;
    const api = new Api(cli.url);
    expect((await api.createOrg({ name: "From the tarball", external_id: "t-1" }, key)).status).toBe(201);
    expect((await api.call("getOrgByExternalId", { key, params: { externalId: "t-1" } })).status).toBe(200);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  } finally {
    await cli.stop();
  }
});

it("kill <npx's PID>: npm and its shell end, and the bin stops too, freeing the port", async () => {
  const cli = await startCli(["--port", "0"], { command: ["npx", "--no-install", "opencx-partner-sandbox"], cwd: consumer, env: { XDG_CACHE_HOME: join(work, "cache") } });
  try {
    cli.child.kill("SIGTERM"); // npx's PID only, as `kill $!` does
    await cli.exited;
    for (let i = 0; i < 100 && cli.output().indexOf("SIGTERM: finishing in-flight requests") < 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(cli.output(), "the bin never stopped").toContain("SIGTERM: finishing in-flight requests");
    for (let i = 0; i < 100 && (await fetch(cli.url).then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(cli.url)).rejects.toThrow();
  } finally {
    await cli.stop();
  }
});

it("starts in-process from the ./sandbox export", () => {
  const script = `
    import { startSandbox } from "@opencx/partner-api/sandbox";
    const sandbox = await startSandbox({ port: 0, config: { partners: [{ id: "p", api_keys: ["k"] }] } });
    const res = await fetch(sandbox.url + "/partner/v1/orgs", { headers: { authorization: "Bearer k" } });
    console.log(res.status, await res.text());
    await sandbox.close();`;
  writeFileSync(join(consumer, "in-process.mjs"), script);
  const out = execFileSync(process.execPath, ["in-process.mjs"], { cwd: consumer, encoding: "utf8" });
  expect(out.trim()).toBe('200 {"data":[],"total":0}');
});
