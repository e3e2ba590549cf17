// The end of `npm test` (scripts/test-summary.ts): a line per step, then the grand total
// "N passed, N failed, N skipped" as the very last line; a failed step never totals "0 failed".
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { testSummary } from "../../scripts/test-summary.ts";

const dir = mkdtempSync(join(tmpdir(), "test-summary-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const report = (name: string, r: Record<string, unknown>) => {
  writeFileSync(join(dir, name), JSON.stringify({ testResults: [], ...r }));
  return join(dir, name);
};

it("lists every step with its counts and ends with the grand total of every report", () => {
  const vitest = report("vitest.json", { numPassedTests: 10, numFailedTests: 0, numPendingTests: 2 });
  const prism = report("vitest-contract-prism.json", { numPassedTests: 5, numFailedTests: 0, numPendingTests: 3 });
  const { lines, ok } = testSummary([
    { name: "lint", code: 0 },
    { name: "test:vitest", code: 0, report: vitest },
    { name: "test:contract:prism", code: 0, report: prism },
  ]);
  expect(ok).toBe(true);
  expect(lines).toHaveLength(4);
  expect(lines[0]).toMatch(/^ok\s+lint$/);
  expect(lines[1]).toMatch(/^ok\s+test:vitest\s+10 passed, 0 failed, 2 skipped$/);
  expect(lines[2]).toMatch(/^ok\s+test:contract:prism\s+5 passed, 0 failed, 3 skipped$/);
  expect(lines.at(-1)).toBe("15 passed, 0 failed, 5 skipped");
});

it("counts failed tests, and a failed step without one (lint, a missing report) once", () => {
  const vitest = report("failing.json", { numPassedTests: 3, numFailedTests: 2 });
  const { lines, ok } = testSummary([
    { name: "typecheck", code: 2 },
    { name: "test:vitest", code: 1, report: vitest },
    { name: "test:contract:sandbox", code: 1, report: join(dir, "never-written.json") },
  ]);
  expect(ok).toBe(false);
  expect(lines[0]).toMatch(/^FAILED \(exit 2\)\s+typecheck$/);
  expect(lines[1]).toMatch(/^FAILED \(exit 1\)\s+test:vitest\s+3 passed, 2 failed, 0 skipped$/);
  expect(lines[2]).toMatch(/^FAILED \(exit 1\)\s+test:contract:sandbox\s+no report at .*never-written\.json$/);
  expect(lines.at(-1)).toBe("3 passed, 4 failed, 0 skipped");
});

it("fails a run whose step exited 0 without its report, or never ran", () => {
  expect(testSummary([{ name: "test:vitest", code: 0, report: join(dir, "absent.json") }])).toMatchObject({ ok: false, lines: [expect.stringMatching(/^FAILED\s/), "0 passed, 1 failed, 0 skipped"] });
  expect(testSummary([{ name: "lint", code: undefined }])).toMatchObject({ ok: false, lines: [expect.stringMatching(/^did not run\s+lint$/), "0 passed, 1 failed, 0 skipped"] });
});
