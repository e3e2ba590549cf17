// The sandbox's shape, as docs/architecture.md draws it: no import cycles (types included), the
// assembler (app.ts) imported by startSandbox alone, and the typed context (context.ts) importing
// no feature. dpdm parses the sources with TypeScript, so `import type` counts too.
import { relative, resolve } from "node:path";
import { parseCircular, parseDependencyTree, type DependencyTree } from "dpdm";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SANDBOX = "packages/sandbox/src";
const CLIENT = "packages/client/src";

let tree: DependencyTree;
const rel = (file: string) => relative(ROOT, resolve(ROOT, file));

beforeAll(async () => {
  tree = await parseDependencyTree([`${SANDBOX}/index.ts`, `${SANDBOX}/cli/cli.ts`, `${CLIENT}/index.ts`], {
    cwd: ROOT,
    context: ROOT,
    transform: false, // keep type-only imports
    include: /\.[cm]?tsx?$/,
    exclude: /node_modules|generated\//,
  });
}, 60_000);

/** Who imports `file`, among the parsed modules. */
const importersOf = (file: string): string[] =>
  Object.entries(tree)
    .filter(([, deps]) => (deps ?? []).some((d) => d.id !== null && rel(d.id) === file))
    .map(([issuer]) => rel(issuer));

describe("the sandbox's modules", () => {
  it("form no import cycle, type-only imports included", () => {
    expect(Object.keys(tree).length).toBeGreaterThan(50);
    expect(parseCircular(tree).map((cycle) => cycle.map(rel).join(" -> "))).toEqual([]);
  });

  it("reach the assembler only through startSandbox", () => {
    expect(importersOf(`${SANDBOX}/app.ts`)).toEqual([`${SANDBOX}/index.ts`]);
  });

  it("share one context that imports no feature", () => {
    const features = ["api", "caller", "controls", "journal", "page", "landing", "ratelimit", "validation", "cli"];
    const deps = (tree[`${SANDBOX}/context.ts`] ?? tree[resolve(ROOT, SANDBOX, "context.ts")] ?? []).map((d) => rel(d.id ?? ""));
    expect(deps.length).toBeGreaterThan(0);
    expect(deps.filter((d) => features.some((f) => d.startsWith(`${SANDBOX}/${f}/`)))).toEqual([]);
  });
});

describe("the client's modules", () => {
  it("never import the sandbox", () => {
    const fromClient = Object.entries(tree).filter(([issuer]) => rel(issuer).startsWith(CLIENT));
    expect(fromClient.length).toBeGreaterThan(5);
    expect(fromClient.flatMap(([, deps]) => (deps ?? []).map((d) => rel(d.id ?? ""))).filter((d) => d.startsWith("packages/sandbox/"))).toEqual([]);
  });
});
