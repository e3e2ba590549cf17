// docs/journeys.md's "With Respect directly", read from the page and run with bash as shown:
// the pinned Redocly CLI runs one workflow against a sandbox with the key in
// REDOCLY_CLI_RESPECT_INPUT, and its JSON report says the workflow passed; run twice against the
// same sandbox, as a partner runs it again, it passes twice (each run's runPrefix is its own).
// Only the addresses change: the test's sandbox for 127.0.0.1:4011 and a temporary file for run.json.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demoConfigPath } from "../../packages/sandbox/src/contract/paths.ts";
import { startSandbox, type RunningSandbox } from "../../packages/sandbox/src/index.ts";
import { commandsUnder, read, root } from "../docs/markdown.ts";
import { runCommands } from "../docs/run-commands.ts";
import { parse as parseYaml } from "yaml";

const PAGE = "docs/journeys.md";
const demo = parseYaml(read("packages/sandbox/src/config/demo-config.yaml")) as { partners: { id: string; api_keys?: string[] }[] };

let sandbox: RunningSandbox;
let scratch: string;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, host: "127.0.0.1", config: demoConfigPath() });
  scratch = mkdtempSync(join(tmpdir(), "respect-direct-"));
});
afterAll(async () => {
  await sandbox?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it("the page's Respect command runs its workflow against a sandbox, and again at once against the same sandbox, passing both times", async () => {
  const commands = commandsUnder(PAGE, "Run them").filter((c) => c.command.includes("redocly respect"));
  expect(commands).toHaveLength(1);
  const workflow = /--workflow=(\w+)/.exec(commands[0]!.command)![1]!;
  // The second run is the one a partner makes next: its orgs' external_ids must not be the first's (409).
  for (const run of [1, 2]) {
    const report = join(scratch, `run-${run}.json`);
    const { outputs } = await runCommands(commands, {
      cwd: root,
      timeoutMs: 110_000,
      retarget: (source) => source.replaceAll("http://127.0.0.1:4011", sandbox.url).replaceAll("--json-output=run.json", `--json-output=${report}`),
      env: { CONTRACT_API_KEY: demo.partners.find((p) => p.id === "acme-partner")!.api_keys![0]!, REDOCLY_TELEMETRY: "off" },
    });
    const json = JSON.parse(readFileSync(report, "utf8")) as { status: string; files: Record<string, { executedWorkflows: { workflowId: string; status: string }[] }> };
    expect(json.status, `run ${run}: ${outputs[0]!.output}`).toBe("success");
    const executed = Object.values(json.files).flatMap((f) => f.executedWorkflows);
    expect(executed.map((w) => [w.workflowId, w.status]), `run ${run}`).toContainEqual([workflow, "success"]);
  }
}, 240_000);
