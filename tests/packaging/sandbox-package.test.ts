// The sandbox package as partners install it: `npm pack` of packages/sandbox, installed into an
// empty project, started through its bin (as `npx --no-install opencx-partner-sandbox` would, with its V8 code
// cache kept outside the package) and in-process through its export.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectStopsOn, startLongRunning } from "../helpers/long-running.ts";
import { Api } from "../sandbox/harness.ts";
import { startCli } from "../sandbox/cli-process.ts";
import { exportTargets, installInto, packWorkspace, type PackedPackage } from "./packed.ts";

describe("the sandbox package (npm pack of packages/sandbox)", () => {
  let dir: string;
  let work: string;
  let consumer: string;
  let packed: PackedPackage;
  let name: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sandbox-pack-"));
    work = dir;
    packed = await packWorkspace("sandbox", dir);
    name = packed.name;
    consumer = join(dir, "app");
    await installInto(consumer, [packed.tarball]);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ships every path its exports map and bin name, and no TypeScript source", () => {
    const targets = [...exportTargets(packed.manifest.exports), ...Object.values(packed.manifest.bin ?? {})];
    expect(targets.length).toBeGreaterThan(3);
    expect(targets.filter((t) => !packed.files.includes(t))).toEqual([]);
    expect(packed.files.filter((f) => /\.[cm]?ts$/.test(f) && !/\.d\.[cm]?ts$/.test(f))).toEqual([]);
    expect(packed.files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "dist/generated/openapi.json"]));
    expect(packed.files.some((f) => f.endsWith("config/demo-config.yaml"))).toBe(true);
    expect(packed.files.some((f) => f.endsWith("page/assets/index.html"))).toBe(true);
  });

  it("starts through the bin with the same flags, serves the demo keys, stops on SIGTERM", async () => {
    const cli = await startCli(["--port", "0"], { command: [join(consumer, "node_modules/.bin/opencx-partner-sandbox")], env: { XDG_CACHE_HOME: join(work, "cache") } });
    try {
      expect(cli.output()).toContain(`node_modules/${name}/dist/packages/sandbox/src/config/demo-config.yaml`);
      const key = /^  acme-partner — active\n\s+(\S+)$/m.exec(cli.output())![1]!;
      const api = new Api(cli.url);
      expect((await api.createOrg({ name: "From the tarball", external_id: "t-1" }, key)).status).toBe(201);
      expect((await api.call("getOrgByExternalId", { key, params: { externalId: "t-1" } })).status).toBe(200);
      cli.child.kill("SIGTERM");
      expect(await cli.exited).toBe("SIGTERM");
    } finally {
      await cli.stop();
    }
  });

  // npx runs the bin under npm's `sh -c`, which dash does not exec: SIGTERM to npx's PID ends npm
  // and the shell and must still stop the bin; SIGINT is held by the shell and must still reach it
  // (packages/sandbox/src/cli/parent-watch.ts). The bin started directly takes both itself.
  const COMMANDS = {
    "npx --no-install opencx-partner-sandbox": () => ["npx", "--no-install", "opencx-partner-sandbox", "--port", "PORT"],
    "the installed bin": () => [join(consumer, "node_modules/.bin/opencx-partner-sandbox"), "--port", "PORT"],
  };

  it.concurrent.for(Object.keys(COMMANDS).flatMap((command) => (["SIGINT", "SIGTERM"] as const).map((signal) => [command, signal] as const)))(
    "%s, %s to its PID: the bin stops, the port is free, it says so and ends by the signal",
    async ([command, signal]) => {
      const bin = await startLongRunning(COMMANDS[command as keyof typeof COMMANDS](), { ready: /Ready in/, cwd: consumer, env: { XDG_CACHE_HOME: join(work, "cache") } });
      await expectStopsOn(bin, signal, "sandbox");
    },
  );

  it("the installed bin has the kit's command-line style: --version, did-you-mean, exit 2 for wrong usage", () => {
    const bin = join(consumer, "node_modules/.bin/opencx-partner-sandbox");
    expect(spawnSync(bin, ["--version"], { cwd: consumer, encoding: "utf8" })).toMatchObject({ status: 0, stdout: `${name} ${packed.manifest.version}\n` });
    const wrong = spawnSync(bin, ["--prot", "4011"], { cwd: consumer, encoding: "utf8" });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^sandbox: unknown option --prot \(did you mean --port\?\)\nusage: opencx-partner-sandbox /);
  });

  it("starts in-process from its export", () => {
    const script = `
      import { startSandbox } from "@opencx/partner-sandbox";
      const sandbox = await startSandbox({ port: 0, config: { partners: [{ id: "p", api_keys: ["k"] }] } });
      const res = await fetch(sandbox.url + "/partner/v1/orgs", { headers: { authorization: "Bearer k" } });
      console.log(res.status, await res.text());
      await sandbox.close();`;
    writeFileSync(join(consumer, "in-process.mjs"), script);
    const out = execFileSync(process.execPath, ["in-process.mjs"], { cwd: consumer, encoding: "utf8" });
    expect(out.trim()).toBe('200 {"data":[],"total":0}');
  });

  it("starts its bin and answers, the second time from the code cache the first start wrote outside the package", async () => {
    const app = join(dir, "app");
    const cache = join(dir, "code-cache"); // its own: the tests above warmed "cache"
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
        const key = /^  acme-partner — active\n\s+(\S+)$/m.exec(cli.output())![1]!;
        const res = await fetch(`${cli.url}/partner/v1/orgs`, { headers: { authorization: `Bearer ${key}` } });
        expect(res.status).toBe(200);
        // Written once the first answer is out; never on a start that used the cache.
        if (expected === "no cache") while (!cli.output().includes("cache written")) await new Promise((r) => setTimeout(r, 20));
        cli.child.kill("SIGTERM");
        expect(await cli.exited).toBe("SIGTERM");
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
        const key = /^  acme-partner — active\n\s+(\S+)$/m.exec(cli.output())![1]!;
        const res = await fetch(`${cli.url}/partner/v1/orgs`, { headers: { authorization: `Bearer ${key}` } });
        expect(res.status).toBe(200);
        while (!cli.output().includes(said)) await new Promise((r) => setTimeout(r, 20));
        cli.child.kill("SIGTERM");
        expect(await cli.exited).toBe("SIGTERM");
      } finally {
        await cli.stop();
      }
    }
    expect(readFileSync(cacheFile).equals(Buffer.alloc(4096, 7))).toBe(false); // rewritten after the rejection
  }, 90_000);
});
