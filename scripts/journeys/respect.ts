// One Redocly Respect run of the journeys file, as a child process of the pinned CLI, and what
// its JSON report says about each workflow.
//
// The CLI, not Respect's code in this process: @redocly/cli 2.77.0 ships Respect bundled into
// hashed chunks, with no package API (the separate @redocly/respect-core stopped at 2.37.0), and a
// child keeps Respect's process-wide state (its timer, its logger) apart and can be killed.
// Inputs go in through REDOCLY_CLI_RESPECT_INPUT, so no key ever appears on a command line.
// Respect's own console output is kept out of what the runner prints: it shows a visited URL
// (the login link, token included) as the step's name; its JSON and HAR reports mask secrets.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { API_SOURCE } from "./description.ts";
import type { JourneyInputs } from "./inputs.ts";

const REDOCLY = resolve(import.meta.dirname, "../../node_modules/@redocly/cli/bin/cli.js");

export interface RespectOptions {
  file: string;
  baseUrl: string;
  inputs: JourneyInputs;
  workflows: string[];
  /** Where respect.json and respect.har go. */
  outDir: string;
  timeoutMs?: number;
}

export interface RespectRun {
  exitCode: number | null;
  timedOut: boolean;
  /** Respect's console output (not for printing: see above). */
  output: string;
  jsonFile: string;
  harFile: string;
  report?: RespectReport;
}

/** The parts of Respect's JSON report (`--json-output`) the runner reads. */
export interface RespectReport {
  status: "success" | "warn" | "error";
  files: Record<string, { executedWorkflows: ExecutedWorkflow[] }>;
}

export interface ExecutedWorkflow {
  type: "workflow";
  workflowId: string;
  status: "success" | "warn" | "error";
  startTime: number;
  endTime: number;
  executedSteps: (ExecutedStep | ExecutedWorkflow)[];
}

export interface ExecutedStep {
  type: "step";
  stepId: string;
  status: "success" | "warn" | "error";
  retriesLeft?: number;
  /** What the server answered, when a request was sent (secrets masked by Respect). */
  response?: { statusCode?: number; body?: unknown };
  checks: { name: string; passed: boolean; severity: string; message?: string; condition?: string }[];
}

export async function runRespect(options: RespectOptions): Promise<RespectRun> {
  mkdirSync(options.outDir, { recursive: true });
  const jsonFile = join(options.outDir, "respect.json");
  const harFile = join(options.outDir, "respect.har");
  // A report left by an earlier run must not pass for this run's.
  for (const file of [jsonFile, harFile]) rmSync(file, { force: true });
  const args = [
    REDOCLY,
    "respect",
    options.file,
    "--server",
    `${API_SOURCE}=${options.baseUrl}`,
    // One flag per workflow: yargs would otherwise count the ids after the first as files.
    ...options.workflows.map((id) => `--workflow=${id}`),
    "--json-output",
    jsonFile,
    "--har-output",
    harFile,
  ];
  const env = { ...process.env, REDOCLY_CLI_RESPECT_INPUT: JSON.stringify(options.inputs), REDOCLY_TELEMETRY: "off", NO_COLOR: "1" };
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs ?? 600_000);
  const exitCode = await new Promise<number | null>((done) => child.on("close", (code) => done(code)));
  clearTimeout(timer);
  let report: RespectReport | undefined;
  try {
    report = JSON.parse(readFileSync(jsonFile, "utf8")) as RespectReport;
  } catch {
    report = undefined; // Respect stopped before writing it (a bad file, a bad input): see `output`
  }
  return { exitCode, timedOut, output, jsonFile, harFile, report };
}

export interface WorkflowResult {
  workflowId: string;
  passed: boolean;
  /** Every step that ran, those of called workflows and retries included. */
  steps: number;
  ms: number;
  /** The step that failed last (where the workflow stopped): what the server answered, then its failed checks. */
  failure?: string;
}

const leafSteps = (w: ExecutedWorkflow): ExecutedStep[] => w.executedSteps.flatMap((s) => (s.type === "workflow" ? leafSteps(s) : [s]));

/** One result per top-level workflow of the report. */
export function workflowResults(report: RespectReport): WorkflowResult[] {
  return Object.values(report.files).flatMap((file) =>
    file.executedWorkflows.map((w) => {
      const steps = leafSteps(w);
      const failed = steps.filter((s) => s.checks.some((c) => !c.passed && c.severity === "error")).at(-1);
      const failedChecks = failed?.checks.filter((c) => !c.passed && c.severity === "error") ?? [];
      return {
        workflowId: w.workflowId,
        passed: w.status !== "error",
        steps: steps.length,
        ms: Math.round(w.endTime - w.startTime),
        ...(w.status === "error" && failed
          ? { failure: `${failed.stepId}: ${[answered(failed), ...failedChecks.map((c) => `${c.name}${c.condition ? ` (${c.condition})` : c.message ? ` (${firstLine(c.message)})` : ""}`)].filter(Boolean).join("; ")}` }
          : {}),
      };
    }),
  );
}

/** The ids of every step whose checks failed, in a workflow's result tree. */
export function failedStepIds(report: RespectReport, workflowId: string): string[] {
  const workflow = Object.values(report.files)
    .flatMap((f) => f.executedWorkflows)
    .find((w) => w.workflowId === workflowId);
  return workflow ? leafSteps(workflow).filter((s) => s.checks.some((c) => !c.passed && c.severity === "error")).map((s) => s.stepId) : [];
}

const firstLine = (text: string) => text.trim().split("\n")[0]!.slice(0, 200);

/**
 * `answered 429 "Rate limit exceeded: 30 login links per 60 seconds"`: the status the server gave
 * the step, and for an error its ErrorResponse message, so a failure caused by the server's answer
 * (a spent rate limit, a refused key) says so rather than only the check it broke. Empty when
 * Respect's report has no answer (nothing was sent).
 */
function answered(step: ExecutedStep): string {
  const status = step.response?.statusCode;
  if (typeof status !== "number") return "";
  const body = step.response?.body as { message?: unknown } | undefined;
  const message = status >= 400 && body && typeof body === "object" ? (Array.isArray(body.message) ? body.message.join("; ") : body.message) : undefined;
  return `answered ${status}${typeof message === "string" && message.trim() ? ` ${JSON.stringify(firstLine(message).slice(0, 120))}` : ""}`;
}
