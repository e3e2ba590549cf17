// Servers for the HTTP benches, each in a process of its own: spawned, polled until it answers,
// stopped with SIGTERM. Also the bench partners' config and the sandbox's packaged bin.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { OPERATIONS } from "../../../generated/client.ts";
import { BUNDLE_IN_DIST } from "../../build-sandbox-bin.ts";
import { PACKAGES, stagePackage } from "../../build.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
/** The sandbox's CLI from source (every engine). */
export const CLI = resolve(ROOT, "packages/sandbox/src/cli/cli.ts");

/** The first bench partner's key; the ten-partner runs rotate BENCH_KEYS. */
export const KEY = "bench-key";
export const BENCH_KEYS: readonly string[] = [KEY, ...Array.from({ length: 9 }, (_, i) => `bench-key-${i + 1}`)];
export const ORG_BODY = JSON.stringify({ name: "Bench Tours", website: "https://bench.example", language: "en" });

export interface Server {
  name: string;
  url: string;
  /** The processes whose CPU and memory are the server's. */
  pids(): number[];
  firstAnswerMs: number;
  /** What the process wrote to stderr so far. */
  stderr?(): string;
  close(): Promise<void>;
}

/**
 * Ten partners with limits too high to bite (the rate-limit code still runs) and quotas no load
 * run reaches; `extra` is merged into the config (e.g. journal_size).
 */
export function writeBenchConfig(file: string, extra: Record<string, unknown> = {}): string {
  const partners = BENCH_KEYS.map((key, i) => ({
    id: i === 0 ? "bench" : `bench-${i}`,
    api_keys: [key],
    rate_limits: { global: { limit: 1e9, window_seconds: 60 }, createLoginLink: { limit: 1e9, window_seconds: 60 } },
    quotas: { orgs: 1e9, login_links: 1e9, stored_bytes: 2 ** 50 },
  }));
  writeFileSync(file, JSON.stringify({ partners, ...extra }));
  return file;
}

/** Polls until the URL answers at all; returns ms since `t0`. */
export async function firstAnswer(url: string, t0: number, child?: ChildProcess): Promise<number> {
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return performance.now() - t0;
    } catch {
      await new Promise((r) => setTimeout(r, 2));
    }
  }
}

export function spawnServer(name: string, args: string[], port: number, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  return firstAnswer(url, t0, child).then((ms) => ({
    name,
    url,
    firstAnswerMs: ms,
    stderr: () => stderr,
    pids: () => [child.pid!],
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  }));
}

/** Children of this process (Linux /proc), to find Prism's pid. */
export function childPids(): number[] {
  try {
    return readdirSync(`/proc/${process.pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${process.pid}/task/${t}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

export function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  return kb / 1024;
}

/**
 * The sandbox's bin as a partner's `npx opencx-partner-sandbox` runs it (the loader and the
 * one-file bundle): dist/ if built, else built now, as `npm run build` does, into a scratch copy
 * of the package layout (the repo's dist/ is left alone). No node_modules: the bundle needs none.
 */
export async function sandboxBin(dir: string): Promise<string> {
  const sandboxPackage = resolve(ROOT, PACKAGES.sandbox.dir);
  const { bin } = JSON.parse(readFileSync(join(sandboxPackage, "package.json"), "utf8")) as { bin: Record<string, string> };
  const inPackage = Object.values(bin)[0]!;
  const built = join(sandboxPackage, inPackage);
  if (existsSync(built) && existsSync(join(sandboxPackage, "dist", BUNDLE_IN_DIST))) return built;
  const pkg = join(dir, "pkg");
  await stagePackage("sandbox", pkg);
  return join(pkg, inPackage);
}

/** Creates `count` orgs for each key, 10 requests in flight. */
export async function seedOrgs(url: string, keys: readonly string[], count: number): Promise<void> {
  for (const key of keys) {
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    let left = count;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (left-- > 0) {
          const res = await fetch(url + OPERATIONS.createOrg.path, { method: "POST", headers, body: ORG_BODY });
          if (res.status !== 201) throw new Error(`seeding ${url}: ${res.status} ${await res.text()}`);
        }
      }),
    );
  }
}
