// Two sandboxes (startSandbox({ databaseUrl }) twice) on one PostgreSQL database are one
// sandbox over HTTP: 50 concurrent creates with one external_id split across both → one 201 and
// 49 × 409; one login link visited 20 times across both → one 200; a partner with limit L
// sending 2L requests across both → exactly L accepted. And kill -9 of a sandbox process (the
// CLI with --state or --database-url) in the middle of a create loop loses nothing that got a 201.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { OPERATIONS } from "../../generated/client.ts";
import { freePort } from "../../mock/free-port.ts";
import { startSandbox, type RunningSandbox, type SandboxConfig } from "../../packages/sandbox/src/index.ts";
import { createTestDatabase, needPostgres, type TestDatabase } from "../helpers/postgres.ts";

const L = 20;
const KEY_FREE = "instances-key-unlimited";
const KEY_LIMITED = "instances-key-limited";
const KEY_QUOTA = "instances-key-quota";
const QUOTA = 10;
const CONFIG: SandboxConfig = {
  trusted_proxies: ["127.0.0.0/8", "::1"],
  partners: [
    { id: "free", name: "Free", api_keys: [KEY_FREE], rate_limits: false },
    { id: "limited", name: "Limited", api_keys: [KEY_LIMITED], rate_limits: { global: { limit: L, window_seconds: 3600 }, createLoginLink: { limit: L, window_seconds: 3600 } } },
    { id: "quota", name: "Quota", api_keys: [KEY_QUOTA], rate_limits: false, quotas: { orgs: QUOTA, login_links: QUOTA } },
  ],
};
const ORGS = OPERATIONS.createOrg.path;
const LINKS = OPERATIONS.createLoginLink.path;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  return db;
}

async function twoSandboxes(url: string): Promise<[RunningSandbox, RunningSandbox]> {
  const first = await startSandbox({ port: 0, config: CONFIG, databaseUrl: url });
  cleanups.push(() => first.close());
  const second = await startSandbox({ port: 0, config: CONFIG, databaseUrl: url });
  cleanups.push(() => second.close());
  return [first, second];
}

