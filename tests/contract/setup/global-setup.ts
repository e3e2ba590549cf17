// Decides the server under test from the environment (the CONTRACT_* variables) and
// hands it to the test files. Without CONTRACT_BASE_URL it starts the sandbox in-process, with
// every key and capability, so every check runs.
import type { TestProject } from "vitest/node";
import { ContractEnvError, sandboxFlags, targetFromEnv, type ContractTarget } from "../lib/env.ts";
import { newRunPrefix } from "../lib/run-prefix.ts";
import { startLocalSandbox } from "./local-sandbox.ts";
import type {} from "../lib/provided-context.ts";

function banner(t: ContractTarget): void {
  const keys = Object.keys(t.keys).join(", ");
  console.log(
    `[contract] target ${t.description} — keys: ${keys}; stateful=${t.stateful ? 1 : 0} sandbox=${t.sandbox ? 1 : 0} ` +
      `allowed_ip=${t.allowedIp ? 1 : 0} rate_limits=${t.rateLimits ? 1 : 0}${t.maxRpm ? ` max_rpm=${t.maxRpm}` : ""}; external_id prefix ${t.runPrefix}`,
  );
}

export default async function setup(project: TestProject) {
  const runPrefix = newRunPrefix();
  let fromEnv: ContractTarget | undefined;
  try {
    fromEnv = targetFromEnv(process.env, runPrefix);
  } catch (error) {
    if (!(error instanceof ContractEnvError)) throw error;
    // One line and a non-zero exit, not vitest's "Unhandled Error" stack around it.
    console.error(`contract: ${error.message}`);
    process.exit(2);
  }
  if (fromEnv) {
    banner(fromEnv);
    project.provide("contractTarget", fromEnv);
    return;
  }
  const sandbox = await startLocalSandbox();
  const local: ContractTarget = {
    baseUrl: sandbox.url,
    keys: sandbox.keys,
    stateful: true,
    sandbox: true,
    allowedIp: sandbox.allowedIp,
    ...sandboxFlags(process.env),
    runPrefix,
    description: `in-process sandbox ${sandbox.url} (config ${sandbox.configFile})`,
  };
  banner(local);
  project.provide("contractTarget", local);
  return () => sandbox.close();
}
