// Which git ref the breaking-change gate compares with, and why. In order:
//   1. an explicit ref (--base REF or BREAKING_BASE=REF);
//   2. origin/main: what partners were last given (CI on a branch or a pull request);
//   3. the latest tag reachable from HEAD: the last release;
//   4. HEAD: with neither a remote nor a tag nothing has been published from this clone, so
//      the gate checks the uncommitted edits — still useful before a commit, and it says so.
import { execFileSync } from "node:child_process";

export interface Base {
  ref: string;
  why: string;
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function resolveBase(cwd: string, explicit?: string): Base {
  if (explicit) return { ref: explicit, why: "given with --base / BREAKING_BASE" };
  if (git(["rev-parse", "--verify", "--quiet", "origin/main^{commit}"], cwd)) {
    return { ref: "origin/main", why: "the published main branch" };
  }
  const tag = git(["describe", "--tags", "--abbrev=0"], cwd);
  if (tag) return { ref: tag, why: "the latest tag (no origin/main)" };
  return {
    ref: "HEAD",
    why: "no origin/main and no tag, so only uncommitted changes are checked; pass --base REF to compare with another ref",
  };
}

/** The committed bundle at `ref` (generated/ is kept in sync with openapi/ by check:generated). */
export function bundleAt(cwd: string, ref: string, path = "generated/openapi.json"): string {
  const content = git(["show", `${ref}:${path}`], cwd);
  if (content === undefined) throw new Error(`cannot read ${path} at ${ref}: is it a ref of this repository with the bundle committed?`);
  return content;
}
