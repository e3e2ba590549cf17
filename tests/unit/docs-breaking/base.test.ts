// Which ref check:breaking compares with, in a scratch repository: an explicit ref, else
// origin/main, else the latest tag, else HEAD; and a base it cannot read said in one line.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../../packages/sandbox/src/cli/style.ts";
import { baseBundle, BaseRefError, bundleAt, resolveBase } from "../../../scripts/breaking-base.ts";

let repo: string;
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "tag.gpgSign=false", "-c", "commit.gpgSign=false", ...args], {
    cwd: repo,
    stdio: "pipe",
  });

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "breaking-base-"));
  git("init", "-q", "-b", "main");
  mkdirSync(join(repo, "generated"));
  writeFileSync(join(repo, "generated/openapi.json"), '{"info":{"version":"1.0.0"}}\n');
  git("add", ".");
  git("commit", "-q", "-m", "one");
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe("resolveBase", () => {
  it("falls back to HEAD, saying why, with no origin/main and no tag", () => {
    expect(resolveBase(repo)).toEqual({ ref: "HEAD", why: expect.stringMatching(/only uncommitted changes/) });
  });

  it("prefers the latest tag to HEAD", () => {
    git("tag", "v1.0.0");
    git("commit", "-q", "--allow-empty", "-m", "two");
    git("tag", "v1.1.0");
    git("commit", "-q", "--allow-empty", "-m", "three");
    expect(resolveBase(repo).ref).toBe("v1.1.0");
  });

  it("prefers origin/main to a tag", () => {
    git("tag", "v1.0.0");
    git("update-ref", "refs/remotes/origin/main", "HEAD");
    expect(resolveBase(repo).ref).toBe("origin/main");
  });

  it("takes an explicit ref over everything", () => {
    git("update-ref", "refs/remotes/origin/main", "HEAD");
    expect(resolveBase(repo, "v0.9.0").ref).toBe("v0.9.0");
    expect(resolveBase(repo, "v0.9.0", "BREAKING_BASE")).toEqual({ ref: "v0.9.0", why: "given with BREAKING_BASE", source: "BREAKING_BASE" });
  });
});

/** A commit before the bundle was: the scratch repository's history starts without generated/. */
function withEarlyCommit(): string {
  git("checkout", "-q", "--orphan", "early");
  git("rm", "-q", "-r", "--cached", ".");
  rmSync(join(repo, "generated"), { recursive: true });
  writeFileSync(join(repo, "README.md"), "early\n");
  git("add", "README.md");
  git("commit", "-q", "-m", "early");
  return "early";
}

describe("bundleAt", () => {
  it("reads the committed bundle at a ref, and says why a ref has none", () => {
    expect(JSON.parse(bundleAt(repo, "HEAD"))).toEqual({ info: { version: "1.0.0" } });
    expect(() => bundleAt(repo, "no-such-ref")).toThrow(new BaseRefError("no-such-ref", "not-a-ref", "generated/openapi.json"));
    expect(() => bundleAt(repo, "no-such-ref")).toThrow("no-such-ref is not a branch, tag or commit of this repository");
    const early = withEarlyCommit();
    expect(() => bundleAt(repo, early)).toThrow("early has no generated/openapi.json committed");
  });
});

describe("baseBundle", () => {
  const refused = (call: () => unknown): Error => {
    try {
      call();
    } catch (error) {
      return error as Error;
    }
    throw new Error("nothing thrown");
  };

  it("refuses a given ref that does not exist as wrong usage: one line naming the flag, the ref and what to pass instead", () => {
    const error = refused(() => baseBundle(repo, resolveBase(repo, "v1.2.0", "--base")));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).showUsage).toBe(false);
    expect(error.message).toMatch(/^--base v1\.2\.0: v1\.2\.0 is not a branch, tag or commit of this repository; pass a ref that has generated\/openapi\.json, e\.g\. --base HEAD~1/);
    expect(error.message).not.toContain("\n");
    expect(refused(() => baseBundle(repo, resolveBase(repo, "nope", "BREAKING_BASE"))).message).toMatch(/^BREAKING_BASE=nope: nope is not a branch/);
  });

  it("refuses a given ref without the bundle the same way", () => {
    const early = withEarlyCommit();
    const error = refused(() => baseBundle(repo, resolveBase(repo, early, "--base")));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/^--base early: early has no generated\/openapi\.json committed; pass a ref that has generated\/openapi\.json, e\.g\. --base HEAD~1/);
  });

  it("says a default base without the bundle is a failure, not wrong usage, and what to pass", () => {
    const early = withEarlyCommit();
    git("tag", "v0.1.0", early);
    const base = resolveBase(repo);
    expect(base.ref).toBe("v0.1.0");
    const error = refused(() => baseBundle(repo, base));
    expect(error).not.toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/^the default base v0\.1\.0 \(the latest tag \(no origin\/main\)\): v0\.1\.0 has no generated\/openapi\.json committed; pass --base REF with a ref that has generated\/openapi\.json/);
  });
});
