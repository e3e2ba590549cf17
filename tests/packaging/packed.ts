// A workspace package as partners get it from npm: staged as `npm pack` lays it out (its
// package.json, README, LICENSE and a fresh dist/, built outside the repository so the repo's own
// dist/ is never touched), packed, and installed into an empty project. Dependencies come from the
// npm cache (offline), else the registry.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { PACKAGES, type PackageName } from "../../scripts/build.ts";

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, "../..");
const npmEnv = { ...process.env, npm_config_update_notifier: "false" };

export interface PackedPackage {
  /** The package's name and its package.json as shipped. */
  name: string;
  manifest: { name: string; version: string; license: string; dependencies?: Record<string, string>; exports: unknown; bin?: Record<string, string> };
  tarball: string;
  /** Paths inside the tarball. */
  files: string[];
}

export async function packWorkspace(name: PackageName, work: string): Promise<PackedPackage> {
  const staged = join(work, `${name}-staged`);
  await run(process.execPath, [join(ROOT, "scripts/build.ts"), name, "--stage", staged], { cwd: ROOT, timeout: 180_000 });
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: staged, env: npmEnv, timeout: 120_000 });
  const [report] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  const manifest = JSON.parse(readFileSync(join(staged, "package.json"), "utf8")) as PackedPackage["manifest"];
  return { name: manifest.name, manifest, tarball: join(work, report.filename), files: report.files.map((f) => f.path) };
}

/** An empty ES-module project at `dir` with the tarballs installed (production dependencies only). */
export async function installInto(dir: string, tarballs: string[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "partner-app", private: true, type: "module" }));
  const install = ["install", "--no-audit", "--no-fund", "--omit=dev", "--ignore-scripts", ...tarballs];
  try {
    await run("npm", [...install, "--offline"], { cwd: dir, env: npmEnv, timeout: 180_000 });
  } catch {
    await run("npm", [...install, "--prefer-offline"], { cwd: dir, env: npmEnv, timeout: 180_000 });
  }
}

/** Every path an exports map names, under every condition. */
export function exportTargets(exports: unknown): string[] {
  const targets: string[] = [];
  const collect = (node: unknown): void => {
    if (typeof node === "string") targets.push(node.replace(/^\.\//, ""));
    else if (node && typeof node === "object") Object.values(node).forEach(collect);
  };
  collect(exports);
  return targets;
}

export { PACKAGES };