const post = (base: string, path: string, key: string, body: unknown): Promise<Response> =>
  fetch(`${base}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });

describe("two sandboxes on one PostgreSQL database", () => {
  it("50 concurrent createOrg with one external_id across both: one 201, 49 × 409", async (ctx) => {
    await needPostgres(ctx);
    const [a, b] = await twoSandboxes((await database()).url);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(i % 2 ? a.url : b.url, ORGS, KEY_FREE, { name: "Race Tours", external_id: "one-external-id" })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const list = (await (await fetch(`${a.url}${ORGS}`, { headers: { authorization: `Bearer ${KEY_FREE}` } })).json()) as { total: number };
    expect(list.total).toBe(1);
  });

  it("one login link visited 20 times concurrently across both: one 200", async (ctx) => {
    await needPostgres(ctx);
    const [a, b] = await twoSandboxes((await database()).url);
    const org = (await (await post(a.url, ORGS, KEY_FREE, { name: "Link Tours" })).json()) as { id: string };
    const created = await post(b.url, LINKS.replace("{orgId}", org.id), KEY_FREE, { email: "user@example.com" });
    expect(created.status).toBe(201);
    const link = new URL(((await created.json()) as { url: string }).url);
    const visits = await Promise.all(
      Array.from({ length: 20 }, (_, i) => fetch(`${i % 2 ? a.url : b.url}${link.pathname}${link.search}`).then((r) => r.status)),
    );
    expect(visits.filter((s) => s === 200)).toHaveLength(1);
    expect(visits.filter((s) => s === 410)).toHaveLength(19);
  });

  it(`a partner with limit ${L} sending ${2 * L} requests across both: exactly ${L} accepted`, async (ctx) => {
    await needPostgres(ctx);
    const [a, b] = await twoSandboxes((await database()).url);
    const statuses = await Promise.all(
      Array.from({ length: 2 * L }, (_, i) => fetch(`${i % 2 ? a.url : b.url}${ORGS}`, { headers: { authorization: `Bearer ${KEY_LIMITED}` } }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(L);
    expect(statuses.filter((s) => s === 429)).toHaveLength(L);
  });
});

describe("quota counters across two sandboxes on one PostgreSQL database", () => {
  const refusedBy = async (r: Response): Promise<string | undefined> => ((await r.json()) as { quota?: string }).quota;

  it(`an orgs quota of ${QUOTA} with ${3 * QUOTA} concurrent creates across both: exactly ${QUOTA} created, the rest refused by the quota`, async (ctx) => {
    await needPostgres(ctx);
    const [a, b] = await twoSandboxes((await database()).url);
    const responses = await Promise.all(Array.from({ length: 3 * QUOTA }, (_, i) => post(i % 2 ? a.url : b.url, ORGS, KEY_QUOTA, { name: `Quota ${i}` })));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(QUOTA);
    const refused = responses.filter((r) => r.status === 403);
    expect(refused).toHaveLength(2 * QUOTA);
    expect(new Set(await Promise.all(refused.map(refusedBy)))).toEqual(new Set(["orgs"]));
    for (const base of [a.url, b.url]) {
      const list = (await (await fetch(`${base}${ORGS}`, { headers: { authorization: `Bearer ${KEY_QUOTA}` } })).json()) as { total: number };
      expect(list.total).toBe(QUOTA);
    }
  });

  it(`a live-links quota of ${QUOTA} with ${3 * QUOTA} concurrent links across both: exactly ${QUOTA} created`, async (ctx) => {
    await needPostgres(ctx);
    const [a, b] = await twoSandboxes((await database()).url);
    const org = (await (await post(a.url, ORGS, KEY_QUOTA, { name: "Links" })).json()) as { id: string };
    const path = LINKS.replace("{orgId}", org.id);
    const responses = await Promise.all(Array.from({ length: 3 * QUOTA }, (_, i) => post(i % 2 ? a.url : b.url, path, KEY_QUOTA, { email: `u${i}@example.com` })));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(QUOTA);
    const refused = responses.filter((r) => r.status === 403);
    expect(refused).toHaveLength(2 * QUOTA);
    expect(new Set(await Promise.all(refused.map(refusedBy)))).toEqual(new Set(["login_links"]));
  });
});

describe("kill -9 of a sandbox process mid create loop loses nothing that got a 201", () => {
  const CLI = resolve(import.meta.dirname, "../../packages/sandbox/src/cli/cli.ts");

  async function killMidLoop(engineArgs: string[]): Promise<{ acknowledged: string[]; restart: () => Promise<RunningSandbox> }> {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-kill-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const configFile = join(dir, "config.json");
    writeFileSync(configFile, JSON.stringify(CONFIG));
    const port = await freePort();
    const child = spawn(process.execPath, ["--no-warnings", CLI, "--port", String(port), "--config", configFile, ...engineArgs], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DATABASE_URL: "" },
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<void>((r) => child.on("exit", () => r()));
    cleanups.push(async () => {
      child.kill("SIGKILL");
      await exited;
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`the sandbox exited: ${stderr}`);
      const up = await fetch(`${base}${ORGS}`, { headers: { authorization: `Bearer ${KEY_FREE}` } }).then((r) => r.status === 200, () => false);
      if (up) break;
      if (i > 200) throw new Error(`the sandbox did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // 4 clients create in a loop; the kill lands while requests are in flight.
    const acknowledged: string[] = [];
    let stop = false;
    const loops = Array.from({ length: 4 }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await post(base, ORGS, KEY_FREE, { name: "Kill Tours", external_id: `kill-${c}-${i}` });
          if (r.status === 201) acknowledged.push(((await r.json()) as { id: string }).id);
        } catch {
          return; // the connection died with the process
        }
      }
    });
    while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGKILL");
    stop = true;
    await Promise.all(loops);
    await exited;
    return {
      acknowledged,
      restart: async () => {
        const s = await startSandbox({
          port: 0,
          config: CONFIG,
          ...(engineArgs[0] === "--state" ? { statePath: engineArgs[1]! } : { databaseUrl: engineArgs[1]! }),
        });
        cleanups.push(() => s.close());
        return s;
      },
    };
  }

  async function lost(sandbox: RunningSandbox, acknowledged: string[]): Promise<string[]> {
    const seen = new Set<string>();
    for (let offset = 0; ; offset += 100) {
      const page = (await (await fetch(`${sandbox.url}${ORGS}?limit=100&offset=${offset}`, { headers: { authorization: `Bearer ${KEY_FREE}` } })).json()) as {
        data: { id: string }[];
      };
      for (const o of page.data) seen.add(o.id);
      if (page.data.length < 100) break;
    }
    return acknowledged.filter((id) => !seen.has(id));
  }

  it("sqlite (--state FILE)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "sandbox-kill-state-")), "state.sqlite");
    cleanups.push(async () => rmSync(resolve(file, ".."), { recursive: true, force: true }));
    const { acknowledged, restart } = await killMidLoop(["--state", file]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    expect(await lost(await restart(), acknowledged)).toEqual([]);
    console.log(`kill -9 of a sandbox on sqlite: ${acknowledged.length} creates answered 201 before the kill, none lost`);
  });

  it("postgres (--database-url URL)", async (ctx) => {
    await needPostgres(ctx);
    const db = await database();
    const { acknowledged, restart } = await killMidLoop(["--database-url", db.url]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    expect(await lost(await restart(), acknowledged)).toEqual([]);
    console.log(`kill -9 of a sandbox on postgres: ${acknowledged.length} creates answered 201 before the kill, none lost`);
  });
});
