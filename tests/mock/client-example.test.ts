// The client examples the docs show: the README's quickstart (examples/quickstart.ts) and the
// client page's provisioning run (examples/provision.ts), each shown verbatim, type-checked as a
// partner's project would compile it and run against the Prism mock; and the client package's
// own README snippet, type-checked too.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../mock/free-port.ts";
import { typeCheckSamples, type SampleDiagnostic } from "../../scripts/docs-samples-typecheck.ts";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const EXAMPLE = "examples/provision.ts";
const QUICKSTART = "examples/quickstart.ts";
/** Each example, the page that shows it verbatim. */
const SHOWN_IN: Record<string, string> = { [QUICKSTART]: "README.md", [EXAMPLE]: "docs/client.md" };
// The package's name means its sources here (tsconfig "paths" for tsc, this hook for node).
const SOURCE_IMPORTS = resolve(root, "scripts/source-imports.ts");
const PACKAGE_README = "packages/client/README.md";

// The package README's snippet, written where tsconfig's "paths" apply (dist/ is git-ignored).
mkdirSync(resolve(root, "dist"), { recursive: true });
const scratch = mkdtempSync(join(root, "dist", ".client-readme-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const readmeSnippet = join(scratch, "readme.ts");
writeFileSync(readmeSnippet, /```ts\n([\s\S]*?)```/.exec(readFileSync(resolve(root, PACKAGE_README), "utf8"))?.[1] ?? "");

/** Every checked file type-checked once, in one program, as a partner's project compiles it. */
let diagnostics: SampleDiagnostic[] | undefined;
function diagnosticsOf(file: string): string[] {
  diagnostics ??= typeCheckSamples([...Object.keys(SHOWN_IN).map((f) => resolve(root, f)), readmeSnippet]);
  return diagnostics.filter((d) => d.file === undefined || d.file === resolve(root, file)).map((d) => d.text);
}

it(`${PACKAGE_README}'s snippet type-checks against the package`, () => {
  expect(readFileSync(readmeSnippet, "utf8")).toContain("createPartnerClient");
  expect(diagnosticsOf(readmeSnippet)).toEqual([]);
}, 60_000);

describe.each(Object.entries(SHOWN_IN))("%s", (file, page) => {
  it(`is what ${page} shows, verbatim`, () => {
    const text = readFileSync(resolve(root, page), "utf8");
    const block = text.match(new RegExp(`<!-- example: ${file} -->\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\`\\n`));
    expect(block, `${page} has no \`<!-- example: ${file} -->\` code block`).not.toBeNull();
    expect(block![1]).toBe(readFileSync(resolve(root, file), "utf8"));
  });

  it("type-checks", () => {
    expect(diagnosticsOf(file)).toEqual([]);
  }, 60_000);
});

describe(QUICKSTART, () => {
  it("is about ten lines", () => {
    expect(readFileSync(resolve(root, QUICKSTART), "utf8").trimEnd().split("\n").length).toBeLessThanOrEqual(12);
  });

  it("runs against the mock with no variable but its URL: ensureOrg, createOrgApiKey, createLoginLink", async () => {
    const { OPENCX_PARTNER_API_KEY: _unset, ...env } = process.env;
    const { stdout, stderr } = await run(process.execPath, ["--import", SOURCE_IMPORTS, QUICKSTART], {
      cwd: root,
      timeout: 60_000,
      env: { ...env, OPENCX_BASE_URL: inject("prismUrl") },
    });
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^org [0-9a-f-]{36}, key [0-9a-f-]{36}, login link expires at \d{4}-\d\d-\d\dT\S+\n$/);
  }, 60_000);
});

describe(EXAMPLE, () => {
  it("runs against the mock: ensureOrg, createOrgApiKey, createLoginLink", async () => {
    const { stdout, stderr } = await run(process.execPath, ["--import", SOURCE_IMPORTS, EXAMPLE], {
      cwd: root,
      timeout: 60_000,
      env: { ...process.env, OPENCX_PARTNER_API_KEY: "example-test-key", OPENCX_BASE_URL: inject("prismUrl") },
    });
    expect(stderr).toBe("");
    expect(stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^created org [0-9a-f-]{36}, widget token \w+$/),
      expect.stringMatching(/^created org API key [0-9a-f-]{36}$/),
      expect.stringMatching(/^login link ready, expires at \d{4}-\d\d-\d\dT/),
    ]);
  }, 60_000);

  it("prints the client's error and exits 1 when the server is unreachable", async () => {
    const closedPort = await freePort();
    const error = await run(process.execPath, ["--import", SOURCE_IMPORTS, EXAMPLE], {
      cwd: root,
      timeout: 60_000,
      // An unreachable server: the example must print the client's error, not crash.
      env: { ...process.env, OPENCX_PARTNER_API_KEY: "example-test-key", OPENCX_BASE_URL: `http://127.0.0.1:${closedPort}` },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 1, stderr: expect.stringMatching(/^createOrg: no response \(.*ECONNREFUSED/) });
  }, 60_000);

  it("without OPENCX_PARTNER_API_KEY says so in one line and exits 1", async () => {
    const { OPENCX_PARTNER_API_KEY: _unset, ...env } = process.env;
    const error = await run(process.execPath, ["--import", SOURCE_IMPORTS, EXAMPLE], { cwd: root, timeout: 60_000, env }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(error).toMatchObject({ code: 1, stdout: "", stderr: "Set OPENCX_PARTNER_API_KEY to your partner API key (against the mock, any value works).\n" });
  }, 60_000);
});
