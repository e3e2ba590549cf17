#!/usr/bin/env node
// `npm run sandbox` / `npx opencx-partner-sandbox`: --port --host --config, and the storage
// engine: --state FILE (sqlite) or --database-url URL (postgres; --pool-size,
// --statement-timeout-ms), else memory (env SANDBOX_PORT, SANDBOX_CONFIG, DATABASE_URL);
// defaults to the document's local sandbox server
// (`x-local-target: sandbox`, 127.0.0.1:4011) and the shipped demo config. The admin token comes
// from env SANDBOX_ADMIN_TOKEN (or the config's admin_token).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { banner } from "./banner.ts";
import { readConfigFile } from "../config/config.ts";
import { localServer } from "../contract/openapi-document.ts";
import { loadContract } from "../contract/contract.ts";
import { startSandbox } from "../index.ts";
import { demoConfigPath } from "../contract/paths.ts";
import { HTTP_LIMIT_FLAGS, HTTP_LIMIT_USAGE, httpLimitsFromFlags } from "./http-flags.ts";

const USAGE =
  "usage: opencx-partner-sandbox [--port 4011] [--host 127.0.0.1] [--config FILE]\n" +
  "         [--state FILE | --database-url URL [--pool-size N] [--statement-timeout-ms N]]\n" +
  `         ${HTTP_LIMIT_USAGE}`;

/** A whole number in [min, max] from a flag, or a message naming the flag. */
function integerFlag(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) throw new Error(`--${name} must be ${min}-${max}, got "${text}"`);
  return Number(text);
}

const EXIT_DEADLINE_MS = 9_500;

async function main(): Promise<void> {
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      config: { type: "string" },
      state: { type: "string" },
      "database-url": { type: "string" },
      "pool-size": { type: "string" },
      "statement-timeout-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
      ...HTTP_LIMIT_FLAGS, // timeouts and connection caps (http-limits.ts)
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const local = localServer(loadContract().doc, "sandbox");
  const port = integerFlag("port", values.port ?? process.env.SANDBOX_PORT ?? String(local.port), 0, 65535)!;
  const configPath = resolve(values.config ?? process.env.SANDBOX_CONFIG ?? demoConfigPath());
  const config = readConfigFile(configPath);
  const statePath = values.state ? resolve(values.state) : undefined;
  // An explicit --state wins over a DATABASE_URL in the environment; both flags is a mistake.
  if (statePath && values["database-url"]) throw new Error("--state and --database-url choose different engines: give one");
  const databaseUrl = values["database-url"] ?? (statePath ? undefined : process.env.DATABASE_URL || undefined);
  const poolSize = integerFlag("pool-size", values["pool-size"], 1, 1000);
  const statementTimeoutMs = integerFlag("statement-timeout-ms", values["statement-timeout-ms"], 1, 3_600_000);
  if ((poolSize !== undefined || statementTimeoutMs !== undefined) && !databaseUrl) throw new Error("--pool-size and --statement-timeout-ms need --database-url");
  const database = databaseUrl ? { poolSize, statementTimeoutMs } : undefined;
  const http = httpLimitsFromFlags(values);

  const adminToken = process.env.SANDBOX_ADMIN_TOKEN || undefined;
  const sandbox = await startSandbox({ port, host: values.host ?? local.host, config, statePath, databaseUrl, database, http, adminToken });
  console.log(banner(sandbox.url, config, configPath, { engine: sandbox.engine, statePath, databaseUrl }, sandbox.adminTokenHint));
  console.log(`\nReady in ${Math.round(performance.now() - started)} ms. Ctrl-C stops it.`);

  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1); // a second signal: stop now
      stopping = true;
      console.log(`\n${signal}: finishing in-flight requests…`);
      // close() cuts off unfinished requests after its grace; this is the backstop for a storage
      // engine that never closes, so a process manager's 10 s never runs out.
      setTimeout(() => {
        console.error(`${signal}: not closed within ${EXIT_DEADLINE_MS} ms; exiting`);
        process.exit(1);
      }, EXIT_DEADLINE_MS).unref();
      sandbox.close().then(
        () => process.exit(0),
        (error: Error) => {
          console.error(`shutdown failed: ${error.message}`);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: Error) => {
  console.error(`sandbox: ${error.message}\n${USAGE}`);
  process.exit(1);
});
