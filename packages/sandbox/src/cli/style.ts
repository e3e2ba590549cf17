// One command-line style for the kit's long-running commands: the mock (`npm start`), the sandbox
// (`npm run sandbox` and the installed `opencx-partner-sandbox`, which ships this file) and the
// validation proxy (`npm run proxy`); and for the commands that run once and end
// (`npm run check:breaking`: runTask). node:util parseArgs reads the flags; this adds what it
// lacks: "did you mean" for a mistyped flag, --help and --version, messages of one line, the
// same exit status everywhere, and one way to stop on SIGINT and SIGTERM.
//
// Exit status (docs/command-line.md):
//   0          --help, --version; a command that runs once: it ran and found nothing wrong
//   1          failed while starting or running: the port is taken, the config file is invalid,
//              the database cannot be reached, the state file cannot be opened; a command that
//              runs once: what it checks failed, or it could not run
//   2          wrong usage: an unknown flag, a flag or environment variable with a bad value
//   130, 143   stopped by SIGINT, SIGTERM: once stopped cleanly the process ends by that signal,
//              as any program the signal kills does, so npm and npx (which pass it on) and a
//              shell's `$?` report every command the same way
import { readFileSync } from "node:fs";
import { constants } from "node:os";
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { didYouMean } from "../common/nearest-name.ts";
import { watchNpmParent } from "./parent-watch.ts";
import { packageJsonPath } from "../contract/paths.ts";

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** How the command was run is wrong: exit 2. `showUsage` for errors in the flags themselves. */
export class UsageError extends Error {
  override name = "UsageError";
  readonly showUsage: boolean;
  constructor(message: string, showUsage = false) {
    super(message);
    this.showUsage = showUsage;
  }
}

const STANDARD = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

/** What parseArgs read: a string per string flag, a boolean per boolean flag (none takes `multiple`). */
export interface Parsed<O extends ParseArgsOptionsConfig> {
  values: { [K in keyof O]?: O[K] extends { type: "boolean" } ? boolean : string } & { help?: boolean; version?: boolean };
  positionals: string[];
}

/** The flag a parseArgs message names (`'-h, --help'` names --help). */
const flagIn = (message: string): string => /'(?:-\w, )?(--?[^'\s<=]*)/.exec(message)?.[1] ?? "";

/** parseArgs with --help, --version and up to `positionals` arguments; UsageError on anything else. */
export function parseCommandLine<O extends ParseArgsOptionsConfig>(argv: readonly string[], options: O, positionals = 0): Parsed<O> {
  const all = { ...options, ...STANDARD };
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: [...argv], options: all, strict: true, allowPositionals: true }) as Parsed<O>;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const flag = flagIn(message);
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const names = Object.keys(all).map((n) => `--${n}`);
      throw new UsageError(`unknown option ${flag}${didYouMean(flag, names, "")}`, true);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      throw new UsageError(/does not take/.test(message) ? `${flag} takes no value` : `${flag} needs a value`, true);
    }
    throw new UsageError(message.split("\n")[0]!, true);
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument ${parsed.positionals[positionals]}`, true);
  return parsed;
}

/** A port number from a flag or an environment variable (`source` names it). */
export function portNumber(text: string, source: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`${source} must be a port number 0-65535, got "${text}"`);
  return Number(text);
}

/** A whole number in [min, max] from a flag, or a UsageError naming the flag. */
export function integerInRange(text: string, source: string, min: number, max: number): number {
  if (!/^\d{1,10}$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${source} must be ${min}-${max}, got "${text}"`);
  return Number(text);
}

/** A database the sandbox keeps state in: its engine's name, as messages say it, and its URL schemes. */
export interface DatabaseKind {
  title: string;
  urlSchemes: readonly string[];
}

/** The URL schemes `kinds` open, as usage and messages say them: "postgres:// or postgresql://". */
export function databaseUrlSchemes(kinds: readonly DatabaseKind[]): string {
  return kinds.flatMap((kind) => kind.urlSchemes.map((scheme) => `${scheme}//`)).join(" or ");
}

/**
 * A database URL one of `kinds` opens, checked before anything connects: a driver would read
 * `not-a-url` as a host name and `mysql://…` as its own. The message never echoes the URL (it may
 * hold a password).
 */
