// What a command run by npm does when npm is signalled but the command is not.
//
// npm 11 (@npmcli/run-script) forwards SIGINT and SIGTERM to the one process it spawned. With
// `exec` in the script (`npm start`, `npm run sandbox`, `npm run proxy`) that process is the
// command itself. `npx opencx-partner-sandbox`, and a partner's script naming the bin without
// `exec`, run it under `sh -c` instead, and Debian's sh (dash) does not exec the last command:
//   - SIGTERM kills that shell and never reaches the command, which is left running (PPID 1);
//   - SIGINT is held by the shell until its child exits, which the child never does.
// So, only under npm (`npm_lifecycle_event` set; outside npm `nohup … &` must outlive its shell):
//   - the parent gone (this process was re-parented): stop as on SIGTERM;
//   - the parent a shell that catches SIGINT and SIGCHLD only (dash waiting for its command, read
//     from /proc/PID/status): the shell waking up means it received one of the two, and SIGCHLD
//     comes only from this process stopping or continuing, which SIGCONT shows here. Any other
//     wake-up is a SIGINT: stop as on SIGINT.
// Hand-written: nothing on npm watches a parent's signals; the wake-ups are the kernel's context
// switch count, the only trace a caught signal leaves outside the process that caught it.
import { readFileSync } from "node:fs";

const POLL_MS = 200;
const bit = (signal: number): bigint => 1n << BigInt(signal - 1);
const SIGINT_BIT = bit(2);
const SIGCHLD_BIT = bit(17);
const SHELLS = new Set(["sh", "dash", "ash", "bash", "ksh", "mksh", "busybox"]);

interface ProcessStatus {
  name: string;
  /** Signals the process has handlers for (SigCgt). */
  caught: bigint;
  /** Context switches so far: a sleeping process adds one each time it wakes. */
  wakeups: number;
}

function status(pid: number): ProcessStatus | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string): string => new RegExp(`^${name}:\\s*(.*)$`, "m").exec(text)?.[1]?.trim() ?? "";
    return {
      name: field("Name"),
      caught: BigInt(`0x${field("SigCgt") || "0"}`),
      wakeups: Number(field("voluntary_ctxt_switches")) + Number(field("nonvoluntary_ctxt_switches")),
    };
  } catch {
    return undefined; // not Linux, or the parent is gone
  }
}

/** A parent that only waits for us and wakes only for SIGINT and SIGCHLD. */
function isWaitingShell(parent: ProcessStatus): boolean {
  return SHELLS.has(parent.name) && (parent.caught & SIGINT_BIT) !== 0n && (parent.caught & ~(SIGINT_BIT | SIGCHLD_BIT)) === 0n;
}

export interface ParentWatchHandlers {
  /** The parent is gone: stop as on SIGTERM. */
  gone(): void;
  /** The parent shell received SIGINT: stop as on SIGINT. */
  interrupted(): void;
  /** True once the command is stopping: a wake-up is then its own signal reaching the shell too. */
  stopping(): boolean;
}

export function watchNpmParent(handlers: ParentWatchHandlers, env: NodeJS.ProcessEnv = process.env): void {
  if (!env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const first = status(parent);
  const shell = first !== undefined && isWaitingShell(first);
  let wakeups = first?.wakeups ?? 0;
  let continued = false;
  let pending = false;
  if (shell) process.on("SIGCONT", () => (continued = true));
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      return handlers.gone();
    }
    if (!shell) return;
    const now = status(parent)?.wakeups ?? wakeups;
    const woke = now !== wakeups;
    wakeups = now;
    // A wake-up is acted on one poll later, so a SIGCONT (or the same Ctrl-C reaching this
    // process from the terminal) handled in between explains it.
    const act = pending && !continued && !handlers.stopping();
    pending = woke && !continued;
    continued = false;
    if (act) {
      clearInterval(timer);
      handlers.interrupted();
    }
  }, POLL_MS);
  timer.unref();
}
