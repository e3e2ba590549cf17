// When Respect stops before it reports (here: the journeys file copied away from the document it
// names as its source), the run fails:
// every journey it was to run is reported as not run, and a report an earlier run left behind is
// not taken for this run's.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { JOURNEYS_FILE } from "../../scripts/journeys/description.ts";
import { runJourneys } from "../../scripts/journeys/run.ts";

const outDir = mkdtempSync(join(tmpdir(), "journeys-stops-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("a Respect run that stops before reporting", () => {
  it("fails the run, reporting every journey as not run, and ignores an earlier report", async () => {
    const stale = { status: "success", files: { x: { executedWorkflows: [{ type: "workflow", workflowId: "provisionCustomer", status: "success", startTime: 0, endTime: 1, executedSteps: [] }] } } };
    writeFileSync(join(outDir, "respect.json"), JSON.stringify(stale));
    const file = join(outDir, "arazzo", "partner-journeys.arazzo.yaml");
    mkdirSync(join(outDir, "arazzo"));
    copyFileSync(JOURNEYS_FILE, file);
    const run = await runJourneys({
      baseUrl: "http://127.0.0.1:9",
      apiKey: "k",
      capabilities: { stateful: true, sandbox: true, otherKey: true, rateLimits: true },
      only: ["provisionCustomer"],
      pageSize: 2,
      outDir,
      file,
    });
    expect(run.respect?.report).toBeUndefined();
    expect(run.respect?.output).toContain(`no such file or directory '${join(outDir, "openapi.yaml")}'`);
    expect(run.lines.map((l) => l.line.replace(/ +/g, " "))).toEqual(["✗ provisionCustomer did not run (Respect stopped before it)"]);
    expect(run.exitCode).toBe(1);
  });
});
