// Child processes of tests/storage/child.ts, started and collected by the race, migration and
// kill -9 tests. Every child is killed when its test ends, whatever happened.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));

export interface Child {
  process: ChildProcessWithoutNullStreams;
  lines: string[];
  /** Resolves with the first line matching, or rejects when the child exits first. */
  waitFor(test: (line: string) => boolean): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

export function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ["--no-warnings", CHILD, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  running.add(child);
  const lines: string[] = [];
  const waiters: { test: (line: string) => boolean; resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line);
    for (const w of [...waiters]) if (w.test(line)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => {
      running.delete(child);
      // Let the last stdout lines arrive first.
      setImmediate(() => {
        for (const w of waiters.splice(0)) w.reject(new Error(`child exited (${code ?? signal}) before the expected line: ${stderr}`));
        resolve({ code, signal, stderr });
      });
    }),
  );
  return {
    process: child,
    lines,
    exited,
    waitFor(test) {
      const found = lines.find(test);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => waiters.push({ test, resolve, reject }));
    },
  };
}

/** Starts the children, waits until each is ready, then says go to all at once. */
export async function race(argsList: string[][]): Promise<Record<string, number>[]> {
  const children = argsList.map(startChild);
  await Promise.all(children.map((c) => c.waitFor((l) => l === "ready")));
  for (const c of children) c.process.stdin.end("go\n");
  const results = await Promise.all(children.map((c) => c.waitFor((l) => l.startsWith("{"))));
  const exits = await Promise.all(children.map((c) => c.exited));
  for (const e of exits) if (e.code !== 0) throw new Error(`a racer failed (${e.code ?? e.signal}): ${e.stderr}`);
  return results.map((line) => JSON.parse(line) as Record<string, number>);
}

export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
}
