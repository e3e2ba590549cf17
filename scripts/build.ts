// `npm run build` (and prepack): the package's dist/ in one place, so the bench and the
// package tests build exactly what `npm pack` ships:
//   1. tsc: src/, generated/ and mock/sandbox/ to JS + .d.ts
//   2. the generated files tsc does not emit (schema.d.ts, the precompiled validators .mjs/.d.mts)
//   3. the sandbox bin's one-file bundle (scripts/build-sandbox-bin.ts)
//
//   node scripts/build.ts [--dist DIR] (DIR defaults to ./dist)
//   node scripts/build.ts --stage DIR the whole package layout in DIR, as `npm pack` ships it
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { buildSandboxBin } from "./build-sandbox-bin.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** What tsc cannot emit from generated/: declaration files and plain ES modules. */
const COPIED = /\.(d\.ts|mjs|d\.mts)$/;

export async function buildPackage(distDir = join(ROOT, "dist")): Promise<void> {
  for (const part of ["src", "generated", "mock"]) rmSync(join(distDir, part), { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", distDir], { cwd: ROOT, stdio: "inherit" });
  for (const file of readdirSync(join(ROOT, "generated"))) {
    if (COPIED.test(file)) copyFileSync(join(ROOT, "generated", file), join(distDir, "generated", file));
  }
  await buildSandboxBin(distDir);
}

/**
 * The package as `npm pack` lays it out, in `dir`, without packing: package.json, the README, the
 * non-dist entries of package.json's `files`, and dist/ built into it. For the bench and the
 * package tests, which must run what partners install, not the repository.
 */
export async function stagePackage(dir: string): Promise<void> {
  const { files } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] };
  for (const entry of ["package.json", "README.md", ...files.filter((f) => !f.startsWith("dist/"))]) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  await buildPackage(join(dir, "dist"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { dist: { type: "string" }, stage: { type: "string" } } });
  if (values.stage) await stagePackage(resolve(values.stage));
  else await buildPackage(values.dist ? resolve(values.dist) : undefined);
}
