// What a partner gets from npm: the package packed with its `files`, installed into an empty
// project, started through its `bin` (as `npx opencx-partner-sandbox` would) and through the
// `./sandbox` export in-process. Compiled into a temporary directory, so the repo's dist/ is
// never touched; dependencies come from the npm cache (offline), else the registry.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { expectStopsOn, startLongRunning } from "../helpers/long-running.ts";
import { Api } from "./harness.ts";
import { ROOT, startCli } from "./cli-process.ts";

const work = mkdtempSync(join(tmpdir(), "sandbox-pkg-"));
const consumer = join(work, "consumer");
afterAll(() => rmSync(work, { recursive: true, force: true }));

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
}

beforeAll(() => {
  // The package as `npm pack` would see it after `npm run build` (package.json's `files`, dist/ built).
  const pkg = join(work, "pkg");
  execFileSync(process.execPath, [join(ROOT, "scripts/build.ts"), "--stage", pkg], { cwd: ROOT });
  npm(["pack", "--ignore-scripts", "--pack-destination", work], pkg);
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"))!;
  mkdirSync(consumer);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "partner-app", private: true, type: "module" }));
  const install = ["install", "--no-audit", "--no-fund", "--omit=dev", join(work, tarball)];
  try {
    npm([...install, "--offline"], consumer);
  } catch {
    npm([...install, "--prefer-offline"], consumer);
  }
}, 180_000);

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
    expect(await cli.exited).toBe("SIGTERM");
  } finally {
    await cli.stop();
  }
});

// npx runs the bin under npm's `sh -c`, which dash does not exec: SIGTERM to npx's PID ends npm
// and the shell and must still stop the bin; SIGINT is held by the shell and must still reach it
// (mock/sandbox/parent-watch.ts). The bin started directly takes both itself.
const COMMANDS = {
  "npx opencx-partner-sandbox": ["npx", "--no-install", "opencx-partner-sandbox", "--port", "PORT"],
  "the installed bin": [join(consumer, "node_modules/.bin/opencx-partner-sandbox"), "--port", "PORT"],
};

it.concurrent.for(Object.keys(COMMANDS).flatMap((command) => (["SIGINT", "SIGTERM"] as const).map((signal) => [command, signal] as const)))(
  "%s, %s to its PID: the bin stops, the port is free, it says so and ends by the signal",
  async ([command, signal]) => {
    const bin = await startLongRunning(COMMANDS[command as keyof typeof COMMANDS], { ready: /Ready in/, cwd: consumer, env: { XDG_CACHE_HOME: join(work, "cache") } });
    await expectStopsOn(bin, signal, "sandbox");
  },
);

it("the installed bin has the kit's command-line style: --version, did-you-mean, exit 2 for wrong usage", () => {
  const bin = join(consumer, "node_modules/.bin/opencx-partner-sandbox");
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  expect(spawnSync(bin, ["--version"], { cwd: consumer, encoding: "utf8" })).toMatchObject({ status: 0, stdout: `@opencx/partner-api ${version}\n` });
  const wrong = spawnSync(bin, ["--prot", "4011"], { cwd: consumer, encoding: "utf8" });
  expect(wrong.status).toBe(2);
  expect(wrong.stderr).toMatch(/^sandbox: unknown option --prot \(did you mean --port\?\)\nusage: opencx-partner-sandbox /);
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
