// The end of `npm test`: one line per step, then the grand total "N passed, N failed, N skipped"
// from the vitest JSON reports as the very last line, so neither a person nor CI has to find the
// contract results hundreds of lines up. A step that failed without a failed test to show for it
// (lint, the type check, a vitest run that wrote no report) counts once, as summarize-reports.mjs
// counts a broken file: the total never says "0 failed" of a run that failed.
import { existsSync } from "node:fs";
import { countReports } from "./report-counts.mjs";

export interface StepResult {
  /** The npm script. */
  name: string;
  /** Its exit code (undefined: it never ran). */
  code: number | undefined;
  /** The vitest JSON report the step writes, if it runs tests. */
  report?: string;
}

export interface TestSummary {
  lines: string[];
  ok: boolean;
}

const total = (t: { passed: number; failed: number; skipped: number }) => `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;

export function testSummary(steps: StepResult[]): TestSummary {
  const sum = { passed: 0, failed: 0, skipped: 0 };
  const width = Math.max(...steps.map((s) => s.name.length));
  const lines = steps.map((step) => {
    const counts = step.report && existsSync(step.report) ? countReports([step.report]) : undefined;
    const failed = step.code !== 0 || (counts?.failed ?? 0) > 0 || (step.report !== undefined && !counts);
    if (counts) {
      sum.passed += counts.passed;
      sum.skipped += counts.skipped;
      sum.failed += counts.failed;
    }
    if (failed && !counts?.failed) sum.failed += 1;
    const status = step.code === undefined ? "did not run" : failed ? `FAILED${step.code ? ` (exit ${step.code})` : ""}` : "ok";
    const detail = counts ? total(counts) : step.report ? `no report at ${step.report}` : "";
    return `${status.padEnd(16)} ${step.name.padEnd(width)}  ${detail}`.trimEnd();
  });
  lines.push(total(sum));
  return { lines, ok: steps.every((s) => s.code === 0) && sum.failed === 0 };
}
