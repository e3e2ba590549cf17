// Shared by the sandbox tests: a config with one partner per case, an in-process sandbox on a
// free loopback port (on the storage engine the test or SANDBOX_TEST_ENGINE picks), and a caller
// that checks every answer against the document.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN_URL, createTestDatabase, postgresProblem, PROVIDE_ONE } from "../helpers/postgres.ts";
import { afterAll, beforeAll, beforeEach, expect, type TestContext } from "vitest";
import { startSandbox, type SandboxConfig, type StartSandboxOptions } from "../../packages/sandbox/src/index.ts";
import { OpenApiResponses, SANDBOX_BUNDLE_PATH } from "../helpers/openapi-responses.ts";

export const KEYS = {
  a: "test-key-a",
  a2: "test-key-a-second",
  aRevoked: "test-key-a-revoked",
  b: "test-key-b",
  inactive: "test-key-inactive",
  blocked: "test-key-blocked",
  unlimited: "test-key-unlimited",
  small: "test-key-small",
} as const;

/** The admin token every test sandbox is started with (unless a test says otherwise). */
export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123";

export const BLOCKED_ALLOW_LIST = ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"];

export function testConfig(): SandboxConfig {
  return {
    trusted_proxies: ["127.0.0.0/8", "::1"],
    partners: [
      { id: "a", name: "Partner A", api_keys: [KEYS.a, KEYS.a2], revoked_api_keys: [KEYS.aRevoked] },
      { id: "b", name: "Partner B", api_keys: [KEYS.b] },
      { id: "inactive", active: false, api_keys: [KEYS.inactive] },
      { id: "blocked", api_keys: [KEYS.blocked], ip_allow_list: BLOCKED_ALLOW_LIST },
      { id: "unlimited", api_keys: [KEYS.unlimited], rate_limits: false, quotas: { orgs: 1_000_000, login_links: 1_000_000, stored_bytes: 2 ** 30 } },
      {
        id: "small",
        api_keys: [KEYS.small],
        rate_limits: { global: { limit: 5, window_seconds: 10 }, createLoginLink: { limit: 2, window_seconds: 60 } },
      },
    ],
  };
}

export const doc = new OpenApiResponses();
/** The sandbox's own document (controls, health, metrics): generated/sandbox-openapi.json. */
export const sandboxDoc = new OpenApiResponses(SANDBOX_BUNDLE_PATH);

export interface Answer {
  status: number;
  headers: Headers;
  body: any; // parsed JSON, or the text for other media types
  text: string;
}

export interface CallOptions {
  key?: string | null; // null: no Authorization header
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get("content-type") ?? "").includes("json") && text) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body, text };
}

