// The sandbox CLI's flags and environment (packages/sandbox/src/cli/settings.ts) and the mock's
// (mock/prism-args.ts): every value checked into one line before anything starts, with the
// flag beating the environment and the document's local server as the default.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePrismArgs } from "../../mock/prism-args.ts";
import { SANDBOX_OPTIONS, sandboxSettings } from "../../packages/sandbox/src/cli/settings.ts";
import { parseCommandLine, UsageError } from "../../packages/sandbox/src/cli/style.ts";

const LOCAL = { host: "127.0.0.1", port: 4011 };
const settings = (argv: string[], env: NodeJS.ProcessEnv = {}) => sandboxSettings(parseCommandLine(argv, SANDBOX_OPTIONS).values, env, LOCAL);

/** The message of the UsageError a call throws. */
function usageMessage(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("no UsageError thrown");
}

describe("sandboxSettings", () => {
  it("defaults to the local server, memory and the demo config", () => {
    expect(settings([])).toEqual({ port: 4011, host: "127.0.0.1", configPath: undefined, statePath: undefined, databaseUrl: undefined, database: undefined, http: {}, adminToken: undefined });
  });

  it("takes flags over the environment", () => {
    const env = { SANDBOX_PORT: "4100", SANDBOX_CONFIG: "env.yaml", DATABASE_URL: "postgres://127.0.0.1/env", SANDBOX_ADMIN_TOKEN: "t" };
    expect(settings([], env)).toMatchObject({ port: 4100, configPath: resolve("env.yaml"), databaseUrl: "postgres://127.0.0.1/env", adminToken: "t" });
    expect(settings(["--port", "0", "--config", "flag.yaml", "--database-url", "postgresql://127.0.0.1/flag", "--pool-size", "3"], env)).toMatchObject({
      port: 0,
      configPath: resolve("flag.yaml"),
      databaseUrl: "postgresql://127.0.0.1/flag",
      database: { poolSize: 3, statementTimeoutMs: undefined },
    });
    // An explicit --state wins over DATABASE_URL in the environment.
    expect(settings(["--state", ".sandbox/state.sqlite"], env)).toMatchObject({ statePath: resolve(".sandbox/state.sqlite"), databaseUrl: undefined });
    expect(settings(["--max-connections", "5"]).http).toEqual({ maxConnections: 5 });
  });

  it.each([
    [["--port", "70000"], {}, '--port must be a port number 0-65535, got "70000"'],
    [[], { SANDBOX_PORT: "four" }, 'SANDBOX_PORT must be a port number 0-65535, got "four"'],
    [["--host", " "], {}, "--host must not be empty"],
    [["--state", "x.sqlite", "--database-url", "postgres://127.0.0.1:1/x"], {}, "--state and --database-url choose different engines: give one"],
    [["--database-url", "postgres://127.0.0.1:1/x", "--pool-size", "0"], {}, '--pool-size must be 1-1000, got "0"'],
    [["--database-url", "postgres://127.0.0.1:1/x", "--statement-timeout-ms", "soon"], {}, '--statement-timeout-ms must be 1-3600000, got "soon"'],
    [["--pool-size", "4"], {}, "--pool-size and --statement-timeout-ms need --database-url"],
    [["--max-connections", "lots"], {}, '--max-connections must be a positive integer, got "lots"'],
    [[], { DATABASE_URL: "not-a-url" }, "DATABASE_URL is not a URL: give a postgres:// or postgresql:// URL, e.g. postgres://user@127.0.0.1:5432/sandbox"],
    [[], { DATABASE_URL: "mysql://root@127.0.0.1/app" }, "DATABASE_URL is a mysql:// URL: the sandbox needs PostgreSQL, a postgres:// or postgresql:// URL"],
  ] as const)("%j with env %j: %s", (argv, env, message) => {
    expect(usageMessage(() => settings([...argv], env))).toBe(message);
  });
});

describe("parsePrismArgs", () => {
  const DEFAULTS = { host: "127.0.0.1", port: 4010 };

  it.each([
    [["--port", "4041"], {}, { port: 4041, host: "127.0.0.1" }],
    [["--port=4041"], {}, { port: 4041, host: "127.0.0.1" }],
    [["--port", "0", "--host", "::1"], {}, { port: 0, host: "::1" }],
    [[], { PRISM_PORT: "4050", PORT: "1" }, { port: 4050, host: "127.0.0.1" }],
    [[], { PORT: "4051", PRISM_HOST: "0.0.0.0" }, { port: 4051, host: "0.0.0.0" }],
    [[], {}, { port: 4010, host: "127.0.0.1" }],
  ])("%j with env %j", (argv, env, expected) => {
    expect(parsePrismArgs(argv, env, DEFAULTS)).toEqual(expected);
  });

  it.each([
    [["--prot", "4043"], {}, "unknown option --prot (did you mean --port?)"],
    [["--prot=4043"], {}, "unknown option --prot (did you mean --port?)"],
    [["--verbose"], {}, "unknown option --verbose"],
    [["--port", "abc"], {}, '--port must be a port number 0-65535, got "abc"'],
    [["--port", "70000"], {}, '--port must be a port number 0-65535, got "70000"'],
    [["--port"], {}, "--port needs a value"],
    [["4041"], {}, "unexpected argument 4041"],
    [[], { PRISM_PORT: "abc" }, 'PRISM_PORT must be a port number 0-65535, got "abc"'],
    [[], { PORT: "-1" }, 'PORT must be a port number 0-65535, got "-1"'],
  ])("%j with env %j: %s", (argv, env, message) => {
    expect(usageMessage(() => parsePrismArgs(argv, env, DEFAULTS))).toBe(message);
  });
});
