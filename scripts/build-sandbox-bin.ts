// The sandbox package's build (after tsc): its CLI (packages/sandbox/src/cli/cli.ts) as ONE CommonJS
// file, cli.bundle.cjs beside the compiled bin, with fastify, ajv and yaml inlined. The installed
// bin (cli/bin.cts -> bin.cjs) runs it. Why: resolving and loading a few
// hundred node_modules files cost ~250 ms of every start, and one file is what the bin can keep
// a V8 code cache of. CommonJS because only a classic script runs through vm.Script with
// cachedData (vm.SourceTextModule is still behind a flag on Node 22-26).
//
//   node scripts/build-sandbox-bin.ts [--dist DIR]   (DIR defaults to packages/sandbox/dist)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { build, type Plugin } from "esbuild";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the bundle goes, relative to the dist directory (next to the bin that runs it). */
export const BUNDLE_IN_DIST = "packages/sandbox/src/cli/cli.bundle.cjs";

// CommonJS has no import.meta: the sources' import.meta.url (paths.ts walks up from it to find
// generated/openapi.json and the demo config) becomes the bundle's own file URL. The bin passes
// the bundle's real path as __filename, so this is the installed file, as it was for cli.js.
const META_URL = "__opencx_import_meta_url";
const BANNER = `var ${META_URL} = require("node:url").pathToFileURL(__filename).href;`;

// Generated ES modules may load CommonJS helpers through `const require =
// createRequire(import.meta.url)` (Ajv's standalone validators in generated/ do). esbuild cannot
// follow a require it did not recognise, so the bundle would load them from node_modules at
// start. Dropping that line leaves plain require() calls, which esbuild bundles.
const CREATE_REQUIRE = /^(?:const|let|var) require = createRequire\(import\.meta\.url\);?$/m;
const inlineCreateRequire: Plugin = {
  name: "inline-create-require",
  setup(build) {
    build.onLoad({ filter: /\.m?js$/ }, (args) => {
      if (args.path.includes("node_modules")) return undefined;
      const text = readFileSync(args.path, "utf8");
      return CREATE_REQUIRE.test(text) ? { contents: text.replace(CREATE_REQUIRE, ""), loader: "js" } : undefined;
    });
  },
};

export async function buildSandboxBin(distDir = join(ROOT, "packages/sandbox/dist")): Promise<{ file: string; bytes: number }> {
  const file = join(distDir, BUNDLE_IN_DIST);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, "packages/sandbox/src/cli/cli.ts")],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    write: false,
    outfile: file,
    define: { "import.meta.url": META_URL, "import.meta.dirname": "__dirname", "import.meta.filename": "__filename" },
    banner: { js: BANNER },
    legalComments: "eof",
    logLevel: "silent",
    plugins: [inlineCreateRequire],
    metafile: true,
  });
  // Any warning (an import.meta left over, a require that cannot be bundled) would be a broken
  // bin at a partner's: fail the build instead.
  if (result.warnings.length) throw new Error(`esbuild warnings:\n${result.warnings.map((w) => `  ${w.text} (${w.location?.file}:${w.location?.line})`).join("\n")}`);
  const out = result.outputFiles.find((f) => f.path === file);
  if (!out) throw new Error(`esbuild wrote no ${file}`);
  // The bin runs the bundle through vm.Script, which has no loader for import().
  const dynamic = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.kind === "dynamic-import").map((i) => i.path));
  if (dynamic.length) throw new Error(`the bundle keeps import() of ${dynamic.join(", ")}: the bin cannot run it`);
  // The entry's `#!/usr/bin/env node` would be a syntax error inside the function wrapper the
  // bin compiles the bundle in; the bin carries its own.
  const text = out.text.replace(/^#!.*\n/, "");
  if (text.includes(`createRequire)(${META_URL})`)) throw new Error("the bundle still loads modules through createRequire(import.meta.url): extend inlineCreateRequire");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return { file, bytes: Buffer.byteLength(text) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { dist: { type: "string" } } });
  const { file, bytes } = await buildSandboxBin(values.dist ? resolve(values.dist) : undefined);
  console.log(`sandbox bin bundle: ${file} (${(bytes / 1024).toFixed(0)} KiB)`);
}
