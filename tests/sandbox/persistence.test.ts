// Durable engines: everything acknowledged survives a restart; secrets are stored only as hashes.
// The contract is the engine's, not a file format's: what a restarted sandbox answers, and what
// the stored bytes never contain. The memory engine keeps nothing across a restart, so these run
// on the sqlite engine (--state FILE), reported skipped by name while it does not exist.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startSandbox } from "../../packages/sandbox/src/index.ts";
import { createMemoryStorage } from "../../packages/sandbox/src/storage/memory/index.ts";
import type { SandboxStorage, StoredApiKey, StoredOrg } from "../../packages/sandbox/src/storage/types/index.ts";
import { KEYS, needEngine, startTestSandbox, testConfig } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "sandbox-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = KEYS.a;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Every byte the sqlite engine keeps for `path`: the database and its write-ahead log. */
function storedBytes(path: string): string {
  return [path, `${path}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p).toString("latin1")).join("");
}

it("keeps orgs, keys, links and the clock across a restart, and never stores a secret in clear (sqlite)", async (ctx) => {
  await needEngine(ctx, "sqlite");
  const statePath = join(dir, "restart.sqlite");
  const first = await startTestSandbox({ engine: "sqlite", statePath });
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

  const stored = storedBytes(statePath);
  const token = new URL(freshUrl).searchParams.get("token")!;
  expect(stored.length).toBeGreaterThan(0);
  expect(stored).not.toContain(apiKey);
  expect(stored).not.toContain(token);
  expect(stored).toContain(sha256(apiKey));
  expect(stored).toContain(sha256(token));

  const second = await startTestSandbox({ engine: "sqlite", statePath });
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

const pushed = <T>(list: T[], item: T): T => (list.push(item), item);

it("stores the document's defaults: the key name and the org language", async () => {
  // Engine-agnostic: what the routes hand the storage interface, seen through a recording wrapper.
  const inner = createMemoryStorage();
  const orgs: StoredOrg[] = [];
  const keys: StoredApiKey[] = [];
  // The request path stores through its units of work (storage.requests): record their drafts.
  const storage: SandboxStorage = {
    ...inner,
    engine: inner.engine,
    requests: {
      ...inner.requests,
      createOrg: (ticket, draft, quotas) => inner.requests.createOrg(ticket, (nowMs) => pushed(orgs, draft(nowMs)), quotas),
      addApiKey: (ticket, orgId, draft, quotas) => inner.requests.addApiKey(ticket, orgId, (nowMs) => pushed(keys, draft(nowMs)), quotas),
    },
  };
  const sandbox = await startTestSandbox({ storage });
  try {
    const orgId = (await sandbox.api.createOrg({ name: "Durable" }, key)).body.id;
    await sandbox.api.createOrg({ name: "Second" }, key);
    await sandbox.api.call("createOrgApiKey", { key, params: { orgId }, body: { name: "Prod" } });
    await sandbox.api.call("createOrgApiKey", { key, params: { orgId } });
  } finally {
    await sandbox.close();
  }
  expect(keys.map((k) => k.name)).toEqual(["Prod", "Default"]);
  expect(orgs.map((o) => o.language)).toEqual(["en", "en"]);
  expect(keys.every((k) => k.partner_id === "a" && /^[0-9a-f]{64}$/.test(k.key_sha256))).toBe(true);
});

it("a reset is durable too (sqlite)", async (ctx) => {
  await needEngine(ctx, "sqlite");
  const statePath = join(dir, "reset.sqlite");
  const first = await startTestSandbox({ engine: "sqlite", statePath });
  await first.api.createOrg({ name: "Forget me" }, key);
  await first.api.control("reset");
  await first.close();
  const second = await startTestSandbox({ engine: "sqlite", statePath });
  expect((await second.api.call("listOrgs", { key })).body.total).toBe(0);
  await second.close();
});

it("refuses to start on an old JSON state file it cannot read, and leaves the file alone (sqlite)", async (ctx) => {
  await needEngine(ctx, "sqlite");
  const statePath = join(dir, "corrupt.json");
  writeFileSync(statePath, '{"version":1,"orgs":[');
  await expect(startSandbox({ port: 0, config: testConfig(), statePath })).rejects.toThrow(/not valid JSON/);
  writeFileSync(statePath, '{"something":"else"}');
  await expect(startSandbox({ port: 0, config: testConfig(), statePath })).rejects.toThrow(/not a sandbox state file/);
  expect(readFileSync(statePath, "utf8")).toBe('{"something":"else"}');
});
