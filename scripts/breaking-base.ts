// Which git ref the breaking-change gate compares with, and why. In order:
//   1. an explicit ref (--base REF or BREAKING_BASE=REF);
//   2. origin/main: what partners were last given (CI on a branch or a pull request);
//   3. the latest tag reachable from HEAD: the last release;
//   4. HEAD: with neither a remote nor a tag nothing has been published from this clone, so
//      the gate checks the uncommitted edits — still useful before a commit, and it says so.
import { execFileSync } from "node:child_process";
import { UsageError } from "../packages/sandbox/src/cli/style.ts";
import { BUNDLE_PATH } from "./generators/bundle.ts";

export interface Base {
  ref: string;
  why: string;
  /** Where an explicit ref came from (`--base`, `BREAKING_BASE`); absent for a default base. */
  source?: string;
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `explicit`: the ref the command was given, and `source`, the flag or variable that gave it. */
export function resolveBase(cwd: string, explicit?: string, source = "--base"): Base {
  if (explicit) return { ref: explicit, why: `given with ${source}`, source };
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

/** A base the gate cannot read: not a ref of the repository, or a commit without the bundle. */
export class BaseRefError extends Error {
  override name = "BaseRefError";
  readonly ref: string;
  readonly reason: "not-a-ref" | "no-bundle";
  constructor(ref: string, reason: BaseRefError["reason"], path: string) {
    super(reason === "not-a-ref" ? `${ref} is not a branch, tag or commit of this repository` : `${ref} has no ${path} committed`);
    this.ref = ref;
    this.reason = reason;
  }
}

/**
 * The committed bundle at `ref` (BUNDLE_PATH by default: generated/ is kept in sync with openapi/ by
 * check:generated); a BaseRefError saying why there is none.
 */
export function bundleAt(cwd: string, ref: string, path = BUNDLE_PATH): string {
  if (!git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], cwd)) throw new BaseRefError(ref, "not-a-ref", path);
  const content = git(["show", `${ref}:${path}`], cwd);
  if (content === undefined) throw new BaseRefError(ref, "no-bundle", path);
  return content;
}

const INSTEAD = `e.g. --base HEAD~1 or a tag (git tag --list); git log --oneline -- ${BUNDLE_PATH} lists the commits that have it`;

/**
 * The bundle at the base, or one line saying which ref could not be read and what to pass
 * instead: a UsageError (exit 2) when the ref was given (a flag or variable with a bad value),
 * an Error (exit 1) when it was the default base.
 */
export function baseBundle(cwd: string, base: Base): string {
  try {
    return bundleAt(cwd, base.ref);
  } catch (error) {
    if (!(error instanceof BaseRefError)) throw error;
    if (base.source) {
      const given = base.source.startsWith("--") ? `${base.source} ${base.ref}` : `${base.source}=${base.ref}`;
      throw new UsageError(`${given}: ${error.message}; pass a ref that has ${BUNDLE_PATH}, ${INSTEAD}`);
    }
    throw new Error(`the default base ${base.ref} (${base.why}): ${error.message}; pass --base REF with a ref that has ${BUNDLE_PATH}, ${INSTEAD}`);
  }
}
