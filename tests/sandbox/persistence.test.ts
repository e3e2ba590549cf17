// --state FILE: everything acknowledged survives a restart; secrets are stored only as hashes.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startSandbox } from "../../mock/sandbox/index.ts";
import { KEYS, startTestSandbox, testConfig } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "sandbox-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = KEYS.a;

it("keeps orgs, keys, links and the clock across a restart, and never stores a secret in clear", async () => {
  const statePath = join(dir, "restart.json");
  const first = await startTestSandbox({ statePath });
  let orgId: string, apiKey: string, usedUrl: string, freshUrl: string;
  try {
    orgId = (await first.api.createOrg({ name: "Durable", external_id: "keep-me" }, key)).body.id;
    await first.api.createOrg({ name: "Second" }, key);
    apiKey = (await first.api.call("createOrgApiKey", { key, params: { orgId }, body: { name: "Prod" } })).body.api_key;
    await first.api.call("createOrgApiKey", { key, params: { orgId } }); // no body: the documented default name
    usedUrl = (await first.api.call("createLoginLink", { key, params: { orgId }, body: { email: "a@b.example" } })).body.url;
    freshUrl = (await first.api.call("createLoginLink", { key, params: { orgId }, body: { email: "c@d.example" } })).body.url;
    expect((await fetch(usedUrl)).status).toBe(200);
    await first.api.control("clock", { advance_seconds: 120 });
  } finally {
    await first.close();
  }

  const file = readFileSync(statePath, "utf8");
  const token = new URL(freshUrl).searchParams.get("token")!;
  expect(file).not.toContain(apiKey);
  expect(file).not.toContain(token);
  expect(file).toContain(createHash("sha256").update(apiKey).digest("hex"));
  expect(file).toContain(createHash("sha256").update(token).digest("hex"));
  // Defaults come from the document: the key name and the org language.
  const state = JSON.parse(file) as { api_keys: { name: string }[]; orgs: { language: string }[] };
  expect(state.api_keys.map((k) => k.name)).toEqual(["Prod", "Default"]);
  expect(state.orgs.map((o) => o.language)).toEqual(["en", "en"]);

  const second = await startTestSandbox({ statePath });
  try {
    const list = await second.api.call("listOrgs", { key });
    expect(list.body.data.map((o: { name: string }) => o.name)).toEqual(["Durable", "Second"]);
    expect((await second.api.call("getOrgByExternalId", { key, params: { externalId: "keep-me" } })).body.id).toBe(orgId);
    expect((await second.api.createOrg({ name: "Again", external_id: "keep-me" }, key)).status).toBe(409);
    // The link minted before the restart still works once; the used one stays used.
    const port = new URL(second.url).port;
    const moved = (u: string) => u.replace(/:\d+\//, `:${port}/`);
    expect((await fetch(moved(usedUrl))).status).toBe(410);
    expect((await fetch(moved(freshUrl))).status).toBe(200);
    expect((await fetch(moved(freshUrl))).status).toBe(410);
    // The clock offset survived: 120 s were spent, so 781 s more expire a 15-minute link.
    const link = (await second.api.call("createLoginLink", { key, params: { orgId }, body: { email: "e@f.example" } })).body;
    const clock = await second.api.control("clock", { advance_seconds: 0 });
    expect(clock.body.offset_seconds).toBeGreaterThanOrEqual(120);
    expect(Date.parse(link.expires_at) - Date.parse(clock.body.now)).toBeLessThanOrEqual(900_000);
  } finally {
    await second.close();
  }
});

it("a reset is durable too", async () => {
  const statePath = join(dir, "reset.json");
  const first = await startTestSandbox({ statePath });
  await first.api.createOrg({ name: "Forget me" }, key);
  await first.api.control("reset");
  await first.close();
  const second = await startTestSandbox({ statePath });
  expect((await second.api.call("listOrgs", { key })).body.total).toBe(0);
  await second.close();
});

it("refuses to start on a state file it cannot read, and leaves the file alone", async () => {
  const statePath = join(dir, "corrupt.json");
  writeFileSync(statePath, '{"version":1,"orgs":[');
  await expect(startSandbox({ port: 0, config: testConfig(), statePath })).rejects.toThrow(/not valid JSON/);
  writeFileSync(statePath, '{"something":"else"}');
  await expect(startSandbox({ port: 0, config: testConfig(), statePath })).rejects.toThrow(/not a sandbox state file/);
  expect(readFileSync(statePath, "utf8")).toBe('{"something":"else"}');
});
