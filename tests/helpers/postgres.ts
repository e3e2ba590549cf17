// PostgreSQL for the tests (storage engines, the sandbox behaviour suite on postgres, benches): the server at TEST_DATABASE_URL, else 127.0.0.1:5432.
// Each run creates its own databases (sandbox_test_<pid>_<random>) and drops them. When none
// answers, a test that needs one fails under CI=true and is otherwise reported skipped, by
// name, with the command that provides one.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestContext } from "vitest";

export const ADMIN_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
export const PROVIDE_ONE = "source .ci/postgres.sh (starts a throwaway PostgreSQL and exports TEST_DATABASE_URL)";

let probed: Promise<string | undefined> | undefined;

/** undefined when PostgreSQL answers, else why not. Probed once per test file. */
export function postgresProblem(): Promise<string | undefined> {
  probed ??= (async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("select 1");
      return undefined;
    } catch (error) {
      return (error as Error).message || (error as { code?: string }).code || String(error);
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probed;
}

/** Skips (or, under CI=true, fails) the running test when no PostgreSQL answers. */
export async function needPostgres(ctx: TestContext): Promise<void> {
  const problem = await postgresProblem();
  if (problem === undefined) return;
  const message = `no PostgreSQL at ${ADMIN_URL.replace(/:[^:@/]*@/, "@")} (${problem}); run: ${PROVIDE_ONE}`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`skipped: ${ctx.task.fullName}: ${message}`);
  await ctx.annotate(message, "skipped");
  ctx.skip(message);
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `sandbox_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(ADMIN_URL, name),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** One query on the test database (for checks the storage interface does not expose). */
export async function query<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
