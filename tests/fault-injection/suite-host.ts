// A child process that runs the contract suite on request, for the fault-injection proof: it sets
// vitest up once (config, transforms, module graph) and then runs the suite once per request
// against the target the request describes, in a fresh worker each time (the suite's modules read
// their target when they load). One vitest start per host instead of one per run: the proof makes
// dozens of runs, and a start cost more CPU than most of a run's checks.
//
// Protocol (IPC): the host sends { ready: true } once set up; the parent sends
//   { id, env, files? }  CONTRACT_* variables as `npm run test:contract` reads them; files: a
//                        subset of the suite's files (paths or path fragments), default every file
// and the host answers { id, report } (see SuiteReport in run-suite.ts) or { id, error }.
import { relative, resolve } from "node:path";
import { Writable } from "node:stream";
import { createVitest, type TestCase, type TestModule } from "vitest/node";
import { targetFromEnv } from "../contract/lib/env.ts";
import { newRunPrefix } from "../contract/lib/run-prefix.ts";
import type {} from "../contract/lib/provided-context.ts";
import contractConfig from "../../vitest.contract.config.ts";
import type { SuiteReport } from "./run-suite.ts";

const root = resolve(import.meta.dirname, "../..");

export interface RunRequest {
  id: number;
  env: Record<string, string>;
  files?: string[];
}

// The suite exactly as vitest.contract.config.ts defines it, minus its global setup: the target
// comes from each request instead of from this process's environment.
const { projects, ...shared } = contractConfig.test!;
const contract = (projects as { test: Record<string, unknown> }[]).find((p) => p.test.name === "contract")!.test;
// vitest's own banner and summary lines: kept for a failing run's diagnostics, never printed.
let log = "";
const sink = new Writable({
  write(chunk, _encoding, done) {
    log = (log + String(chunk)).slice(-20_000);
    done();
  },
});
const vitest = await createVitest(
  {
    ...shared,
    ...contract,
    name: undefined,
    globalSetup: [],
    config: false,
    root,
    watch: false,
    // No reporter output: the parent reads the results from the report this host sends.
    reporters: [{}],
  },
  {},
  { stdout: sink, stderr: sink },
);

/** "describe title test title", as vitest's JSON reporter writes fullName. */
function fullName(test: TestCase): string {
  const names = [test.name];
  for (let parent = test.parent; parent.type === "suite"; parent = parent.parent) names.unshift(parent.name);
  return names.join(" ");
}

function reportOf(modules: readonly TestModule[], unhandled: readonly { message?: string; stack?: string }[]): SuiteReport {
  const report: SuiteReport = { numFailedTests: 0, numPassedTests: 0, testResults: [], errors: [] };
  for (const module of modules) {
    const assertionResults = [...module.children.allTests()].map((test) => {
      const result = test.result();
      const status = result.state === "pending" ? "skipped" : result.state;
      if (status === "failed") report.numFailedTests++;
      if (status === "passed") report.numPassedTests++;
      return { fullName: fullName(test), status, failureMessages: (result.errors ?? []).map((e) => e.stack || e.message) };
    });
    report.testResults.push({ name: relative(root, module.moduleId), assertionResults });
    // A file that cannot load or whose hooks fail has no failed test to show for it.
    for (const e of module.errors()) report.errors.push(`${relative(root, module.moduleId)}: ${e.stack || e.message}`);
  }
  for (const e of unhandled) report.errors.push(`unhandled: ${e.stack || e.message}`);
  return report;
}

async function run({ env, files }: RunRequest): Promise<SuiteReport> {
  const target = targetFromEnv(env, newRunPrefix());
  if (!target) throw new Error("the request has no CONTRACT_BASE_URL");
  vitest.provide("contractTarget", target);
  const specs = await vitest.globTestSpecifications(files);
  if (specs.length === 0) throw new Error(`no contract file matches ${JSON.stringify(files)}`);
  const ran = new Set(specs.map((s) => s.moduleId));
  log = "";
  const result = await vitest.runTestSpecifications(specs);
  // The state keeps earlier runs' files: report only this run's.
  return reportOf(result.testModules.filter((m) => ran.has(m.moduleId)), result.unhandledErrors as { message?: string; stack?: string }[]);
}

// One run at a time, in request order.
let queue = Promise.resolve();
process.on("message", (request: RunRequest) => {
  queue = queue.then(async () => {
    try {
      process.send!({ id: request.id, report: await run(request) });
    } catch (error) {
      process.send!({ id: request.id, error: `${(error as Error).stack ?? String(error)}\n${log.slice(-4000)}` });
    }
  });
});
// The parent went away (or closed the channel): stop, workers with it.
process.on("disconnect", () => void vitest.close().finally(() => process.exit(0)));
process.send!({ ready: true });
