// What a journeys run prints, from Respect's JSON report: a line per workflow with its steps
// (called workflows and retries counted), its time and, when it failed, where.
import { describe, expect, it } from "vitest";
import type { Journey } from "../../../scripts/journeys/description.ts";
import { journeyLines, totalLine } from "../../../scripts/journeys/report.ts";
import { failedStepIds, workflowResults, type ExecutedStep, type ExecutedWorkflow, type RespectReport } from "../../../scripts/journeys/respect.ts";

const step = (stepId: string, failed?: { name: string; condition?: string; message?: string }, retriesLeft?: number): ExecutedStep => ({
  type: "step",
  stepId,
  status: failed ? "error" : "success",
  ...(retriesLeft === undefined ? {} : { retriesLeft }),
  checks: [{ name: "status code check", passed: true, severity: "error" }, ...(failed ? [{ ...failed, passed: false, severity: "error" }] : [])],
});
const workflow = (workflowId: string, status: ExecutedWorkflow["status"], executedSteps: ExecutedWorkflow["executedSteps"], ms = 40): ExecutedWorkflow => ({
  type: "workflow",
  workflowId,
  status,
  startTime: 1000,
  endTime: 1000 + ms,
  executedSteps,
});

const report: RespectReport = {
  status: "error",
  files: {
    "partner-journeys.arazzo.yaml": {
      executedWorkflows: [
        // A retried step that finally passed: the workflow passed, every attempt counts as a step.
        workflow("limited", "success", [step("createOrg"), step("mint", { name: "success criteria check", condition: "$statusCode == 429" }, 2), step("mint", { name: "success criteria check", condition: "$statusCode == 429" }, 1), step("mint")], 120.4),
        // A failure inside a called workflow: reported at the step that failed last.
        workflow("listed", "error", [step("createOrg"), workflow("listFrom", "error", [step("page"), step("nothingBeyondTotal", { name: "success criteria check", condition: "$response.body#/data.length == 0" })])]),
        workflow("refused", "error", [step("wrongKey", { name: "unexpected error", message: "fetch failed\nat …" })]),
      ],
    },
  },
};

const journeys: Journey[] = ["limited", "listed", "refused", "visited"].map((workflowId) => ({ workflowId, summary: `The ${workflowId} journey`, needs: [] }));

describe("workflowResults", () => {
  it("counts every step run, says where a workflow failed, and times it", () => {
    expect(workflowResults(report)).toEqual([
      { workflowId: "limited", passed: true, steps: 4, ms: 120 },
      { workflowId: "listed", passed: false, steps: 3, ms: 40, failure: "nothingBeyondTotal: success criteria check ($response.body#/data.length == 0)" },
      { workflowId: "refused", passed: false, steps: 1, ms: 40, failure: "wrongKey: unexpected error (fetch failed)" },
    ]);
    expect(failedStepIds(report, "listed")).toEqual(["nothingBeyondTotal"]);
  });
});

describe("journeyLines", () => {
  it("prints one line per journey: passed, failed, skipped with its reason, or not reached", () => {
    const lines = journeyLines(journeys, workflowResults(report), [{ journey: journeys[3]!, reason: "CONTRACT_SANDBOX is not 1" }], ["limited", "listed", "refused", "absent"]);
    expect(lines.map((l) => l.line)).toEqual([
      "✓ limited    4 steps    120 ms  pass  The limited journey",
      "✗ listed     3 steps     40 ms  FAIL  The listed journey — nothingBeyondTotal: success criteria check ($response.body#/data.length == 0)",
      "✗ refused     1 step     40 ms  FAIL  The refused journey — wrongKey: unexpected error (fetch failed)",
      "- visited  skipped: CONTRACT_SANDBOX is not 1",
    ]);
    expect(totalLine(lines, 2.34)).toBe("journeys: 1 passed, 2 failed, 1 skipped (2.3 s)");
  });

  it("reports a journey Respect never reached as failed", () => {
    const lines = journeyLines(journeys.slice(0, 1), [], [], ["limited"]);
    expect(lines).toEqual([{ workflowId: "limited", status: "failed", line: "✗ limited  did not run (Respect stopped before it)" }]);
  });
});

describe("a failed step's answer", () => {
  // As Respect 2.77.0 reports a createLoginLink the login-link rate limit refused: the criteria
  // fail, and so does reading the link's url from a body that has none.
  const refused: ExecutedStep = {
    ...step("createLoginLink", { name: "success criteria check", condition: "$statusCode == 201" }),
    response: { statusCode: 429, body: { statusCode: 429, message: "Rate limit exceeded: 30 login links per 60 seconds", error: "Too Many Requests" } },
  };
  refused.checks.push({ name: "unexpected error", passed: false, severity: "error", message: `Error in resolving runtime expression '$response.body#/url': JSON Pointer "/url" reaches no value. ` });
  const answered = (executedSteps: ExecutedStep[]): RespectReport => ({ status: "error", files: { f: { executedWorkflows: [workflow("provision", "error", executedSteps)] } } });

  it("is named in the failure line: the status the server answered and its error message", () => {
    const [result] = workflowResults(answered([step("createOrg"), refused]));
    expect(result!.failure).toBe(
      `createLoginLink: answered 429 "Rate limit exceeded: 30 login links per 60 seconds"; success criteria check ($statusCode == 201); unexpected error (Error in resolving runtime expression '$response.body#/url': JSON Pointer "/url" reaches no value.)`,
    );
    const [line] = journeyLines([{ workflowId: "provision", summary: "Provision a customer", needs: [] }], [result!], [], ["provision"]);
    expect(line!.line).toMatch(/FAIL {2}Provision a customer — createLoginLink: answered 429 "Rate limit exceeded: 30 login links per 60 seconds"; /);
  });

  it("is a bare status for a success answer, and absent when nothing was answered", () => {
    const page: ExecutedStep = { ...step("nothingBeyondTotal", { name: "success criteria check", condition: "$response.body#/data.length == 0" }), response: { statusCode: 200, body: { data: [{}], total: 3 } } };
    expect(workflowResults(answered([page]))[0]!.failure).toBe("nothingBeyondTotal: answered 200; success criteria check ($response.body#/data.length == 0)");
    expect(workflowResults(answered([step("wrongKey", { name: "unexpected error", message: "fetch failed" })]))[0]!.failure).toBe("wrongKey: unexpected error (fetch failed)");
  });
});
