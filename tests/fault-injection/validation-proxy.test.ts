// `npm run proxy`: Prism's validation proxy in front of a server. A conforming answer passes
// through unchanged; an answer that breaks the document (here: the sandbox behind a faulty
// proxy that drops listOrgs' `total`) comes back as a 500 listing the violation.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../mock/free-port.ts";
import { startLocalSandbox, type LocalSandbox } from "../contract/setup/local-sandbox.ts";
import { buildFaults } from "./faults.ts";
import { startFaultyProxy } from "./faulty-proxy.ts";

const root = resolve(import.meta.dirname, "../..");

async function startValidationProxy(upstream: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["scripts/proxy.ts", upstream, "--port", String(port)], { cwd: root, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  // Prism prints no machine-readable ready line: poll until it answers at all.
  for (let i = 0; i < 300; i++) {
    if (await fetch(url).then(() => true, () => false)) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("npm run proxy did not start within 30 s");
}

describe("npm run proxy", () => {
  let sandbox: LocalSandbox;
  const stops: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    sandbox = await startLocalSandbox();
    stops.push(() => sandbox.close());
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  async function through(faultName?: string) {
    const fault = faultName ? buildFaults(sandbox.keys.primary!).find((f) => f.name === faultName) : undefined;
    const faulty = await startFaultyProxy(sandbox.url, fault);
    stops.push(() => faulty.close());
    const proxy = await startValidationProxy(faulty.url);
    stops.push(() => void proxy.child.kill("SIGTERM"));
    return fetch(`${proxy.url}/partner/v1/orgs`, { headers: { authorization: `Bearer ${sandbox.keys.primary}` } });
  }

  it("passes a conforming answer through", async () => {
    const res = await through();
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it("turns an answer that breaks the document into a 500 naming the violation", async () => {
    const res = await through("missing required field (total)");
    const text = await res.text();
    expect(res.status, text).toBe(500);
    expect(text).toMatch(/VIOLATIONS/);
    expect(text).toMatch(/total/);
  });
});
