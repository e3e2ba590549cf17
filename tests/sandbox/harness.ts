// Shared by the sandbox tests: a config with one partner per case, an in-process sandbox on a
// free loopback port (on the storage engine the test or SANDBOX_TEST_ENGINE picks), and a caller
// that checks every answer against the document.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type TestContext } from "vitest";
import { startSandbox, type SandboxConfig, type StartSandboxOptions } from "../../mock/sandbox/index.ts";
import { OpenApiResponses } from "../helpers/openapi-responses.ts";

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
  async call(operationId: string, options: CallOptions = {}): Promise<Answer> {
    const op = doc.operations.get(operationId)!;
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => options.params?.[name] ?? "");
    const result = await this.raw(op.method, path + (options.query ? `?${options.query}` : ""), options);
    expect(doc.problems(operationId, result), `${operationId} → ${result.status} ${result.text.slice(0, 300)}`).toEqual([]);
    return result;
  }

  /** Any request; the answer must carry X-Request-Id and, if an error, be an ErrorResponse. */
  async raw(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
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
    if (result.status >= 400 && (result.headers.get("content-type") ?? "").includes("json")) {
      expect(doc.errorShapeProblems(result)).toEqual([]);
    }
    return result;
  }

  async createOrg(body: Record<string, unknown>, key: string = KEYS.a): Promise<Answer> {
    return this.call("createOrg", { key, body });
  }

  async control(name: "reset" | "clock", body?: unknown, key: string | null = KEYS.a, headers: Record<string, string> = {}): Promise<Answer> {
    return this.raw("POST", `/_sandbox/${name}`, { key, body, headers });
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

/** Why `engine` cannot run in this checkout, or undefined when it can. */
export function engineUnavailable(engine: Engine): string | undefined {
  if (engine === "memory") return undefined;
  const file = `mock/sandbox/storage/${engine}.ts`;
  if (!existsSync(new URL(`../../${file}`, import.meta.url))) return `the ${engine} engine does not exist yet (${file} is missing)`;
  if (engine === "postgres" && !process.env.TEST_DATABASE_URL) return "the postgres engine needs a test database: set TEST_DATABASE_URL";
  return undefined;
}

/** Skips the test, by name and with the reason, when `engine` cannot run here: never a silent pass. */
export async function needEngine(ctx: TestContext, engine: Engine): Promise<void> {
  const reason = engineUnavailable(engine);
  if (!reason) return;
  await ctx.annotate(reason, "skipped");
  console.warn(`skipped "${ctx.task.name}": ${reason}`);
  ctx.skip(reason);
}

export interface TestSandboxOptions extends Partial<StartSandboxOptions> {
  /** Defaults to defaultEngine(). sqlite without a statePath gets a fresh file; postgres uses TEST_DATABASE_URL. */
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
  if (engine === "postgres" && rest.databaseUrl === undefined && rest.storage === undefined) storageOptions.databaseUrl = process.env.TEST_DATABASE_URL;
  const sandbox = await startSandbox({ port: 0, host: "127.0.0.1", config: testConfig(), ...storageOptions, ...rest });
  const close = async (): Promise<void> => {
    await sandbox.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
  return { url: sandbox.url, api: new Api(sandbox.url), engine: sandbox.engine, close };
}
