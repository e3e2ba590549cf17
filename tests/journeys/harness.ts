// A sandbox behind the fault-injection proxy (tests/fault-injection/faulty-proxy.ts) for the
// journeys' tests. The sandbox's public_url is the proxy, so the login links it hands out point
// at the proxy and a journey's visits to them pass through it like its API calls. The proxy is
// started first, on the port the sandbox will take.
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { freePort } from "../../mock/free-port.ts";
import { startSandbox } from "../../mock/sandbox/index.ts";
import type { KeyName } from "../contract/lib/env.ts";
import { contractSandboxConfig, writeConfigFile } from "../contract/setup/sandbox-config.ts";
import { startFaultyProxy, type Fault, type FaultyProxy } from "../fault-injection/faulty-proxy.ts";

export interface ProxiedSandbox {
  proxy: FaultyProxy;
  /** One set of partners (primary, other, …) per independent run. */
  keySets: Record<KeyName, string>[];
  close(): Promise<void>;
}

export async function startProxiedSandbox(sets = 1, fault?: Fault): Promise<ProxiedSandbox> {
  const port = await freePort();
  const proxy = await startFaultyProxy(`http://127.0.0.1:${port}`, fault);
  const { keySets, config } = contractSandboxConfig(sets);
  const configFile = writeConfigFile(Object.assign(config, { public_url: proxy.url }));
  const sandbox = await startSandbox({ port, host: "127.0.0.1", config: configFile }).catch(async (error: unknown) => {
    await proxy.close();
    throw error;
  });
  return {
    proxy,
    keySets,
    close: async () => {
      await proxy.close();
      await sandbox.close();
      rmSync(dirname(configFile), { recursive: true, force: true });
    },
  };
}
