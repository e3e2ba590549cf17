// Which ref check:breaking compares with, in a scratch repository: an explicit ref, else
// origin/main, else the latest tag, else HEAD.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleAt, resolveBase } from "../../../scripts/breaking-base.ts";

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
  });
});

describe("bundleAt", () => {
  it("reads the committed bundle at a ref, and names a ref that has none", () => {
    expect(JSON.parse(bundleAt(repo, "HEAD"))).toEqual({ info: { version: "1.0.0" } });
    expect(() => bundleAt(repo, "no-such-ref")).toThrow(/cannot read generated\/openapi.json at no-such-ref/);
  });
});
