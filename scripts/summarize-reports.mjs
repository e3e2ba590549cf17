// Prints "N passed, N failed" from every vitest JSON report under a folder (CI reads this line,
// not vitest's own summary). Exits 1 when any test failed or no report exists.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "reports";
let files = [];
try {
  files = readdirSync(dir).filter((f) => f.startsWith("vitest") && f.endsWith(".json"));
} catch {
  // no reports folder: nothing ran
}
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
  passed += report.numPassedTests ?? 0;
  // A file that failed without a failed test (an import error, a failing hook) counts once;
  // a file whose tests failed is already counted by its tests.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed"),
  ).length;
  failed += (report.numFailedTests ?? 0) + brokenFiles;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""} (${files.length} report${files.length === 1 ? "" : "s"})`);
process.exit(failed > 0 || files.length === 0 ? 1 : 0);