export function databaseUrl(text: string, source: string, kinds: readonly DatabaseKind[]): string {
  const schemes = databaseUrlSchemes(kinds);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source} is not a URL: give a ${schemes} URL, e.g. ${kinds[0]!.urlSchemes[0]}//user@127.0.0.1:5432/sandbox`);
  }
  if (!kinds.some((kind) => kind.urlSchemes.includes(url.protocol))) {
    throw new UsageError(`${source} is a ${url.protocol}// URL: the sandbox needs ${kinds.map((kind) => kind.title).join(" or ")}, a ${schemes} URL`);
  }
  return text;
}

/** An http:// or https:// URL with a host, for a server to talk to. */
export function httpUrl(text: string, source: string): string {
  const bare = /^[\w.-]+(:\d+)?(\/.*)?$/.test(text) || /^\[[\d:a-f.]+\](:\d+)?(\/.*)?$/i.test(text);
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    /* reported below */
  }
  if (url && (url.protocol === "http:" || url.protocol === "https:") && url.hostname) return text;
  // `localhost:4011` parses as the scheme "localhost:"; a bare host is the likelier reading.
  const scheme = /^(localhost|127\.|\[::1\])/.test(text) ? "http" : "https";
  const hint = bare || (url && /^\d+$/.test(url.pathname)) ? ` (did you mean ${scheme}://${text}?)` : "";
  throw new UsageError(`${source} must be an http:// or https:// URL, got "${text}"${hint}`);
}

/**
 * A failure to listen on `host`:`port` as the one line a person needs; anything else (a database
 * host that does not resolve, say) unchanged.
 */
