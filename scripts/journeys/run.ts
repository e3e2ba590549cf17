// One journeys run against one target: plan (what applies, what is skipped and why), derive the
// inputs, run Respect once for every applicable workflow, and report a line per workflow.
import { JOURNEYS_FILE, readJourneys } from "./description.ts";
import { journeyInputs } from "./inputs.ts";
import { planJourneys, type Capabilities } from "./plan.ts";
import { journeyLines, totalLine, type JourneyLine } from "./report.ts";
import { runRespect, workflowResults, type RespectRun, type WorkflowResult } from "./respect.ts";

export interface JourneyRunOptions {
  baseUrl: string;
  apiKey: string;
  otherApiKey?: string;
  capabilities: Capabilities;
  outDir: string;
  /** Only these workflows (ids); all by default. */
  only?: string[];
  /** The `limit` of listEveryOrg's pages. */
  pageSize: number;
  runPrefix?: string;
  file?: string;
  /** Called once the plan is known and before Respect starts, only when some workflow will run (the runner's sandbox reset). */
  beforeRespect?: () => Promise<void>;
}

export interface JourneyRun {
  lines: JourneyLine[];
  total: string;
  results: WorkflowResult[];
  respect?: RespectRun;
  /** 0 when every workflow that ran passed (skips do not fail a run). */
  exitCode: number;
}

export async function runJourneys(options: JourneyRunOptions): Promise<JourneyRun> {
  const started = performance.now();
  const file = options.file ?? JOURNEYS_FILE;
  const journeys = readJourneys(file);
  const plan = planJourneys(journeys, options.capabilities, options.only);
  const ran = plan.run.map((j) => j.workflowId);
  let respect: RespectRun | undefined;
  let results: WorkflowResult[] = [];
  if (ran.length) {
    await options.beforeRespect?.();
    const inputs = journeyInputs({ apiKey: options.apiKey, otherApiKey: options.otherApiKey, pageSize: options.pageSize, runPrefix: options.runPrefix });
    respect = await runRespect({ file, baseUrl: options.baseUrl, inputs, workflows: ran, outDir: options.outDir });
    results = respect.report ? workflowResults(respect.report) : [];
  }
  const lines = journeyLines(journeys, results, plan.skipped, ran);
  const failed = lines.some((l) => l.status === "failed") || (respect !== undefined && !respect.report);
  return { lines, total: totalLine(lines, (performance.now() - started) / 1000), results, respect, exitCode: failed ? 1 : 0 };
}
