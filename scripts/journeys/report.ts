// What a journeys run prints: one line per workflow (name, steps, pass/fail, time), skipped ones
// with their reason, then a total. Built from Respect's JSON report, which masks secrets.
import type { Journey } from "./description.ts";
import type { WorkflowResult } from "./respect.ts";

export interface JourneyLine {
  workflowId: string;
  status: "passed" | "failed" | "skipped";
  line: string;
}

export function journeyLines(
  journeys: Journey[],
  results: WorkflowResult[],
  skipped: { journey: Journey; reason: string }[],
  ran: string[],
): JourneyLine[] {
  const width = Math.max(...journeys.map((j) => j.workflowId.length));
  const lines: JourneyLine[] = [];
  for (const journey of journeys) {
    const id = journey.workflowId;
    const skip = skipped.find((s) => s.journey.workflowId === id);
    if (skip) {
      lines.push({ workflowId: id, status: "skipped", line: `- ${id.padEnd(width)}  skipped: ${skip.reason}` });
      continue;
    }
    if (!ran.includes(id)) continue;
    const result = results.find((r) => r.workflowId === id);
    if (!result) {
      lines.push({ workflowId: id, status: "failed", line: `✗ ${id.padEnd(width)}  did not run (Respect stopped before it)` });
      continue;
    }
    const steps = `${result.steps} step${result.steps === 1 ? "" : "s"}`;
    const head = `${result.passed ? "✓" : "✗"} ${id.padEnd(width)}  ${steps.padStart(9)}  ${`${result.ms} ms`.padStart(8)}  ${result.passed ? "pass" : "FAIL"}`;
    lines.push({
      workflowId: id,
      status: result.passed ? "passed" : "failed",
      line: result.passed ? `${head}  ${journey.summary}` : `${head}  ${journey.summary} — ${result.failure ?? "failed"}`,
    });
  }
  return lines;
}

export function totalLine(lines: JourneyLine[], seconds: number): string {
  const count = (status: JourneyLine["status"]) => lines.filter((l) => l.status === status).length;
  return `journeys: ${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped (${seconds.toFixed(1)} s)`;
}
