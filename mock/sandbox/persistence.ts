// Optional --state FILE. A response that changed state is sent only after a snapshot holding
// that change is on disk, and a snapshot is written to a temp file, fsynced and renamed over
// the old one: a kill at any moment leaves either the old or the new file, never half of one,
// and never loses an acknowledged change. Concurrent changes share one write (coalescing).
import { existsSync, readFileSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import { dirname, basename, join } from "node:path";
import type { Snapshot } from "./store.ts";

export interface Persistence {
  /** Resolves once everything up to `version` is on disk. */
  durable(version: number): Promise<void>;
  /** True when `version` is already durable, so a caller can answer without waiting a tick. */
  isDurable(version: number): boolean;
  close(): Promise<void>;
}

export function loadSnapshot(path: string): Snapshot | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: Snapshot;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as Snapshot;
  } catch (error) {
    throw new Error(`state file ${path} is not valid JSON (${(error as Error).message}); refusing to overwrite it`);
  }
  if (parsed?.version !== 1 || !Array.isArray(parsed.orgs) || !Array.isArray(parsed.api_keys) || !Array.isArray(parsed.login_links)) {
    throw new Error(`state file ${path} is not a sandbox state file (version 1); refusing to overwrite it`);
  }
  return parsed;
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const file = await open(temp, "w", 0o600);
  try {
    await file.writeFile(content);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
}

export function filePersistence(path: string, current: () => { version: number; snapshot: Snapshot }): Persistence {
  let written = 0; // highest version on disk
  let writing: Promise<void> | undefined;
  let failure: Error | undefined;

  const writeLoop = async (): Promise<void> => {
    for (;;) {
      const { version, snapshot } = current();
      if (version <= written) return;
      await writeAtomically(path, JSON.stringify(snapshot));
      written = version;
    }
  };

  const ensureWriting = (): Promise<void> => {
    writing ??= writeLoop()
      .catch((error: Error) => {
        failure = error;
      })
      .finally(() => {
        writing = undefined;
      });
    return writing;
  };

  return {
    async durable(version) {
      while (written < version) {
        if (failure) throw failure;
        await ensureWriting();
        if (failure) throw failure;
      }
    },
    isDurable: (version) => written >= version && !failure,
    async close() {
      await writing;
      await ensureWriting();
      if (failure) throw failure;
    },
  };
}

export const memoryPersistence: Persistence = {
  durable: async () => {},
  isDurable: () => true,
  close: async () => {},
};
