// Runs the contract suite in a child process against a given server and returns vitest's JSON
// report. A child (not vitest's node API in this process) keeps the suite's global setup,
// worker and module state apart from the test that runs it, and lets a hung run be killed.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const VITEST = resolve(root, "node_modules/vitest/vitest.mjs");

export interface SuiteReport {
  numFailedTests: number;
  numPassedTests: number;
  testResults: { assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

export interface SuiteRun {
  report?: SuiteReport;
  exitCode: number | null;
  timedOut: boolean;
  output: string;
}

export async function runContractSuite(env: Record<string, string>, timeoutMs: number): Promise<SuiteRun> {
  const dir = mkdtempSync(join(tmpdir(), "contract-run-"));
  const reportFile = join(dir, "report.json");
  // Only the CONTRACT_* values given here: nothing from the caller's environment leaks in.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CONTRACT_")));
  const child = spawn(
    process.execPath,
    [VITEST, "run", "--config", "vitest.contract.config.ts", "--project", "contract", "--reporter=json", `--outputFile.json=${reportFile}`],
    { cwd: root, env: { ...inherited, ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  const exitCode = await new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  clearTimeout(timer);
  let report: SuiteReport | undefined;
  try {
    report = JSON.parse(readFileSync(reportFile, "utf8")) as SuiteReport;
  } catch {
    report = undefined;
  }
  rmSync(dir, { recursive: true, force: true });
  return { report, exitCode, timedOut, output };
}

/** Failure messages of the failed checks, one string each (test name + message). */
export const failures = (report: SuiteReport) =>
  report.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === "failed").map((a) => `${a.fullName}\n${a.failureMessages.join("\n")}`));
