// The contract suite's own sandbox (tests/contract/setup/local-sandbox.ts) behind the
// fault-injection proxy (tests/fault-injection/faulty-proxy.ts), for the journeys' tests. The
// proxy points each login link the sandbox hands out at itself, as a sandbox whose public URL is
// the proxy would, so a journey's visits to a link pass through the proxy like its API calls.
import type { KeyName } from "../contract/lib/env.ts";
import { startLocalSandbox } from "../contract/setup/local-sandbox.ts";
import { startFaultyProxy, type Fault } from "../fault-injection/faulty-proxy.ts";
import { composeFaults } from "../fault-injection/journey-faults.ts";

export interface ProxiedSandbox {
  /** The proxy's URL: the server the journeys run against. */
  url: string;
  /** One set of partners (primary, other, …) per independent run. */
  keySets: Record<KeyName, string>[];
  /** The fault for the requests from now on (besides pointing links at the proxy); none: transparent. */
  setFault(fault?: Fault): void;
  close(): Promise<void>;
}

function linksThroughProxy(proxyUrl: string): Fault {
  return {
    name: "login links point at the proxy",
    operationId: "createLoginLink",
    response: (e) => {
      if (e.operationId !== "createLoginLink" || e.status !== 201) return;
      const link = JSON.parse(e.body) as { url: string };
      const url = new URL(link.url);
      e.body = JSON.stringify({ ...link, url: `${proxyUrl}${url.pathname}${url.search}` });
    },
  };
}

export async function startProxiedSandbox(sets = 1): Promise<ProxiedSandbox> {
  const sandbox = await startLocalSandbox(sets);
  const proxy = await startFaultyProxy(sandbox.url);
  const setFault = (fault?: Fault) => proxy.setFault(composeFaults([linksThroughProxy(proxy.url), ...(fault ? [fault] : [])]));
  setFault();
  return {
    url: proxy.url,
    keySets: sandbox.keySets,
    setFault,
    close: async () => {
      await proxy.close();
      await sandbox.close();
    },
  };
}
