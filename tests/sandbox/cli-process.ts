// Runs the sandbox CLI as a child process (as `npm run sandbox` does) and waits for its banner.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI_TS = resolve(ROOT, "packages/sandbox/src/cli/cli.ts");

export interface CliProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

/** `command` defaults to node running the TypeScript CLI (Node strips the types itself). */
export function startCli(args: string[], options: { env?: NodeJS.ProcessEnv; command?: string[]; cwd?: string } = {}): Promise<CliProcess> {
  const [cmd, ...pre] = options.command ?? [process.execPath, CLI_TS];
  // DATABASE_URL would pick the postgres engine: a test that wants it says so in `options.env`.
  const env = { ...process.env, DATABASE_URL: undefined, ...options.env };
  const child = spawn(cmd!, [...pre, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c));
  child.stderr!.on("data", (c: Buffer) => (out += c));
  const exited = new Promise<number | string>((res) => child.once("exit", (code, signal) => res(code ?? signal ?? "unknown")));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  return new Promise((resolveStart, rejectStart) => {
    const timer = setTimeout(() => {
      void stop();
      rejectStart(new Error(`no banner within 20 s:\n${out}`));
    }, 20_000);
    const onData = () => {
      const match = /sandbox on (http:\/\/\S+)/.exec(out);
      if (match && out.includes("Ready in")) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolveStart({ url: match[1]!, child, output: () => out, exited, stop });
      }
    };
    child.stdout!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      rejectStart(Object.assign(new Error(`CLI exited (${code}) before its banner:\n${out}`), { code, output: out }));
    });
  });
}
