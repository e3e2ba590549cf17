// `npm run check:breaking` as a command, in the kit's command-line style (docs/command-line.md):
// a mistyped flag is refused with "did you mean" and the usage (exit 2), and a base that cannot be
// read is one line naming it and what to pass instead (exit 2: a flag or variable with a bad
// value), never a stack. Both stop before Optic: no install, no network (npm is kept offline and
// without a cache here, so a change that let them through fails instead of installing Optic).
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const USAGE = "usage: npm run check:breaking [-- --base REF]   (env BREAKING_BASE=REF; default: origin/main, else the latest tag, else HEAD)";
/** A ref no clone has. */
const MISSING = "v0.0.0-no-such-ref";

function checkBreaking(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { BREAKING_BASE: _, ...inherited } = process.env;
  const result = spawnSync(process.execPath, ["--import", "./scripts/require-node.mjs", "scripts/breaking.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...inherited, npm_config_offline: "true", npm_config_cache: "/dev/null/no-npm-cache", NO_COLOR: "1", ...env },
    timeout: 60_000,
  });
  expect(result.stderr + result.stdout, "Optic was never reached").not.toMatch(/installing Optic|optic diff/);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run check:breaking", () => {
  it("refuses an unknown flag with the nearest one and the usage: exit 2", () => {
    expect(checkBreaking(["--bsae", "v1.2.0"])).toEqual({ code: 2, stdout: "", stderr: `check:breaking: unknown option --bsae (did you mean --base?)\n${USAGE}\n` });
    expect(checkBreaking(["--base"])).toEqual({ code: 2, stdout: "", stderr: `check:breaking: --base needs a value\n${USAGE}\n` });
    expect(checkBreaking(["HEAD~1"])).toEqual({ code: 2, stdout: "", stderr: `check:breaking: unexpected argument HEAD~1\n${USAGE}\n` });
  });

  it("--base with a ref that does not exist: one line naming it and what to pass instead, exit 2, no stack", () => {
    const run = checkBreaking(["--base", MISSING]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      `check:breaking: --base ${MISSING}: ${MISSING} is not a branch, tag or commit of this repository; pass a ref that has generated/openapi.json, e.g. --base HEAD~1 or a tag (git tag --list); git log --oneline -- generated/openapi.json lists the commits that have it`,
    ]);
  });

  it("BREAKING_BASE with a ref that does not exist: the same line, naming the variable", () => {
    const run = checkBreaking([], { BREAKING_BASE: MISSING });
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(new RegExp(`^check:breaking: BREAKING_BASE=${MISSING}: ${MISSING} is not a branch, tag or commit of this repository; pass a ref that has`))]);
  });

  it("--help prints the usage and exits 0", () => {
    const run = checkBreaking(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(USAGE);
  });
});
