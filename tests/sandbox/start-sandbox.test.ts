// The in-process API partners and the contract suite use: startSandbox({ port, host, config,
// statePath, clock }) -> { url, close() }.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startSandbox } from "../../packages/sandbox/src/index.ts";
import { Api } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "sandbox-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("takes a base clock: timestamps, link expiry and rate windows follow it", async () => {
  let now = Date.parse("2030-01-01T00:00:00.000Z");
  const sandbox = await startSandbox({ port: 0, host: "127.0.0.1", clock: () => now, config: { partners: [{ id: "p", api_keys: ["k"], rate_limits: { global: { limit: 4, window_seconds: 60 } } }] } });
  try {
    const api = new Api(sandbox.url);
    const org = await api.createOrg({ name: "Future", external_id: "f" }, "k");
    expect((await api.call("getOrgByExternalId", { key: "k", params: { externalId: "f" } })).body.created_at).toBe("2030-01-01T00:00:00.000Z");
    const link = await api.call("createLoginLink", { key: "k", params: { orgId: org.body.id }, body: { email: "a@b.example" } });
    expect(link.body.expires_at).toBe("2030-01-01T00:15:00.000Z");
    expect((await api.call("listOrgs", { key: "k" })).status).toBe(200);
    expect((await api.call("listOrgs", { key: "k" })).status).toBe(429);
    now += 900_000;
    expect((await fetch(link.body.url)).status).toBe(410); // expired exactly at expires_at
    expect((await api.call("listOrgs", { key: "k" })).status).toBe(200); // a new window
  } finally {
    await sandbox.close();
  }
});

it("reads a config file path, answers on a URL without a trailing slash, and closes idempotently", async () => {
  const file = join(dir, "config.yaml");
  writeFileSync(file, "partners:\n  - id: yaml-partner\n    api_keys: [yaml-key]\n");
  const sandbox = await startSandbox({ port: 0, config: file });
  expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect((await new Api(sandbox.url).call("listOrgs", { key: "yaml-key" })).status).toBe(200);
  await Promise.all([sandbox.close(), sandbox.close()]);
  await expect(fetch(`${sandbox.url}/partner/v1/orgs`)).rejects.toThrow();
});

it("uses the shipped demo config when given none", async () => {
  const sandbox = await startSandbox({ port: 0 });
  try {
    const api = new Api(sandbox.url);
    expect((await api.call("listOrgs", { key: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhY21lLXBhcnRuZXIiLCJqdGkiOiJkZW1vIn0.8HiGuEjcD_e8WNdZ2pju1vDzHP11M2BwN89kHLPLzi0" })).status).toBe(200);
    expect((await api.call("listOrgs", { key: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJpbml0ZWNoLXBhcnRuZXIiLCJqdGkiOiJkZW1vIn0.VunafdCva5Bqq51K6qN7QXsaeC_EpYC-3N548YHcsPA" })).status).toBe(401);
  } finally {
    await sandbox.close();
  }
});

it("refuses a config that breaks the shape, naming the problem", async () => {
  await expect(startSandbox({ port: 0, config: { partners: [{ id: "x", ip_allow_list: ["300.1.1.1/8"] }] } })).rejects.toThrow(/x\.ip_allow_list: "300\.1\.1\.1\/8"/);
  await expect(startSandbox({ port: 0, config: { partners: [{ id: "x", rate_limits: { global: { limit: 0, window_seconds: 1 } } }] } })).rejects.toThrow(/invalid sandbox config/);
});
