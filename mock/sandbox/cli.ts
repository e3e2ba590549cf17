#!/usr/bin/env node
// `npm run sandbox` / `npx opencx-partner-sandbox`: --port --host --config --state
// (env SANDBOX_PORT, SANDBOX_CONFIG); defaults to the document's local sandbox server
// (`x-local-target: sandbox`, 127.0.0.1:4011) and the shipped demo config.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { banner } from "./banner.ts";
import { readConfigFile } from "./config.ts";
import { localServer } from "../../src/openapi-document.ts";
import { loadContract } from "./contract.ts";
import { startSandbox } from "./index.ts";
import { demoConfigPath } from "./paths.ts";
import { HTTP_LIMIT_FLAGS, HTTP_LIMIT_USAGE, httpLimitsFromFlags } from "./http-flags.ts";

const USAGE = `usage: opencx-partner-sandbox [--port 4011] [--host 127.0.0.1] [--config FILE] [--state FILE]\n  ${HTTP_LIMIT_USAGE}`;

async function main(): Promise<void> {
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      config: { type: "string" },
      state: { type: "string" },
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
  const portText = values.port ?? process.env.SANDBOX_PORT ?? String(local.port);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new Error(`--port must be 0-65535, got "${portText}"`);
  const configPath = resolve(values.config ?? process.env.SANDBOX_CONFIG ?? demoConfigPath());
  const config = readConfigFile(configPath);
  const statePath = values.state ? resolve(values.state) : undefined;
  const http = httpLimitsFromFlags(values);

  const sandbox = await startSandbox({ port: Number(portText), host: values.host ?? local.host, config, statePath, http });
  console.log(banner(sandbox.url, config, configPath, statePath));
  console.log(`\nReady in ${Math.round(performance.now() - started)} ms. Ctrl-C stops it.`);

  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1); // a second signal: stop now
      stopping = true;
      console.log(`\n${signal}: finishing in-flight requests…`);
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