export class Api {
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }

  /** Calls an operation by operationId; the answer must conform to the document. */
  async call(operationId: string, options: CallOptions = {}, document: OpenApiResponses = doc): Promise<Answer> {
    const op = document.operations.get(operationId)!;
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => options.params?.[name] ?? "");
    // The document decides the body's shape here (the health check's 503 is not an ErrorResponse).
    const result = await this.raw(op.method, path + (options.query ? `?${options.query}` : ""), options, false);
    expect(document.problems(operationId, result), `${operationId} → ${result.status} ${result.text.slice(0, 300)}`).toEqual([]);
    return result;
  }

  /** Calls an operation of the sandbox's own document; the answer must conform to it. */
  async sandboxCall(operationId: string, options: CallOptions = {}): Promise<Answer> {
    return this.call(operationId, options, sandboxDoc);
  }

  /** Any request; the answer must carry X-Request-Id and, if an error, be an ErrorResponse. */
  async raw(method: string, path: string, options: CallOptions = {}, errorShape = true): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? KEYS.a : options.key;
    if (key !== null) headers.authorization ??= `Bearer ${key}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const result = await answer(await fetch(this.url + path, { method, headers, body }));
    expect(result.headers.get("x-request-id"), `${method} ${path} has no X-Request-Id`).toMatch(/^\S{1,128}$/);
    if (errorShape && result.status >= 400 && (result.headers.get("content-type") ?? "").includes("json")) {
      expect(doc.errorShapeProblems(result)).toEqual([]);
    }
    return result;
  }

  async createOrg(body: Record<string, unknown>, key: string = KEYS.a): Promise<Answer> {
    return this.call("createOrg", { key, body });
  }

  /** A control with a partner key (partner A's by default), or the admin token, or none (null). */
  async control(name: "reset" | "clock", body?: unknown, key: string | null = KEYS.a, headers: Record<string, string> = {}): Promise<Answer> {
    return this.sandboxCall(name === "reset" ? "resetSandbox" : "advanceSandboxClock", { key, body, headers });
  }

  /** Forgets every partner's data (the admin token's reset). */
  async resetAll(): Promise<Answer> {
    return this.control("reset", undefined, ADMIN_TOKEN);
  }
}

export const ENGINES = ["memory", "sqlite", "postgres"] as const;
export type Engine = (typeof ENGINES)[number];

/** The engine the suite runs on when a test does not choose: SANDBOX_TEST_ENGINE, else memory. */
export function defaultEngine(): Engine {
  const chosen = process.env.SANDBOX_TEST_ENGINE ?? "memory";
  if (!(ENGINES as readonly string[]).includes(chosen)) throw new Error(`SANDBOX_TEST_ENGINE must be one of ${ENGINES.join(", ")}, got "${chosen}"`);
  return chosen as Engine;
}

/**
 * Why `engine` cannot run here, or undefined when it can. PostgreSQL: TEST_DATABASE_URL, else
 * 127.0.0.1:5432 (tests/helpers/postgres.ts); sqlite needs Node's node:sqlite.
 */
export async function engineUnavailable(engine: Engine): Promise<string | undefined> {
  if (engine === "postgres") {
    const problem = await postgresProblem();
    return problem === undefined ? undefined : `no PostgreSQL at ${ADMIN_URL.replace(/:[^:@/]*@/, "@")} (${problem}); run: ${PROVIDE_ONE}`;
  }
  return undefined;
}

/**
 * Skips the test, by name and with the reason, when `engine` cannot run here: never a silent
 * pass. Under CI=true a missing PostgreSQL fails instead (CI must run every engine).
 */
export async function needEngine(ctx: TestContext, engine: Engine): Promise<void> {
  const reason = await engineUnavailable(engine);
  if (!reason) return;
  if (process.env.CI === "true") throw new Error(`CI=true: ${reason}`);
  await ctx.annotate(reason, "skipped");
  console.warn(`skipped "${ctx.task.name}": ${reason}`);
  ctx.skip(reason);
}

export interface TestSandboxOptions extends Partial<StartSandboxOptions> {
  /** Defaults to defaultEngine(). sqlite without a statePath gets a fresh file; postgres a fresh database. */
  engine?: Engine;
}

export interface TestSandbox {
  url: string;
  api: Api;
  engine: string;
  close(): Promise<void>;
}

export async function startTestSandbox(options: TestSandboxOptions = {}): Promise<TestSandbox> {
  const { engine = defaultEngine(), ...rest } = options;
  let scratch: string | undefined;
  const storageOptions: Partial<StartSandboxOptions> = {};
  if (engine === "sqlite" && rest.statePath === undefined && rest.storage === undefined) {
    scratch = mkdtempSync(join(tmpdir(), "sandbox-test-"));
    storageOptions.statePath = join(scratch, "state.sqlite");
  }
  // Each postgres sandbox gets its own database, dropped on close: test files run in parallel.
  const database = engine === "postgres" && rest.databaseUrl === undefined && rest.storage === undefined ? await createTestDatabase() : undefined;
  if (database) storageOptions.databaseUrl = database.url;
  const sandbox = await startSandbox({ port: 0, host: "127.0.0.1", config: testConfig(), adminToken: ADMIN_TOKEN, ...storageOptions, ...rest });
  const close = async (): Promise<void> => {
    await sandbox.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    await database?.drop();
  };
  return { url: sandbox.url, api: new Api(sandbox.url), engine: sandbox.engine, close };
}

/**
 * One sandbox for a whole test file, every partner reset before each test: the behaviour files'
 * common setup. The tests run after beforeAll has started it, so the returned object forwards to
 * it and reads like the variable such files used to assign there (`sandbox.api`, `sandbox.url`).
 */
export function sandboxPerFile(options: TestSandboxOptions = {}): TestSandbox {
  let started: TestSandbox | undefined;
  beforeAll(async () => {
    started = await startTestSandbox(options);
  });
  afterAll(() => started?.close());
  beforeEach(async () => {
    expect((await started!.api.resetAll()).status).toBe(200);
  });
  return new Proxy({} as TestSandbox, {
    get(_target, key) {
      if (!started) throw new Error("the file's sandbox is used before its beforeAll started it");
      return Reflect.get(started, key);
    },
  });
}
