// `npm test`: every check of the kit at once (npm-run-all2, as `run-p --aggregate-output
// --continue-on-error`: each step's output in one piece when it ends), then a line per step and
// the grand total as the last line (test-summary.ts). Exits 1 when any step or test failed.
//
// The steps run side by side on purpose: the long ones (the vitest projects) set the pace, and
// the short ones fill the cores while they start. The vitest projects are two steps, two vitest
// processes: the files that mostly wait (on the processes, servers, browser and package installs
// they start) run beside the ones that compute, so the cores stay busy while they wait. Reports from an earlier run are removed first,
// so a step that writes none cannot borrow an old one's numbers.
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import runAll from "npm-run-all2";
import { testSummary, type StepResult } from "./test-summary.ts";

// The reports each step writes: package.json's --outputFile.json, and contract-run.ts's
// reports/vitest-contract-<target>.json (under REPORTS_DIR when set).
const contractReports = process.env.REPORTS_DIR ?? "reports";
const STEPS: Omit<StepResult, "code">[] = [
  { name: "lint" },
  { name: "check:generated" },
  { name: "typecheck" },
  { name: "test:vitest", report: "reports/vitest.json" },
  { name: "test:vitest:processes", report: "reports/vitest-processes.json" },
  { name: "test:contract:sandbox", report: `${contractReports}/vitest-contract-sandbox.json` },
  { name: "test:contract:prism", report: `${contractReports}/vitest-contract-prism.json` },
  { name: "test:contract:faults", report: "reports/vitest-contract-faults.json" },
];

// Every node process of the run (vitest's workers, the CLIs and servers the tests start, npm, tsc)
// reuses the code V8 compiled in earlier runs, TypeScript already stripped: measured, a quarter
// less CPU in the projects that start processes. The directory the `sandbox` script uses too.
process.env.NODE_COMPILE_CACHE ??= resolve(import.meta.dirname, "../node_modules/.cache/node-compile-cache");

for (const { report } of STEPS) if (report) rmSync(report, { force: true });

let results: { name: string; code: number | undefined }[];
try {
  results = await runAll(
    STEPS.map((s) => s.name),
    { parallel: true, continueOnError: true, aggregateOutput: true, stdout: process.stdout, stderr: process.stderr },
  );
} catch (error) {
  // A failed step rejects the run, with every step's result; anything else is the runner's own.
  results = (error as { results?: typeof results }).results ?? [];
  if (!results.length) throw error;
}
const { lines, ok } = testSummary(STEPS.map((step) => ({ ...step, code: results.find((r) => r.name === step.name)?.code })));
console.log(`\n--- npm test: ${STEPS.length} steps\n${lines.join("\n")}`);
process.exit(ok ? 0 : 1);
