// The package as partners get it, made once for the packaging project's files: `npm pack` as a
// publish runs it (prepack builds dist/), and the tarball installed into an empty project, its
// dependencies from the npm cache (offline), else the registry. Two files used to build, pack and
// install it each: the heaviest work of `npm test` done twice.
//
// In the background: vitest starts no test file before every global setup has returned, and this
// one takes longest (tens of seconds on a busy machine); the other projects' files run meanwhile,
// and this project's files wait for it (packed.ts).
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { PACKED, PACKING_FAILED, type PackedPackage } from "./packed.ts";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");

async function packAndInstall(dir: string): Promise<PackedPackage> {
  const env = { ...process.env, npm_config_update_notifier: "false" };
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: root, env, timeout: 240_000 });
  // npm prints the prepack build's output before the JSON.
  const [report] = JSON.parse(stdout.slice(stdout.indexOf("[\n"))) as [{ filename: string; files: { path: string }[] }];
  const tarball = join(dir, report.filename);
  const consumer = join(dir, "consumer");
  mkdirSync(consumer);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "partner-app", private: true, type: "module" }));
  const install = ["install", "--no-audit", "--no-fund", "--omit=dev", tarball];
  await run("npm", [...install, "--offline"], { cwd: consumer, env, timeout: 240_000 }).catch(() =>
    run("npm", [...install, "--prefer-offline"], { cwd: consumer, env, timeout: 240_000 }),
  );
  return { dir, tarball, files: report.files.map((f) => f.path), consumer };
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "partner-pack-"));
  const done = packAndInstall(dir).then(
    (packed) => writeFileSync(join(dir, PACKED), JSON.stringify(packed)),
    (error: Error & { stderr?: string }) => writeFileSync(join(dir, PACKING_FAILED), `${error.stack ?? String(error)}\n${error.stderr ?? ""}`),
  );
  project.provide("packingDir", dir);
  return async () => {
    await done; // no npm left running after the run
    rmSync(dir, { recursive: true, force: true });
  };
}
