// Every partner journey passes against the sandbox, run the way a partner runs them: `npm run
// test:journeys` (scripts/journeys.ts) with CONTRACT_* pointing at a sandbox. The sandbox sits
// behind a recording proxy, which keeps every secret the run handles (the partner keys, each
// org API key minted, each login link's token), and none of them may show in Respect's JSON or
// HAR report or in what the runner prints.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readJourneys } from "../../scripts/journeys/description.ts";
import type { Fault } from "../fault-injection/faulty-proxy.ts";
import { startProxiedSandbox, type ProxiedSandbox } from "./harness.ts";

const root = resolve(import.meta.dirname, "../..");
const journeys = readJourneys();

const orgApiKeys: string[] = [];
const loginTokens: string[] = [];
const recorder: Fault = {
  name: "records the secrets the API hands out",
  operationId: "createOrgApiKey",
  response: (e) => {
    if (e.operationId === "createOrgApiKey" && e.status === 201) orgApiKeys.push((JSON.parse(e.body) as { api_key: string }).api_key);
    if (e.operationId === "createLoginLink" && e.status === 201) {
      const url = new URL((JSON.parse(e.body) as { url: string }).url);
      loginTokens.push(url.searchParams.get("token") ?? "");
    }
  },
};

let sandbox: ProxiedSandbox;
let reports: string;
interface RunnerRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Where this run's Respect reports went. */
  reports: string;
}
/** The first run, and a second started as soon as the first ended (within the minute its rate-limited journey spent). */
let run: RunnerRun;
let again: RunnerRun;

async function runRunner(keys: Record<string, string | undefined>, reportsDir: string): Promise<RunnerRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CONTRACT_")));
  const child = spawn(process.execPath, ["scripts/journeys.ts"], {
    cwd: root,
    env: {
      ...inherited,
      CONTRACT_BASE_URL: sandbox.url,
      CONTRACT_API_KEY: keys.primary,
      ...(keys.other ? { CONTRACT_OTHER_API_KEY: keys.other } : {}),
      CONTRACT_SANDBOX: "1",
      CONTRACT_RATE_LIMITS: "1",
      // Pages of 2: the orgs the run makes span several pages.
      JOURNEYS_PAGE_SIZE: "2",
      JOURNEYS_REPORTS_DIR: reportsDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  console.log(stdout);
  return { code, stdout, stderr, reports: reportsDir };
}

beforeAll(async () => {
  sandbox = await startProxiedSandbox(1);
  sandbox.setFault(recorder);
  reports = mkdtempSync(join(tmpdir(), "journeys-"));
  const keys = sandbox.keySets[0]!;
  run = await runRunner(keys, join(reports, "first"));
  again = await runRunner(keys, join(reports, "again"));
}, 240_000);

afterAll(async () => {
  await sandbox?.close();
  if (reports) rmSync(reports, { recursive: true, force: true });
});

const lineOf = (workflowId: string, of: RunnerRun = run) => of.stdout.split("\n").find((l) => l.slice(2).startsWith(`${workflowId} `));

describe("the partner journeys against the sandbox (npm run test:journeys)", () => {
  it.for(journeys.map((j) => j.workflowId))("%s passes", (workflowId) => {
    expect(lineOf(workflowId), run.stdout + run.stderr).toMatch(/^✓ /);
  });

  it("prints one line per workflow, each with its steps and time, and exits 0", () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const { workflowId } of journeys) expect(lineOf(workflowId)).toMatch(/^✓ \S+ +\d+ steps? +\d+ ms +pass /);
    expect(run.stdout).toContain(`journeys: ${journeys.length} passed, 0 failed, 0 skipped`);
  });

  it("run again at once against the same sandbox, every journey passes again: the runner resets both partners first", () => {
    // The first run's loginLinkRateLimit spent the minute's login-link budget; without the reset
    // every createLoginLink of this run answers 429.
    for (const r of [run, again]) expect(r.stdout, r.stdout + r.stderr).toMatch(/^\[journeys\] reset the sandbox data of partner \S+ \(CONTRACT_API_KEY\) and partner \S+ \(CONTRACT_OTHER_API_KEY\) before the run$/m);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    for (const { workflowId } of journeys) expect(lineOf(workflowId, again), again.stdout).toMatch(/^✓ /);
    expect(again.stdout).toContain(`journeys: ${journeys.length} passed, 0 failed, 0 skipped`);
  });

  it("a reset the sandbox refuses: one line naming the key's variable, exit 1, and no journey run", async () => {
    const refused = await runRunner({ primary: "sk-never-issued" }, join(reports, "refused"));
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^test:journeys: could not reset CONTRACT_API_KEY's partner before the run: POST \S+\/_sandbox\/reset: resetSandbox failed with 401/)]);
    expect(refused.stdout).not.toMatch(/[✓✗] /);
    expect(refused.stdout + refused.stderr).not.toContain("sk-never-issued");
  });

  it("masks every key and login token of the run in Respect's reports and in what it prints", () => {
    const keys = sandbox.keySets[0]!;
    // The run handled secrets of every kind, so the check below has something to find.
    expect(orgApiKeys.length).toBeGreaterThanOrEqual(3);
    expect(loginTokens.length).toBeGreaterThanOrEqual(20); // most of them from loginLinkRateLimit
    const secrets = [keys.primary, keys.other, ...orgApiKeys, ...loginTokens];
    const outputs = Object.fromEntries(
      Object.entries({ "the first run's": run, "the second run's": again }).flatMap(([which, r]) => [
        [`${which} respect.json`, readFileSync(join(r.reports, "respect.json"), "utf8")],
        [`${which} respect.har`, readFileSync(join(r.reports, "respect.har"), "utf8")],
        [`${which} printed output`, r.stdout + r.stderr],
      ]),
    );
    // Respect masked them (rather than never having seen them): its placeholder is there.
    expect(outputs["the first run's respect.json"]).toContain("********");
    expect(outputs["the first run's respect.har"]).toContain("********");
    for (const [name, text] of Object.entries(outputs)) {
      const found = secrets.filter((s) => text.includes(s));
      expect(found.length, `${found.length} secret(s) in ${name}`).toBe(0);
    }
  });
});
