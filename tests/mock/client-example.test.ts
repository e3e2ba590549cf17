// The README's provisioning example is examples/provision.ts, verbatim; it type-checks as a
// partner's project would compile it and runs against the Prism mock.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { describe, expect, inject, it } from "vitest";
import { freePort } from "../../mock/free-port.ts";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const EXAMPLE = "examples/provision.ts";
// The package's name means its sources here (tsconfig "paths" for tsc, this hook for node).
const SOURCE_IMPORTS = resolve(root, "scripts/source-imports.ts");
// The package's exports map this condition to src/, so "@opencx/partner-api" resolves inside the repo.
const SOURCE_CONDITION = "opencx-source";

describe(EXAMPLE, () => {
  it("is what the README shows, verbatim", () => {
    const readme = readFileSync(resolve(root, "README.md"), "utf8");
    const block = readme.match(new RegExp(`<!-- example: ${EXAMPLE} -->\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\`\\n`));
    expect(block, `README.md has no \`<!-- example: ${EXAMPLE} -->\` code block`).not.toBeNull();
    expect(block![1]).toBe(readFileSync(resolve(root, EXAMPLE), "utf8"));
  });

  it("type-checks", () => {
    const config = ts.getParsedCommandLineOfConfigFile(resolve(root, "tsconfig.json"), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    })!;
    const program = ts.createProgram([resolve(root, EXAMPLE)], {
      ...config.options,
      noEmit: true,
      customConditions: [SOURCE_CONDITION],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(diagnostics).toEqual([]);
  }, 60_000);

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
