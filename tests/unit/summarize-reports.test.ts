// The "N passed, N failed" line CI reads instead of vitest's own summary.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";

const script = resolve(import.meta.dirname, "../../scripts/summarize-reports.mjs");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function summarize(reports: Record<string, unknown>): { line: string; code: number } {
  const dir = mkdtempSync(join(tmpdir(), "reports-"));
  dirs.push(dir);
  for (const [name, report] of Object.entries(reports)) writeFileSync(join(dir, name), JSON.stringify(report));
  try {
    return { line: execFileSync("node", [script, dir], { encoding: "utf8" }).trim(), code: 0 };
  } catch (error) {
    const e = error as { stdout: string; status: number };
    return { line: e.stdout.trim(), code: e.status };
  }
}

it("sums every vitest report, counting a broken file once and a failed test once", () => {
  const { line, code } = summarize({
    "vitest.json": {
      numPassedTests: 5,
      numFailedTests: 1,
      numPendingTests: 2,
      testResults: [
        { status: "failed", assertionResults: [{ status: "failed" }, { status: "passed" }] },
        { status: "failed", assertionResults: [] },
      ],
    },
    "vitest-contract.json": { numPassedTests: 3, numFailedTests: 0, testResults: [] },
    "junit.xml": "not a vitest report",
  });
  expect(line).toBe("8 passed, 2 failed, 2 skipped (2 reports)");
  expect(code).toBe(1);
});

it("passes when nothing failed", () => {
  expect(summarize({ "vitest.json": { numPassedTests: 4, numFailedTests: 0, testResults: [] } })).toEqual({
    line: "4 passed, 0 failed (1 report)",
    code: 0,
  });
});

it("fails when no report exists: nothing ran", () => {
  expect(summarize({}).code).toBe(1);
});

it("counts the reports of each sub-folder (CI's Node lines), one line each, then the total", () => {
  const dir = mkdtempSync(join(tmpdir(), "reports-"));
  dirs.push(dir);
  const write = (sub: string, name: string, report: unknown) => {
    mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, sub, name), JSON.stringify(report));
  };
  write("node24", "vitest.json", { numPassedTests: 7, numFailedTests: 0, testResults: [] });
  write("node22", "vitest-unit.json", { numPassedTests: 2, numFailedTests: 1, testResults: [] });
  write("node22", "vitest-contract-sandbox.json", { numPassedTests: 3, numFailedTests: 0, testResults: [] });
  let out = "";
  let code = 0;
  try {
    out = execFileSync("node", [script, dir], { encoding: "utf8" });
  } catch (error) {
    ({ stdout: out, status: code } = error as { stdout: string; status: number });
  }
  expect(out.trim().split("\n")).toEqual(["node22: 5 passed, 1 failed (2 reports)", "node24: 7 passed, 0 failed (1 report)", "12 passed, 1 failed (3 reports)"]);
  expect(code).toBe(1); // a failure on any line fails CI
});
