// The pages hold together: a short README that leads to every page, links and anchors that
// resolve, a contents list on every long page, no reference to anything outside the repository,
// and code comments that cite only pages that exist.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { headings, links, pages, proseOf, read, root } from "../docs/markdown.ts";

const README_MAX_LINES = 170;
/** The pages the README must lead to (beside the older docs/*.md it links too). */
const README_PAGES = ["docs/sandbox.md", "docs/hosting.md", "docs/client.md", "docs/contract-tests.md", "docs/node-and-ci.md", "docs/benchmarks.md"];
const CONTENTS_FROM_LINES = 100;

const lineCount = (text: string) => text.replace(/\n$/, "").split("\n").length;
const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** Where a relative link of `page` leads: the repository path (maybe empty: the page itself) and the anchor. */
function resolveLink(page: string, target: string): { path: string; anchor: string | undefined } {
  const [file = "", anchor] = target.split("#", 2) as [string, string | undefined];
  const path = file === "" ? page : normalize(join(dirname(page), decodeURIComponent(file)));
  return { path: path.replace(/\/$/, ""), anchor };
}

function ignoredByGit(path: string): boolean {
  return spawnSync("git", ["check-ignore", "-q", "--no-index", path], { cwd: root }).status === 0;
}

describe("README.md", () => {
  const readme = read("README.md");

  it(`has at most ${README_MAX_LINES} lines`, () => {
    expect(lineCount(readme)).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it("links each of the pages it hands its topics to", () => {
    const linked = new Set(links(readme).filter((t) => !isExternal(t)).map((t) => resolveLink("README.md", t).path));
    expect(README_PAGES.filter((page) => !linked.has(page))).toEqual([]);
  });
});

describe.each(pages())("%s", (page) => {
  const text = read(page);

  it("links only files of the repository, and only anchors that are headings of the target page", () => {
    const broken: string[] = [];
    for (const target of links(text)) {
      if (isExternal(target)) continue;
      const { path, anchor } = resolveLink(page, target);
      if (relative(root, join(root, path)).startsWith("..") || !existsSync(join(root, path)) || ignoredByGit(path)) {
        broken.push(`${target}: no such file in the repository`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!path.endsWith(".md") || statSync(join(root, path)).isDirectory()) {
        broken.push(`${target}: an anchor into a file that is not a page`);
        continue;
      }
      const slugs = headings(read(path)).map((h) => h.slug);
      if (!slugs.includes(anchor)) broken.push(`${target}: ${path} has no heading "#${anchor}"`);
    }
    expect(broken).toEqual([]);
  });

  it(`has a ## Contents list of its ## headings when longer than ${CONTENTS_FROM_LINES} lines`, () => {
    if (lineCount(text) <= CONTENTS_FROM_LINES) return;
    const sections = headings(text).filter((h) => h.level === 2);
    expect(sections[0]?.text, "the first ## heading").toBe("Contents");
    // After the title and one intro paragraph.
    const beforeContents = proseOf(text).split(/^## Contents$/m)[0]!.trim().split("\n");
    expect(beforeContents[0], "the title").toMatch(/^# /);
    const intro = beforeContents.slice(1).join("\n").trim();
    expect(intro, "one intro paragraph before the contents").not.toBe("");
    expect(intro, "one intro paragraph before the contents").not.toMatch(/\n\s*\n/);
    const list = text.split(/^## Contents$/m)[1]!.split(/^## /m)[0]!;
    const listed = [...list.matchAll(/^\s*[-*] \[[^\]]*\]\(#([^)]+)\)/gm)].map((m) => m[1]);
    expect(listed).toEqual(sections.slice(1).map((h) => h.slug));
  });

  it("names no notes outside the repository and no issue numbers", () => {
    const prose = text;
    expect(prose).not.toMatch(/DESIGN\.md|\bDESIGN decision/);
    expect(prose).not.toMatch(/\.\.\/shared/);
    expect(prose).not.toMatch(/\/work\//);
    expect(prose).not.toMatch(/\bissues? #?\d+/i);
    expect(prose).not.toMatch(/(^|[\s(,;])#\d+\b/m);
  });
});

describe("code comments that cite a page", () => {
  function sources(dir: string): string[] {
    const found: string[] = [];
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.name === "node_modules" || entry.name === "dist" || ignoredByGit(path)) continue;
      if (entry.isDirectory()) found.push(...sources(path));
      else if (/\.(ts|cts|mts|js|mjs|cjs|yaml|yml|json|md)$/.test(entry.name)) found.push(path);
    }
    return found;
  }
  const files = [
    ...["packages", "scripts", "tests", "mock", "examples"].flatMap(sources),
    ...readdirSync(root).filter((f) => /^vitest.*\.ts$/.test(f)),
  ];

  it("name pages that exist", () => {
    const cited = files.flatMap((file) => [...read(file).matchAll(/\bdocs\/([\w.-]+\.md)\b/g)].map((m) => ({ file, page: `docs/${m[1]}` })));
    expect(cited.length).toBeGreaterThan(5);
    expect(cited.filter(({ page }) => !existsSync(join(root, page))).map(({ file, page }) => `${file}: ${page}`)).toEqual([]);
  });
});

describe("pages that list what the code has", () => {
  it("docs/node-and-ci.md lists the steps of npm test as scripts/test.ts runs them", () => {
    const script = read("scripts/test.ts");
    const steps = [...script.slice(script.indexOf("const STEPS")).split("];")[0]!.matchAll(/name: "([^"]+)"/g)].map((m) => m[1]);
    expect(steps.length).toBeGreaterThan(5);
    const page = read("docs/node-and-ci.md");
    const section = page.slice(page.indexOf("## How npm test is made")).split(/^## /m)[1]!;
    const listed = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(steps);
  });

  it("docs/command-line.md names every npm script of package.json", () => {
    const scripts = Object.keys((JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts);
    const page = read("docs/command-line.md");
    const named = (script: string) => page.includes(`\`npm ${script}\``) || page.includes(`\`npm run ${script}`) || page.includes(`\`${script}\``);
    expect(scripts.filter((s) => !named(s))).toEqual([]);
  });
});
