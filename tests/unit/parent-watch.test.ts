// parent-watch.ts, with a real shell in between, as `npx opencx-partner-sandbox` runs the bin under
// npm: SIGINT or SIGTERM sent to that shell alone (npm forwards its signals there) reaches the
// command as "interrupted" or "gone"; a Ctrl-C that reached the command too, and a stop and
// continue of the command, are not taken for a SIGINT. Each test has its own shell and child, so
// they run side by side: most of their time is waiting for a poll.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { expect, it } from "vitest";

const CHILD = resolve(import.meta.dirname, "parent-watch-child.ts");

/** `sh -c "node child"` under npm's environment; resolves once the child is watching. */
async function underShell(): Promise<{ shell: ReturnType<typeof spawn>; childPid: number; output(): string; childDone: Promise<void> }> {
  // Two commands, so no shell execs the last one (dash never does; bash would for a single command).
  const shell = spawn("sh", ["-c", `"${process.execPath}" "${CHILD}"; true`], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, npm_lifecycle_event: "npx" } });
  let out = "";
  shell.stdout!.on("data", (d: Buffer) => (out += d));
  // The child holds the pipe's write end: its end closes the pipe even once the shell is gone.
  const childDone = new Promise<void>((r) => shell.stdout!.once("close", () => r()));
  while (!/ready (\d+)/.test(out)) {
    if (shell.exitCode !== null) throw new Error(`the shell exited: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { shell, childPid: Number(/ready (\d+)/.exec(out)![1]), output: () => out, childDone };
}

it.concurrent("SIGINT to the shell alone: the command hears it as interrupted", async () => {
  const { shell, output, childDone } = await underShell();
  shell.kill("SIGINT");
  await childDone;
  expect(output()).toMatch(/\ninterrupted\n$/);
});

it.concurrent("SIGTERM to the shell alone: the command hears its parent gone", async () => {
  const { shell, output, childDone } = await underShell();
  shell.kill("SIGTERM");
  await childDone;
  expect(output()).toMatch(/\ngone\n$/);
});

it.concurrent("a Ctrl-C that reached the command too is its own, not a second SIGINT", async () => {
  const { shell, childPid, output, childDone } = await underShell();
  shell.kill("SIGINT");
  process.kill(childPid, "SIGINT");
  await childDone;
  expect(output()).toMatch(/\nown SIGINT\n$/);
});

it.concurrent("the command stopped and continued is not taken for a SIGINT", async () => {
  const { shell, childPid, output, childDone } = await underShell();
  process.kill(childPid, "SIGSTOP");
  await new Promise((r) => setTimeout(r, 300)); // stopped across a poll
  process.kill(childPid, "SIGCONT");
  await childDone;
  expect(output()).toMatch(/\ncontinued\n$/);
  shell.kill("SIGKILL");
});
