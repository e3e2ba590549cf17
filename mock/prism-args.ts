// `npm start` arguments, in the kit's one command-line style (packages/sandbox/src/cli/style.ts): an
// unknown flag fails with one line and the usage (a near-miss gets "did you mean"), a bad value
// with one line; `--port=4041` and `--port 4041` both work, and the environment (PRISM_PORT,
// PORT, PRISM_HOST) is checked as strictly.
import { parseCommandLine, portNumber, UsageError } from "../packages/sandbox/src/cli/style.ts";

export const PRISM_USAGE = `usage: npm start -- [--port N] [--host ADDRESS]   (env PRISM_PORT or PORT, PRISM_HOST; --port 0 picks a free port)`;

export const PRISM_OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
} as const;

export interface PrismSettings {
  port: number;
  host: string;
}

/** The port and host from the flags, else the environment, else the document's local server. */
export function prismSettings(values: { port?: string; host?: string }, env: NodeJS.ProcessEnv, defaults: PrismSettings): PrismSettings {
  const portSource = values.port !== undefined ? ["--port", values.port] : env.PRISM_PORT !== undefined ? ["PRISM_PORT", env.PRISM_PORT] : env.PORT !== undefined ? ["PORT", env.PORT] : undefined;
  const host = values.host ?? env.PRISM_HOST ?? defaults.host;
  if (host.trim() === "") throw new UsageError(`${values.host !== undefined ? "--host" : "PRISM_HOST"} must not be empty`);
  return { port: portSource ? portNumber(portSource[1]!, portSource[0]!) : defaults.port, host };
}

/** Throws UsageError with a one-line reason. */
export function parsePrismArgs(argv: readonly string[], env: NodeJS.ProcessEnv, defaults: PrismSettings): PrismSettings {
  return prismSettings(parseCommandLine(argv, PRISM_OPTIONS).values, env, defaults);
}
