// Every curl sample in the docs, run as a partner would paste it, against the Prism mock: it must
// call its own operation, pass the mock's request validation (the samples use --fail-with-body,
// so any 4xx/5xx fails the run) and get back the documented success body.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { codeSamples, loadDocument, productionUrl, retarget } from "../../scripts/docs-samples.ts";
import { pathPattern } from "../../packages/sandbox/src/contract/openapi-document.ts";
import { OpenApiResponses } from "../helpers/openapi-responses.ts";

const run = promisify(execFile);
const doc = loadDocument();
const responses = new OpenApiResponses();
const curlSamples = codeSamples(doc).filter((s) => s.lang === "curl");

function successSchema(operationId: string): Record<string, unknown> {
  const all = responses.operations.get(operationId)!.raw.responses as Record<string, unknown>;
  const status = Object.keys(all).find((s) => s.startsWith("2"))!;
  const media = (responses.deref<Record<string, unknown>>(all[status]).content as Record<string, Record<string, unknown>>)["application/json"]!;
  return media.schema as Record<string, unknown>;
}

describe("curl samples", () => {
  it("every operation has one", () => {
    expect(curlSamples.map((s) => s.operationId).sort()).toEqual([...responses.operations.keys()].sort());
  });

  describe.each(curlSamples)("$operationId", (sample) => {
    it("calls its own operation on the production server", () => {
      const method = /-X\s+([A-Z]+)/.exec(sample.source)?.[1] ?? "GET";
      const url = /"(https?:\/\/[^"]+)"/.exec(sample.source)?.[1];
      expect(method).toBe(sample.method);
      expect(url).toBeDefined();
      const { pathname } = new URL(url!);
      const template = pathPattern(sample.path);
      expect(url!.startsWith(productionUrl(doc))).toBe(true);
      expect(pathname).toMatch(template);
      expect(sample.source).toContain('Authorization: Bearer $OPENCX_PARTNER_API_KEY');
    });

    it("succeeds against the mock with the documented body", async () => {
      const script = `set -euo pipefail\n${retarget(sample.source, doc, inject("prismUrl"))}`;
      const { stdout } = await run("bash", ["-c", script], {
        env: { ...process.env, OPENCX_PARTNER_API_KEY: "sample-test-key" },
      });
      const validate = responses.schema(successSchema(sample.operationId));
      const body: unknown = JSON.parse(stdout);
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    });
  });
});
