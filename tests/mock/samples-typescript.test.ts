// Every TypeScript sample in the docs: type-checked as a partner's project compiles it, then run
// with the package's own client against the Prism mock (production URL swapped for the mock's).
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { codeSamples, loadDocument, retarget } from "../../scripts/docs-samples.ts";
import { typeCheckSamples } from "../../scripts/docs-samples-typecheck.ts";
import { OpenApiResponses } from "../helpers/openapi-responses.ts";

const run = promisify(execFile);
// The package's name means its sources here (tsconfig "paths" for tsc, this hook for node).
const SOURCE_IMPORTS = fileURLToPath(new URL("../../scripts/source-imports.ts", import.meta.url));
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const doc = loadDocument();
const samples = codeSamples(doc).filter((s) => s.lang === "TypeScript");
const operationIds = [...new OpenApiResponses().operations.keys()];

// Inside the package (dist/ is ignored by git), so "@opencx/partner-api" resolves to this
// package itself, as it does from a partner's node_modules.
let workDir: string;
const fileFor = (operationId: string, kind: "as-published" | "against-mock") => join(workDir, kind, `${operationId}.ts`);

beforeAll(() => {
  mkdirSync(join(root, "dist"), { recursive: true });
  workDir = mkdtempSync(join(root, "dist", ".samples-"));
  for (const kind of ["as-published", "against-mock"] as const) mkdirSync(join(workDir, kind));
  for (const s of samples) {
    writeFileSync(fileFor(s.operationId, "as-published"), s.source);
    writeFileSync(fileFor(s.operationId, "against-mock"), retarget(s.source, doc, inject("prismUrl")));
  }
  // A sample with a misspelt field: proves the check below reports errors at all.
  writeFileSync(
    join(workDir, "as-published", "broken.ts"),
    'import { createPartnerClient } from "@opencx/partner-api";\n' +
      'await createPartnerClient({ apiKey: "k" }).createOrg({ name: "A", externalId: "x" });\n',
  );
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("TypeScript samples", () => {
  it("every operation has one", () => {
    expect(samples.map((s) => s.operationId).sort()).toEqual(operationIds.sort());
  });

  it("type-check against the package's client (and a broken one does not)", () => {
    const brokenFile = join(workDir, "as-published", "broken.ts");
    const diagnostics = typeCheckSamples([...samples.map((s) => fileFor(s.operationId, "as-published")), brokenFile]);
    const broken = diagnostics.filter((d) => d.file === brokenFile).map((d) => d.text);
    expect(broken.join("\n")).toMatch(/externalId/);
    expect(diagnostics.filter((d) => d.file !== brokenFile).map((d) => d.text)).toEqual([]);
  });

  describe.each(samples)("$operationId", (sample) => {
    it("runs against the mock", async () => {
      const { stdout, stderr } = await run(
        process.execPath,
        ["--import", SOURCE_IMPORTS, fileFor(sample.operationId, "against-mock")],
        { cwd: root, env: { ...process.env, OPENCX_PARTNER_API_KEY: "sample-test-key" } },
      );
      expect(stderr).toBe("");
      // Each sample prints fields of the response: a shape mismatch would print "undefined".
      expect(stdout.trim()).not.toBe("");
      expect(stdout).not.toMatch(/undefined/);
    });
  });
});
