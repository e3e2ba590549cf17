// The kit's long-running commands (the mock, the sandbox, its bin through npx, the validation
// proxy) stopped the way a person or a process manager stops them: SIGINT or SIGTERM sent to the
// PID that was started (npm's or npx's, or node's), never to its process group. Each must print
// its one "stopped" line, end by that signal (as npm and npx pass it on: a shell's 130 or 143),
// free its port and leave no process of its tree behind.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { expect } from "vitest";
import { freePort } from "../../mock/free-port.ts";

export interface LongRunning {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every process of its tree while it ran (Linux /proc; empty elsewhere). */
  tree(): number[];
  kill(): Promise<void>;
}

/** Parent PIDs of every process, from /proc/PID/stat (the field after the parenthesised name). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return map;
  }
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      map.set(Number(pid), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  return map;
}

function descendants(root: number): number[] {
  const byParent = parents();
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of byParent) {
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const answers = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), done(true)));
    socket.once("error", () => done(false));
  });

/** Starts `command` with PORT in its arguments replaced by a free port; resolves once `ready` is printed. */
export async function startLongRunning(command: string[], options: { ready: RegExp; cwd: string; env?: NodeJS.ProcessEnv }): Promise<LongRunning> {
  const port = await freePort();
  const [cmd, ...args] = command.map((a) => a.replace("PORT", String(port)));
  const child = spawn(cmd!, args, { cwd: options.cwd, env: { ...process.env, DATABASE_URL: undefined, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d));
  child.stderr!.on("data", (d: Buffer) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  let seen: number[] = [];
  const kill = async () => {
    for (const pid of [child.pid!, ...seen]) if (alive(pid)) process.kill(pid, "SIGKILL");
    await exited;
  };
  for (let i = 0; i < 600 && !options.ready.test(out); i++) {
    if (child.exitCode !== null) throw new Error(`${command.join(" ")} exited before it was ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!options.ready.test(out)) {
    await kill();
    throw new Error(`${command.join(" ")} printed no ${options.ready} within 30 s:\n${out}`);
  }
  seen = descendants(child.pid!);
  return { child, port, output: () => out, exited, tree: () => seen, kill };
}

/** Sends `signal` to the started PID alone and checks the command stopped as the kit's commands must. */
export async function expectStopsOn(running: LongRunning, signal: "SIGINT" | "SIGTERM", name: string): Promise<void> {
  try {
    expect(await answers(running.port), "it was not listening").toBe(true);
    running.child.kill(signal);
    expect(await running.exited).toEqual({ code: null, signal });
    // npx's shell dies at once and npm with it; the command behind it stops a moment later.
    for (let i = 0; i < 200 && (running.tree().some(alive) || (await answers(running.port))); i++) await new Promise((r) => setTimeout(r, 50));
    expect(running.tree().filter(alive), "processes left behind").toEqual([]);
    expect(await answers(running.port), "still listening").toBe(false);
    const stopped = new RegExp(`\\n${name}: stopped \\(${signal}\\)\\n$`);
    for (let i = 0; i < 40 && !stopped.test(running.output()); i++) await new Promise((r) => setTimeout(r, 50)); // the pipe's last bytes
    expect(running.output()).toMatch(stopped);
  } finally {
    await running.kill();
  }
}
