// The engines the conformance suite runs on, one entry each: memory,
// sqlite (a file in a temp dir) and postgres (a database of its own, dropped afterwards).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "vitest";
import { createMemoryStorage } from "../../packages/sandbox/src/storage/memory/index.ts";
import { openPostgresStorage } from "../../packages/sandbox/src/storage/postgres/index.ts";
import { openSqliteStorage } from "../../packages/sandbox/src/storage/sqlite/index.ts";
import type { SandboxStorage } from "../../packages/sandbox/src/storage/types/index.ts";
import { createTestDatabase, needPostgres, postgresProblem } from "../helpers/postgres.ts";

export interface OpenedEngine {
  storage: SandboxStorage;
  cleanup(): Promise<void>;
}

export interface EngineUnderTest {
  name: string;
  /** Skips (or fails, under CI) a test when the engine's server is missing. */
  need(ctx: TestContext): Promise<void>;
  available(): Promise<boolean>;
  open(): Promise<OpenedEngine>;
}

const always = async (): Promise<boolean> => true;
const nothing = async (): Promise<void> => {};

export const sqliteEngine: EngineUnderTest = {
  name: "sqlite",
  need: nothing,
  available: always,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-sqlite-"));
    const storage = await openSqliteStorage(join(dir, "state.sqlite"));
    return {
      storage,
      async cleanup() {
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresEngine: EngineUnderTest = {
  name: "postgres",
  need: needPostgres,
  available: async () => (await postgresProblem()) === undefined,
  async open() {
    const database = await createTestDatabase();
    const storage = await openPostgresStorage(database.url, { poolSize: 10, statementTimeoutMs: 5000 });
    return {
      storage,
      async cleanup() {
        await storage.close();
        await database.drop();
      },
    };
  },
};

const memoryEngine: EngineUnderTest = {
  name: "memory",
  need: nothing,
  available: always,
  async open() {
    const storage = createMemoryStorage();
    return { storage, cleanup: () => storage.close() };
  },
};

export const ENGINES: EngineUnderTest[] = [memoryEngine, sqliteEngine, postgresEngine];

