// Starts the stateful sandbox in this process on a free loopback port with the suite's own
// config; used when CONTRACT_BASE_URL is unset and by the fault-injection tests.
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import type { ContractTarget, KeyName } from "../lib/env.ts";
import { ALLOWED_IP, contractSandboxConfig, writeConfigFile } from "./sandbox-config.ts";

export interface LocalSandbox {
  url: string;
  keys: ContractTarget["keys"];
  /** Independent partner sets (see contractSandboxConfig); `keys` is the first. */
  keySets: Record<KeyName, string>[];
  /** CONTRACT_ALLOWED_IP for this sandbox. */
  allowedIp: string;
  configFile: string;
  close(): Promise<void>;
}

export async function startLocalSandbox(sets = 1): Promise<LocalSandbox> {
  // Imported lazily: only runs that have no CONTRACT_BASE_URL need the sandbox module.
  const { startSandbox } = await import("../../../packages/sandbox/src/index.ts");
  const { keys, keySets, config } = contractSandboxConfig(sets);
  const configFile = writeConfigFile(config);
  const sandbox = await startSandbox({ port: 0, host: "127.0.0.1", config: configFile });
  const close = async () => {
    await sandbox.close();
    rmSync(dirname(configFile), { recursive: true, force: true });
  };
  return { url: sandbox.url.replace(/\/+$/, ""), keys, keySets, allowedIp: ALLOWED_IP, configFile, close };
}
