// Runs a page's commands as the page shows them, one bash for all (so a variable one command sets
// is there for the next), with each command's output kept apart.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { ShellCommand } from "./markdown.ts";

const run = promisify(execFile);

export interface CommandOutput {
  command: ShellCommand;
  /** What the command printed on stdout. */
  output: string;
}

const marker = (i: number) => `@@docs-command ${i}@@`;

/**
 * Runs `commands` in order in one `bash` (`set -uo pipefail`), each as its source reads after
 * `retarget` (which swaps the page's addresses for the test's), after `prelude` (the test's own
 * set-up, if any). Commands that leave a process printing in the background mix its output into
 * the next ones'.
 */
export async function runCommands(commands: ShellCommand[], options: { retarget?: (source: string) => string; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; prelude?: string } = {}): Promise<{ outputs: CommandOutput[]; stdout: string; stderr: string }> {
  const retarget = options.retarget ?? ((s: string) => s);
  const script = ["set -uo pipefail", ...(options.prelude ? [options.prelude] : []), ...commands.flatMap((c, i) => [`printf '\\n${marker(i)}\\n'`, retarget(c.source)])].join("\n");
  const { stdout, stderr } = await run("bash", ["-c", script], { env: { ...process.env, ...options.env }, cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 });
  const outputs = commands.map((command, i) => {
    const start = stdout.indexOf(`\n${marker(i)}\n`);
    const end = i + 1 < commands.length ? stdout.indexOf(`\n${marker(i + 1)}\n`) : stdout.length;
    if (start < 0 || end < start) throw new Error(`no output of ${command.command}: ${stdout}\n${stderr}`);
    return { command, output: stdout.slice(start + marker(i).length + 2, end) };
  });
  return { outputs, stdout, stderr };
}

/**
 * What the page's comment says the command prints, when the comment is a JSON value or an HTTP
 * status (`# {"reset":true}`, `# 200`); undefined for a comment in words.
 */
export function promisedOutput(command: ShellCommand): unknown {
  const comment = command.comment?.trim();
  if (!comment) return undefined;
  if (/^\d{3}$/.test(comment)) return comment;
  if (!/^[{[]/.test(comment)) return undefined;
  try {
    return JSON.parse(comment) as unknown;
  } catch {
    return undefined;
  }
}