export function listenFailure(error: unknown, host: string, port: number): Error {
  const { code, syscall, hostname } = (error ?? {}) as NodeJS.ErrnoException & { hostname?: string };
  const listening = syscall === "listen" || syscall === "bind";
  if (listening && code === "EADDRINUSE") return new Error(`port ${port} on ${host} is already in use: stop what holds it, or pass another with --port N`);
  if (listening && code === "EACCES") return new Error(`port ${port} on ${host} needs privileges this user lacks: pass a port above 1023 with --port N`);
  if ((listening && code === "EADDRNOTAVAIL") || ((code === "ENOTFOUND" || code === "EAI_AGAIN") && hostname === host)) {
    return new Error(`${host} is not an address of this machine: pass --host 127.0.0.1 (or another address it has)`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** `name version` of a package.json: the sandbox package's own by default. */
export function versionLine(packageJson = packageJsonPath()): string {
  const { name, version } = JSON.parse(readFileSync(packageJson, "utf8")) as { name: string; version: string };
  return `${name} ${version}`;
}

const HELP_FOOTER = [
  "  -h, --help     this text",
  "  --version      the package's name and version",
  "exit status: 0 help or version, 1 failed (the message says why), 2 wrong usage;",
  "  stopped by SIGINT (Ctrl-C) or SIGTERM: 130 or 143, once it has stopped cleanly",
].join("\n");

const TASK_HELP_FOOTER = [
  "  -h, --help     this text",
  "  --version      the package's name and version",
  "exit status: 0 ok (or help, version), 1 failed (the message says why), 2 wrong usage",
].join("\n");

/** `error` said as one line on stderr, `name: …`, the usage after it only when the flags themselves are wrong; its exit status. */
function sayError(spec: { name: string; usage: string }, error: unknown): typeof EXIT.failure | typeof EXIT.usage {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) {
    console.error(`${spec.name}: ${message}${error.showUsage ? `\n${spec.usage}` : ""}`);
    return EXIT.usage;
  }
  console.error(`${spec.name}: ${message}`);
  return EXIT.failure;
}

export interface TaskSpec<O extends ParseArgsOptionsConfig> {
  /** The prefix of every line the command prints about itself: `check:breaking: …`. */
  name: string;
  usage: string;
  options: O;
  /** How many positional arguments the command takes (default none). */
  positionals?: number;
  /** The package.json whose name and version `--version` prints (default: the sandbox package's). */
  packageJson?: string;
}

/** The parsed command line; --help and --version are answered here, and the process ends. */
function argumentsOrExit<O extends ParseArgsOptionsConfig>(spec: { usage: string; options: O; positionals?: number; packageJson?: string }, helpFooter: string): Parsed<O> {
  const args = parseCommandLine(process.argv.slice(2), spec.options, spec.positionals);
  if (args.values.help) {
    console.log(`${spec.usage}\n${helpFooter}`);
    process.exit(EXIT.ok);
  }
  if (args.values.version) {
    console.log(versionLine(spec.packageJson));
    process.exit(EXIT.ok);
  }
  return args;
}

/**
 * A command that runs once and ends (`npm run check:breaking`), in the style of runCommand: the
 * same flags with "did you mean", --help, --version, one-line errors and exit status. `task`
 * resolves to the exit status (0, or 1 for a check that failed after saying why) or throws: a
 * UsageError exits 2 (the usage follows when the flags are wrong), anything else is its message
 * on one line and exit 1, never a stack. No signal handling: SIGINT and SIGTERM end it as they end
 * any program.
 */
export async function runTask<O extends ParseArgsOptionsConfig>(spec: TaskSpec<O>, task: (args: Parsed<O>) => Promise<number>): Promise<never> {
  let status: number;
  try {
    status = await task(argumentsOrExit(spec, TASK_HELP_FOOTER));
  } catch (error) {
    status = sayError(spec, error);
  }
  process.exit(status);
}

export interface Running {
  /** Stops accepting connections and frees the port (the sandbox finishes its in-flight requests first). */
  close(): Promise<void>;
}

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  /** The prefix of every line the command prints about itself: `sandbox: …`. */
  name: string;
  usage: string;
  options: O;
  /** How many positional arguments the command takes (default none). */
  positionals?: number;
  /** Printed when a signal arrives, before close() (the sandbox: finishing in-flight requests…). */
  stopping?: string;
  /** close() not done by then: say so and exit 1, under a process manager's usual 10 s. */
  stopDeadlineMs?: number;
  /** The package.json whose name and version `--version` prints (default: the sandbox package's). */
  packageJson?: string;
}

/** A second signal stops at once only this long after the first: npm's forwarded copy of a Ctrl-C arrives sooner. */
const REPEAT_MS = 1000;

/**
 * Parses the command line, starts the command, and stops it on SIGINT or SIGTERM (also when npm
 * was the one signalled: parent-watch.ts). Errors are one line on stderr; the usage follows only
 * when the flags themselves are wrong.
 */
export async function runCommand<O extends ParseArgsOptionsConfig>(spec: CommandSpec<O>, start: (args: Parsed<O>) => Promise<Running>): Promise<void> {
  let running: Running | undefined;
  let stopping: { signal: NodeJS.Signals; at: number } | undefined;

  const die = (signal: NodeJS.Signals): void => {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    setTimeout(() => process.exit(128 + constants.signals[signal]), 1000); // only if the signal did not end it
  };
  const stop = (signal: NodeJS.Signals, server: Running): void => {
    if (spec.stopping) console.log(`\n${spec.name}: ${signal}: ${spec.stopping}`);
    if (spec.stopDeadlineMs) {
      setTimeout(() => {
        console.error(`${spec.name}: not stopped within ${spec.stopDeadlineMs} ms; exiting`);
        process.exit(EXIT.failure);
      }, spec.stopDeadlineMs).unref();
    }
    server.close().then(
      () => {
        console.log(`${spec.name}: stopped (${signal})`);
        die(signal);
      },
      (error: Error) => {
        console.error(`${spec.name}: could not stop cleanly: ${error.message}`);
        process.exit(EXIT.failure);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      if (Date.now() - stopping.at < REPEAT_MS) return;
      console.error(`${spec.name}: ${signal} again: stopping now`);
      return die(signal);
    }
    stopping = { signal, at: Date.now() };
    // While starting, the stop waits for the start to finish (the mock's Prism must not be orphaned).
    if (running) stop(signal, running);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, onSignal);
  watchNpmParent({ gone: () => onSignal("SIGTERM"), interrupted: () => onSignal("SIGINT"), stopping: () => stopping !== undefined });

  try {
    running = await start(argumentsOrExit(spec, HELP_FOOTER));
  } catch (error) {
    if (sayError(spec, error) === EXIT.usage) process.exit(EXIT.usage);
    process.exit(stopping ? 128 + constants.signals[stopping.signal] : EXIT.failure);
  }
  if (stopping) stop(stopping.signal, running);
}
