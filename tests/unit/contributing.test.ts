// The newcomer's documents hold up: CONTRIBUTING names only what is in the repository and pins
// what package.json pins; the pages' examples bind loopback (but the hosting page's) and leave no
// untracked file; `npm run bench` refuses a name it does not know.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(join(root, file), "utf8");
const contributing = read("CONTRIBUTING.md");

describe("CONTRIBUTING.md", () => {
  it("links and names only paths that exist in the repository", () => {
    const links = [...contributing.matchAll(/\]\((?!https?:|#)([^)]+)\)/g)].map((m) => m[1]!);
    const named = [...contributing.matchAll(/`((?:openapi|generated|src|mock|tests|scripts|tools)\/[^`\s{}…*]*)`/g)].map((m) => m[1]!);
    expect(links.length + named.length).toBeGreaterThan(10);
    expect([...links, ...named].filter((p) => !existsSync(join(root, p)))).toEqual([]);
  });

  it("refers to no notes outside the repository", () => {
    expect(contributing).not.toMatch(/toolchain notes|\/work\/|shared\/notes/);
  });

  it("lists the versions the package.json files and tools/optic pin", () => {
    const pins: Record<string, string> = {};
    for (const file of ["package.json", "packages/client/package.json", "packages/sandbox/package.json", "tools/optic/package.json"]) {
      const pkg = JSON.parse(read(file)) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
      Object.assign(pins, pkg.dependencies, pkg.devDependencies);
    }
    const section = contributing.slice(contributing.indexOf("## Toolchain"));
    const rows = [...section.matchAll(/^\| (`[^|]+`) \| ([^|]+) \|/gm)];
    expect(rows.length).toBeGreaterThan(5);
    for (const [, names, versions] of rows) {
      const ns = [...names!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      const vs = versions!.split("+").map((v) => v.trim());
      ns.forEach((n, i) => expect(pins[n], n).toBe(vs[i]));
    }
  });
});

/** Every page a reader follows: the README, CONTRIBUTING, docs/*.md and the packages' READMEs. */
const pages = [
  "README.md",
  "CONTRIBUTING.md",
  ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
  ...readdirSync(join(root, "packages")).map((p) => `packages/${p}/README.md`).filter((f) => existsSync(join(root, f))),
];
/** The one page about serving other machines. */
const HOSTING_PAGE = "docs/hosting.md";

describe("the pages' examples", () => {
  it("bind loopback, except on the hosting page, which shows how to serve other machines", () => {
    const exposed: string[] = [];
    let hostingExamples = 0;
    for (const page of pages) {
      for (const [, host] of read(page).matchAll(/(?:--host[ =]|_HOST=)([^\s`'")]+)/g)) {
        if (/^(127\.0\.0\.1|::1|localhost|ADDRESS)$/.test(host!)) continue;
        if (page === HOSTING_PAGE) hostingExamples++;
        else exposed.push(`${page}: --host ${host}`);
      }
    }
    expect(exposed).toEqual([]);
    expect(hostingExamples, `${HOSTING_PAGE} shows how to serve other machines`).toBeGreaterThan(0);
  });

  it("put every --state file where .gitignore covers it, on every page", () => {
    const states = pages.flatMap((page) => [...read(page).matchAll(/--state[ =]([^\s`'")]+)/g)].map((m) => ({ page, state: m[1]! }))).filter(({ state }) => state !== "FILE");
    expect(states.length).toBeGreaterThan(0);
    for (const { page, state } of states) {
      // `git check-ignore` exits 0 when the path is ignored (it need not exist).
      const result = spawnSync("git", ["check-ignore", "-q", "--no-index", state], { cwd: root });
      expect(result.status, `${page}: ${state} is not git-ignored`).toBe(0);
      for (const sibling of [`${state}-wal`, `${state}-shm`]) expect(spawnSync("git", ["check-ignore", "-q", "--no-index", sibling], { cwd: root }).status, `${page}: ${sibling}`).toBe(0);
    }
  });
});

describe("npm run bench", () => {
  const benchmarks = readdirSync(join(root, "scripts/bench")).filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.replace(/\.ts$/, "")).sort();

  it("has a section of docs/benchmarks.md per benchmark, and the page runs only benchmarks that exist", () => {
    const page = read("docs/benchmarks.md");
    const sections = [...page.matchAll(/^## (\S+)$/gm)].map((m) => m[1]!).filter((h) => /^[a-z-]+$/.test(h));
    expect(sections.sort()).toEqual(benchmarks);
    const named = [...page.matchAll(/npm run bench -- ([a-z -]+?)\s*(?:#|`|$)/gm)].flatMap((m) => m[1]!.trim().split(/\s+/));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !benchmarks.includes(n))).toEqual([]);
  });

  it("fails on an unknown benchmark name and lists the valid ones", () => {
    // Plain node (its type stripping): the name is checked before any benchmark module loads.
    const result = spawnSync(process.execPath, ["scripts/bench/index.ts", "clinet"], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(result.status).toBe(1);
    const names = execFileSync("ls", [join(root, "scripts/bench")], { encoding: "utf8" }).split("\n").filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.replace(/\.ts$/, ""));
    expect(result.stderr.trim()).toBe(`bench: no benchmark named "clinet"; the benchmarks are: ${names.sort().join(", ")}`);
    expect(result.stdout).toBe("");
  });
});
