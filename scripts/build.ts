// `npm run build` (all packages) and each package's prepack: the package's dist/ in one place, so
// the bench and the packaging tests build exactly what `npm pack` ships.
//   client   @opencx/partner-api: tsc of packages/client/src and the generated client it imports,
//            plus the generated declaration files tsc does not emit
//   sandbox  @opencx/partner-sandbox: tsc of packages/sandbox/src, the generated validators and
//            bundles it reads at run time, its data files (demo config, page assets), and the
//            bin's one-file bundle (scripts/build-sandbox-bin.ts)
//
//   node scripts/build.ts [client|sandbox ...] [--dist DIR]   DIR: that one package's dist/
//   node scripts/build.ts sandbox --stage DIR                 the whole package layout in DIR, as `npm pack` ships it
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { buildSandboxBin } from "./build-sandbox-bin.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

interface PackageBuild {
  /** The workspace folder, relative to the repository. */
  dir: string;
  /** Files of generated/ that tsc does not emit but the package needs (declarations, plain ES modules, JSON). */
  generated: RegExp;
  /** Data files beside the sources, copied to the same place under dist/. */
  data: string[];
  bin?: boolean;
}

export const PACKAGES = {
  client: { dir: "packages/client", generated: /^(schema|sandbox-schema)\.d\.ts$/, data: [] },
  sandbox: {
    dir: "packages/sandbox",
    generated: /^(schema\.d\.ts|sandbox-schema\.d\.ts|openapi\.json|sandbox-openapi\.json|.*\.mjs|.*\.d\.mts)$/,
    data: ["packages/sandbox/src/config/demo-config.yaml", "packages/sandbox/src/page/assets"],
    bin: true,
  },
} satisfies Record<string, PackageBuild>;

export type PackageName = keyof typeof PACKAGES;

export async function buildPackage(name: PackageName, distDir?: string): Promise<string> {
  const pkg: PackageBuild = PACKAGES[name];
  const dist = distDir ?? join(ROOT, pkg.dir, "dist");
  rmSync(dist, { recursive: true, force: true });
  // Emit only: `npm run typecheck` checks every source, and a build (the packaging tests stage one
  // per package) need not check them again; the output is the same, at under half the CPU.
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, pkg.dir, "tsconfig.build.json"), "--outDir", dist, "--noCheck"], { cwd: ROOT, stdio: "inherit" });
  mkdirSync(join(dist, "generated"), { recursive: true });
  for (const file of readdirSync(join(ROOT, "generated"))) {
    if (pkg.generated.test(file)) copyFileSync(join(ROOT, "generated", file), join(dist, "generated", file));
  }
  for (const data of pkg.data) cpSync(join(ROOT, data), join(dist, data), { recursive: true });
  if (pkg.bin) await buildSandboxBin(dist);
  return dist;
}

/**
 * The package as `npm pack` lays it out, in `dir`, without packing: its package.json and README,
 * the repository's LICENSE, and dist/ built into it. For the bench and the packaging tests, which
 * must run what partners install, not the repository.
 */
export async function stagePackage(name: PackageName, dir: string): Promise<void> {
  const { dir: pkgDir } = PACKAGES[name];
  mkdirSync(dir, { recursive: true });
  for (const file of ["package.json", "README.md"]) copyFileSync(join(ROOT, pkgDir, file), join(dir, file));
  copyFileSync(join(ROOT, "LICENSE"), join(dir, "LICENSE"));
  await buildPackage(name, join(dir, "dist"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { dist: { type: "string" }, stage: { type: "string" } } });
  const names = (positionals.length ? positionals : Object.keys(PACKAGES)) as PackageName[];
  const unknown = names.filter((n) => !(n in PACKAGES));
  if (unknown.length) {
    console.error(`build: no package named ${unknown.join(", ")}; the packages are: ${Object.keys(PACKAGES).join(", ")}`);
    process.exit(2);
  }
  if ((values.stage || values.dist) && names.length !== 1) {
    console.error("build: --stage and --dist take exactly one package name");
    process.exit(2);
  }
  for (const name of names) {
    if (values.stage) await stagePackage(name, resolve(values.stage));
    else {
      // npm pack ships LICENSE from the package folder: put the repository's there (git-ignored).
      copyFileSync(join(ROOT, "LICENSE"), join(ROOT, PACKAGES[name].dir, "LICENSE"));
      await buildPackage(name, values.dist ? resolve(values.dist) : undefined);
    }
  }
}

