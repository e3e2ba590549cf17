// The journeys file as the runner reads it, and what Redocly's lint does not check: every step
// calls an operation the Partner API document has, or a workflow that exists.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { JOURNEYS_FILE, NEEDS, readJourneys } from "../../../scripts/journeys/description.ts";
import { loadBundle, operations } from "../../helpers/document.ts";

interface Step {
  stepId: string;
  operationId?: string;
  workflowId?: string;
  "x-operation"?: unknown;
  onFailure?: { type: string; retryLimit?: number }[];
}
interface Arazzo {
  sourceDescriptions: { name: string; url: string; type: string }[];
  workflows: { workflowId: string; steps: Step[] }[];
}

const load = (file: string) => parse(readFileSync(file, "utf8")) as Arazzo;
const main = load(JOURNEYS_FILE);
const pagesFile = resolve(dirname(JOURNEYS_FILE), main.sourceDescriptions.find((s) => s.type === "arazzo")!.url);
const files = { [JOURNEYS_FILE]: main, [pagesFile]: load(pagesFile) };
const operationIds = new Set(operations(loadBundle()).map((o) => o.operationId));

describe("the journeys file", () => {
  it("lists every workflow with a summary and the needs it has of a target", () => {
    const journeys = readJourneys();
    expect(journeys.map((j) => j.workflowId)).toEqual(main.workflows.map((w) => w.workflowId));
    expect(new Set(journeys.map((j) => j.workflowId)).size).toBe(journeys.length);
    // Every journey needs a live server: on a stateless mock none can pass (see plan.test.ts).
    for (const j of journeys) expect(j.needs, j.workflowId).toContain("liveServer");
  });

  it("refuses a need the runner does not know, naming the ones it does", () => {
    const dir = mkdtempSync(join(tmpdir(), "journeys-file-"));
    try {
      const file = join(dir, "bad.arazzo.yaml");
      writeFileSync(file, readFileSync(JOURNEYS_FILE, "utf8").replace("x-needs: [liveServer, sandbox]", "x-needs: [liveServer, staging]"));
      expect(() => readJourneys(file)).toThrow(`x-needs must list only ${NEEDS.join(", ")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("points both files at the Partner API document", () => {
    for (const [file, doc] of Object.entries(files)) {
      const api = doc.sourceDescriptions.find((s) => s.type === "openapi")!;
      expect(resolve(dirname(file), api.url)).toBe(resolve(dirname(JOURNEYS_FILE), "../openapi.yaml"));
    }
  });

  it("calls only operations the document has, and workflows that exist", () => {
    const workflowIds = new Set(Object.values(files).flatMap((d) => d.workflows.map((w) => w.workflowId)));
    const problems: string[] = [];
    for (const doc of Object.values(files)) {
      for (const workflow of doc.workflows) {
        for (const step of workflow.steps) {
          const where = `${workflow.workflowId}/${step.stepId}`;
          if (step.operationId && !operationIds.has(step.operationId)) problems.push(`${where}: no operation ${step.operationId}`);
          const called = step.workflowId?.replace(/^\$sourceDescriptions\.[^.]+\./, "");
          if (called && !workflowIds.has(called)) problems.push(`${where}: no workflow ${called}`);
          if (!step.operationId && !step.workflowId && !step["x-operation"]) problems.push(`${where}: calls nothing`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("retries a rate-limited call more times than the document's limit allows in a window, so a server that never refuses fails", () => {
    const bundle = loadBundle() as { paths: Record<string, Record<string, { operationId?: string; "x-rate-limit"?: { limit: number } }>> };
    const limitOf = (operationId: string) =>
      Object.values(bundle.paths).flatMap((item) => Object.values(item)).find((op) => op.operationId === operationId)?.["x-rate-limit"]?.limit;
    const retried = main.workflows.flatMap((w) => w.steps).filter((s) => s.onFailure?.some((f) => f.type === "retry" && s.operationId && limitOf(s.operationId) !== undefined));
    expect(retried.length).toBeGreaterThan(0);
    for (const step of retried) {
      const retryLimit = Math.max(...step.onFailure!.map((f) => f.retryLimit ?? 0));
      expect(retryLimit, step.stepId).toBeGreaterThan(limitOf(step.operationId!)!);
    }
  });
});
