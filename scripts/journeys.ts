// `npm run test:journeys [-- <workflowId> …]`: the partner journeys (openapi/arazzo/) run by
// Redocly Respect against the server in CONTRACT_BASE_URL, with the contract suite's CONTRACT_*
// variables; without CONTRACT_BASE_URL, against a sandbox started for the run (every journey).
// Prints one line per workflow and exits 1 when any that ran failed. Respect's JSON and HAR
// reports (secrets masked) are written to JOURNEYS_REPORTS_DIR (default reports/journeys/).
// JOURNEYS_PAGE_SIZE sets listEveryOrg's page size (default 100; 2 on the sandbox it starts).
// With CONTRACT_SANDBOX=1 it first resets the partner of each key it was given (journeys/reset.ts):
// a failed reset is one line and exit 1.
import { relative, resolve } from "node:path";
import { runTask, UsageError } from "../packages/sandbox/src/cli/style.ts";
import { journeyTargetFromEnv } from "./journeys/target.ts";
import { runJourneys } from "./journeys/run.ts";
import { JourneyResetError, resetPartners } from "./journeys/reset.ts";

const root = resolve(import.meta.dirname, "..");
const USAGE = "usage: npm run test:journeys [-- <workflowId> …]   (the server and keys come from CONTRACT_* variables)";

// Flags, messages and exit status: the kit's one command-line style (packages/sandbox/src/cli/style.ts).
// How it was called (the environment, a workflow id) is wrong usage, exit 2; a refused reset or a
// failed journey is a failed run, exit 1.
await runTask({ name: "test:journeys", usage: USAGE, options: {}, positionals: Number.POSITIVE_INFINITY, packageJson: resolve(root, "package.json") }, async ({ positionals: only }) => {
  const outDir = resolve(root, process.env.JOURNEYS_REPORTS_DIR ?? "reports/journeys");
  const target = await journeyTargetFromEnv(process.env).catch((error: Error) => {
    throw new UsageError(error.message);
  });
  try {
    console.log(`[journeys] against ${target.description}`);
    const keys = [
      { variable: "CONTRACT_API_KEY", key: target.apiKey },
      ...(target.otherApiKey ? [{ variable: "CONTRACT_OTHER_API_KEY", key: target.otherApiKey }] : []),
    ];
    const reset = target.resetBeforeRun ? async () => console.log(await resetPartners(target.baseUrl, keys)) : undefined;
    const run = await runJourneys({ ...target, outDir, only, beforeRespect: reset }).catch((error: Error) => {
      throw error instanceof JourneyResetError ? error : new UsageError(error.message);
    });
    for (const { line } of run.lines) console.log(line);
    console.log(run.total);
    if (run.respect && !run.respect.report) {
      // Respect stopped before reporting (a broken file, an input it refused): its own words.
      console.log(run.respect.timedOut ? "Respect timed out" : `Respect exited ${run.respect.exitCode} without a report:\n${run.respect.output.trim().split("\n").slice(-20).join("\n")}`);
    } else if (run.respect) {
      console.log(`Respect's reports (secrets masked): ${relative(process.cwd(), run.respect.jsonFile)}, ${relative(process.cwd(), run.respect.harFile)}`);
    }
    return run.exitCode;
  } finally {
    await target.close();
  }
});
