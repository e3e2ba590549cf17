// Runs the contract suite against a given server and returns its results. The suite runs in a
// child process (suite-host.ts), never in the test's own worker: that keeps the suite's global
// state, worker and module state apart from the test that runs it, and lets a hung run be killed.
// The child stays up between runs (a vitest start per run cost more than most runs' checks): one
// host per run in flight, started on demand, closed by closeSuiteHosts().
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import type { RunRequest } from "./suite-host.ts";

const root = resolve(import.meta.dirname, "../..");
const HOST = resolve(import.meta.dirname, "suite-host.ts");
const HOST_START_TIMEOUT_MS = 60_000;

export interface SuiteReport {
  numFailedTests: number;
  numPassedTests: number;
  testResults: { name: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
  /** Files that failed to load or whose hooks failed, and errors outside any test. */
  errors: string[];
}

export interface SuiteRun {
  report?: SuiteReport;
  /** The host's exit code when it died during the run. */
  exitCode: number | null;
  timedOut: boolean;
  output: string;
}

interface Host {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const idle: Host[] = [];
const all = new Set<Host>();
let nextId = 0;

async function startHost(): Promise<Host> {
  // Only the CONTRACT_* values of each request reach the suite: none from this environment.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CONTRACT_")));
  // Its own process group, so a kill takes its vitest workers along.
  const child = spawn(process.execPath, [HOST], { cwd: root, env: { ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe", "ipc"], detached: true });
  let output = "";
  const keep = (d: Buffer) => (output = (output + String(d)).slice(-20_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const host: Host = { child, output: () => output, exited };
  all.add(host);
  void exited.then(() => all.delete(host));
  const ready = await Promise.race([
    new Promise<boolean>((r) => child.once("message", (m: { ready?: boolean }) => r(m.ready === true))),
    exited.then(() => false),
    new Promise<boolean>((r) => setTimeout(() => r(false), HOST_START_TIMEOUT_MS).unref()),
  ]);
  if (!ready) {
    kill(host);
    throw new Error(`the contract suite host did not start:\n${output.slice(-4000)}`);
  }
  return host;
}

/** An idle host does not keep this process alive (a file that forgets closeSuiteHosts still ends). */
function hold(host: Host, busy: boolean): void {
  for (const handle of [host.child, host.child.channel, host.child.stdout, host.child.stderr] as ({ ref?(): void; unref?(): void } | null | undefined)[]) {
    if (busy) handle?.ref?.();
    else handle?.unref?.();
  }
}

function kill(host: Host): void {
  all.delete(host);
  try {
    process.kill(-host.child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

/**
 * The contract suite against the server that `env` (CONTRACT_* variables) describes; `files`
 * narrows the run to some of the suite's files (paths relative to the repository, or fragments).
 */
export async function runContractSuite(env: Record<string, string>, timeoutMs: number, files?: string[]): Promise<SuiteRun> {
  const host = idle.pop() ?? (await startHost());
  hold(host, true);
  const id = ++nextId;
  let timer: NodeJS.Timeout | undefined;
  const answer = await Promise.race([
    new Promise<{ report?: SuiteReport; error?: string }>((r) => {
      const onMessage = (m: { id?: number; report?: SuiteReport; error?: string }) => {
        if (m.id !== id) return;
        host.child.off("message", onMessage);
        r(m);
      };
      host.child.on("message", onMessage);
      host.child.send({ id, env, files } satisfies RunRequest);
    }),
    host.exited.then((code) => ({ exitCode: code })),
    new Promise<{ timedOut: true }>((r) => (timer = setTimeout(() => r({ timedOut: true }), timeoutMs))),
  ]);
  clearTimeout(timer);
  if ("timedOut" in answer || "exitCode" in answer) {
    kill(host);
    return { timedOut: "timedOut" in answer, exitCode: "exitCode" in answer ? answer.exitCode : null, output: host.output() };
  }
  hold(host, false);
  idle.push(host);
  return { report: answer.report, exitCode: null, timedOut: false, output: answer.error ?? host.output() };
}

/** Stops every host (each also stops by itself when this process goes away). */
export async function closeSuiteHosts(): Promise<void> {
  const hosts = [...all];
  idle.length = 0;
  for (const host of hosts) host.child.disconnect();
  await Promise.all(hosts.map((h) => Promise.race([h.exited, new Promise((r) => setTimeout(r, 5_000))])));
  for (const host of hosts) if (all.has(host)) kill(host);
}

/** Failure messages of the failed checks, one string each (test name + message). */
export const failures = (report: SuiteReport) =>
  report.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === "failed").map((a) => `${a.fullName}\n${a.failureMessages.join("\n")}`));
