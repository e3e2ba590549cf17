// `npm run build` (and prepack): the package's dist/ in one place, so the bench and the
// package tests build exactly what `npm pack` ships:
//   1. tsc: src/, generated/ and mock/sandbox/ to JS + .d.ts
//   2. the generated files tsc does not emit (schema.d.ts, the precompiled validators .mjs/.d.mts)
//   3. the sandbox bin's one-file bundle (scripts/build-sandbox-bin.ts)
//
//   tsx scripts/build.ts [--dist DIR]   (DIR defaults to ./dist)
import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, rmSync } from "node:fs";
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

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { dist: { type: "string" } } });
  await buildPackage(values.dist ? resolve(values.dist) : undefined);
}
