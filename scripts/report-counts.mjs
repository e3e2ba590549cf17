// Counts passed, failed and skipped tests in vitest JSON reports: shared by `npm test`'s summary
// (scripts/test.ts) and CI's results line (scripts/summarize-reports.mjs). Plain JavaScript, as
// the CI script is.
import { readFileSync } from "node:fs";

/** Sums the reports; a file that failed without a failed test (an import error, a failing hook) counts once. */
export function countReports(files) {
  const sum = { passed: 0, failed: 0, skipped: 0, files: files.length };
  for (const file of files) {
    const report = JSON.parse(readFileSync(file, "utf8"));
    sum.passed += report.numPassedTests ?? 0;
    // A file whose tests failed is already counted by its tests.
    const brokenFiles = (report.testResults ?? []).filter(
      (file) => file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed"),
    ).length;
    sum.failed += (report.numFailedTests ?? 0) + brokenFiles;
    sum.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  return sum;
}
