// `npm start` arguments, checked like the sandbox's: an unknown flag or a bad port fails with
// one line and the usage (a near-miss flag gets "did you mean"), `--port=4041` and `--port 4041`
// both work, and the environment (PRISM_PORT, PORT, PRISM_HOST) is checked as strictly.
import { parseArgs } from "node:util";
import { didYouMean } from "../packages/sandbox/src/common/nearest-name.ts";

export const PRISM_USAGE = `usage: npm start -- [--port N] [--host ADDRESS]   (env PRISM_PORT or PORT, PRISM_HOST; --port 0 picks a free port)`;

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export type PrismArgs = { help: true } | { help: false; port: number; host: string };

export class UsageError extends Error {}

function port(text: string, source: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`${source} must be a port number 0-65535, got "${text}"`);
  return Number(text);
}

/** Throws UsageError with a one-line reason. */
export function parsePrismArgs(argv: readonly string[], env: NodeJS.ProcessEnv, defaults: { host: string; port: number }): PrismArgs {
  let values: { port?: string; host?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const flag = /'(-[^' ]*)/.exec(message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const names = Object.keys(OPTIONS).map((n) => `--${n}`);
      throw new UsageError(`unknown option ${flag}${didYouMean(flag.replace(/=.*$/, ""), names, "")}`);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`${flag.split(" ")[0]} needs a value`);
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") throw new UsageError(`unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ""}`);
    throw new UsageError(message);
  }
  if (values.help) return { help: true };
  const portSource = values.port !== undefined ? ["--port", values.port] : env.PRISM_PORT !== undefined ? ["PRISM_PORT", env.PRISM_PORT] : env.PORT !== undefined ? ["PORT", env.PORT] : undefined;
  const host = values.host ?? env.PRISM_HOST ?? defaults.host;
  if (host.trim() === "") throw new UsageError(`${values.host !== undefined ? "--host" : "PRISM_HOST"} must not be empty`);
  return { help: false, port: portSource ? port(portSource[1]!, portSource[0]!) : defaults.port, host };
}
