// `npm run proxy` (scripts/proxy.ts) in the kit's command-line style (packages/sandbox/src/cli/style.ts):
// an unknown flag is refused (it never starts on the default port), an upstream without a scheme
// says so, --version works, and SIGINT or SIGTERM to the started PID (npm's or node's) stops it
// with no proxy left behind. Its validation is tested in tests/fault-injection/validation-proxy.test.ts.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { expectStopsOn, startLongRunning } from "../helpers/long-running.ts";

const root = resolve(import.meta.dirname, "../..");
const proxy = (args: string[]) => spawnSync("npm", ["run", "--silent", "proxy", "--", ...args], { cwd: root, encoding: "utf8", timeout: 30_000 });

describe("npm run proxy", () => {
  it("refuses an unknown flag with a did-you-mean and the usage, exit 2, instead of starting", () => {
    const result = proxy(["http://127.0.0.1:4011", "--prot", "1"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^proxy: unknown option --prot \(did you mean --port\?\)\nusage: npm run proxy -- <upstream-url> /);
  });

  it("says what is wrong with an upstream without a scheme, exit 2", () => {
    expect(proxy(["localhost:4011"])).toMatchObject({ status: 2, stderr: 'proxy: the upstream must be an http:// or https:// URL, got "localhost:4011" (did you mean http://localhost:4011?)\n' });
    expect(proxy([])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^proxy: give the URL of the server to check, e\.g\. /) });
  });

  it("prints the package version on --version, exit 0", () => {
    const { name, version } = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { name: string; version: string };
    expect(proxy(["--version"])).toMatchObject({ status: 0, stdout: `${name} ${version}\n` });
  });
});

const COMMANDS = {
  "npm run proxy": ["npm", "run", "--silent", "proxy", "--", "http://127.0.0.1:1", "--port", "PORT"],
  "node scripts/proxy.ts": [process.execPath, "scripts/proxy.ts", "http://127.0.0.1:1", "--port", "PORT"],
};

it.concurrent.for(Object.keys(COMMANDS).flatMap((command) => (["SIGINT", "SIGTERM"] as const).map((signal) => [command, signal] as const)))(
  "%s, %s to its PID: it stops, the port is free, it says so and ends by the signal",
  async ([command, signal]) => {
    const running = await startLongRunning(COMMANDS[command as keyof typeof COMMANDS], { ready: /Validation proxy: /, cwd: root });
    await expectStopsOn(running, signal, "proxy");
  },
);
