// The newcomer's documents hold up: CONTRIBUTING names only what is in the repository and pins
// what package.json pins; README's examples leave no untracked file; `npm run bench` refuses a
// name it does not know.
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

describe("README.md", () => {
  it("binds loopback in every example, except where it is about hosting", () => {
    const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
    const exposed: string[] = [];
    let hostingExamples = 0;
    for (const page of pages) {
      // Each "## " section on its own: only the one about hosting may serve other machines.
      for (const section of read(page).split(/^(?=## )/m)) {
        const hosting = /^## Hosting/.test(section);
        for (const [, host] of section.matchAll(/(?:--host[ =]|_HOST=)([^\s`'")]+)/g)) {
          if (/^(127\.0\.0\.1|::1|localhost|ADDRESS)$/.test(host!)) continue;
          if (hosting) hostingExamples++;
          else exposed.push(`${page}: --host ${host} under "${section.split("\n")[0]}"`);
        }
      }
    }
    expect(exposed).toEqual([]);
    expect(hostingExamples, "the hosting section shows how to serve other machines").toBeGreaterThan(0);
  });

  it("puts every --state file of its examples where .gitignore covers it", () => {
    const states = [...read("README.md").matchAll(/--state\s+([^\s`]+)/g)].map((m) => m[1]!).filter((p) => p !== "FILE");
    expect(states.length).toBeGreaterThan(0);
    for (const state of states) {
      // `git check-ignore` exits 0 when the path is ignored (it need not exist).
      const result = spawnSync("git", ["check-ignore", "-q", "--no-index", state], { cwd: root });
      expect(result.status, `${state} is not git-ignored`).toBe(0);
      for (const sibling of [`${state}-wal`, `${state}-shm`]) expect(spawnSync("git", ["check-ignore", "-q", "--no-index", sibling], { cwd: root }).status, sibling).toBe(0);
    }
  });
});

describe("npm run bench", () => {
  it("fails on an unknown benchmark name and lists the valid ones", () => {
    // Plain node (its type stripping): the name is checked before any benchmark module loads.
    const result = spawnSync(process.execPath, ["scripts/bench/index.ts", "clinet"], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(result.status).toBe(1);
    const names = execFileSync("ls", [join(root, "scripts/bench")], { encoding: "utf8" }).split("\n").filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.replace(/\.ts$/, ""));
    expect(result.stderr.trim()).toBe(`bench: no benchmark named "clinet"; the benchmarks are: ${names.sort().join(", ")}`);
    expect(result.stdout).toBe("");
  });
});
