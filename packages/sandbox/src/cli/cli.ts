#!/usr/bin/env node
// `npm run sandbox` / `npx opencx-partner-sandbox`: --port --host --config, and the storage
// engine: --state FILE (sqlite) or --database-url URL (postgres; --pool-size,
// --statement-timeout-ms), else memory (env SANDBOX_PORT, SANDBOX_CONFIG, DATABASE_URL);
// defaults to the document's local sandbox server
// (`x-local-target: sandbox`, 127.0.0.1:4011) and the shipped demo config. The admin token comes
// from env SANDBOX_ADMIN_TOKEN (or the config's admin_token). Flags and environment:
// settings.ts; messages, exit status and signals: style.ts.
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { banner } from "./banner.ts";
import { readConfigFile } from "../config/config.ts";
import { loadContract } from "../contract/contract.ts";
import { localServer } from "../contract/openapi-document.ts";
import { demoConfigPath } from "../contract/paths.ts";
import { startSandbox } from "../index.ts";
import { SANDBOX_OPTIONS, SANDBOX_USAGE, sandboxSettings } from "./settings.ts";
import { listenFailure, runCommand } from "./style.ts";

/** Under a process manager's 10 s: close() cuts unfinished requests off after its own 8 s grace. */
const STOP_DEADLINE_MS = 9_500;

/** The state file's folder (`.sandbox/` on a fresh clone), one level at a time (bin.cts says why not `recursive`). */
function makeFolderOf(file: string): void {
  const missing: string[] = [];
  for (let dir = dirname(file); !existsSync(dir) && dir !== dirname(dir); dir = dirname(dir)) missing.unshift(dir);
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new Error(`cannot create ${dir} for the state file: ${(error as Error).message}`);
    }
  }
}

// Not awaited: the bin's bundle is CommonJS, which has no top-level await.
void runCommand(
  { name: "sandbox", usage: SANDBOX_USAGE, options: SANDBOX_OPTIONS, stopping: "finishing in-flight requests…", stopDeadlineMs: STOP_DEADLINE_MS },
  async ({ values }) => {
    const started = performance.now();
    const { configPath = demoConfigPath(), ...settings } = sandboxSettings(values, process.env, localServer(loadContract().doc, "sandbox"));
    const config = readConfigFile(configPath);
    if (settings.statePath) makeFolderOf(settings.statePath);
    const sandbox = await startSandbox({ ...settings, config }).catch((error: unknown) => {
      throw listenFailure(error, settings.host, settings.port);
    });
    console.log(banner(sandbox.url, config, configPath, { engine: sandbox.engine, statePath: settings.statePath, databaseUrl: settings.databaseUrl }, sandbox.adminTokenHint));
    console.log(`\nReady in ${Math.round(performance.now() - started)} ms. Ctrl-C stops it.`);
    return sandbox;
  },
);
