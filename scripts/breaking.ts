// `npm run check:breaking [-- --base REF]`: compares the document in openapi/ with the one at a
// base ref (see breaking-base.ts for the default) using Optic, and fails on a breaking change
// unless info.version has a new major; also fails when CHANGELOG.md lacks the current version.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleAt, resolveBase } from "./breaking-base.ts";
import { opticDiff } from "./breaking-optic.ts";
import { verdict, type Verdict } from "./breaking-policy.ts";
import { bundle } from "./generators/bundle.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface GateResult extends Verdict {
  baseVersion: string;
  headVersion: string;
  breaking: boolean;
  report: string;
}

const infoVersion = (json: string) => (JSON.parse(json) as { info: { version: string } }).info.version;

/** The gate on two bundled documents (JSON text) and the changelog's text. */
export function checkDocuments(baseJson: string, headJson: string, changelog: string): GateResult {
  const dir = mkdtempSync(join(tmpdir(), "breaking-"));
  try {
    // Optic names the documents by file name in its report.
    const basePath = join(dir, "base.json");
    const headPath = join(dir, "head.json");
    writeFileSync(basePath, baseJson);
    writeFileSync(headPath, headJson);
    const { breaking, report } = opticDiff(basePath, headPath);
    const baseVersion = infoVersion(baseJson);
    const headVersion = infoVersion(headJson);
    return { ...verdict({ breaking, baseVersion, headVersion, changelog }), breaking, baseVersion, headVersion, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const base = resolveBase(root, argValue("--base") ?? process.env.BREAKING_BASE);
  console.log(`check:breaking: openapi/ against ${base.ref} (${base.why})`);
  // The head is bundled fresh from openapi/, so uncommitted edits are checked too.
  const result = checkDocuments(bundleAt(root, base.ref), bundle(root), readFileSync(resolve(root, "CHANGELOG.md"), "utf8"));
  console.log(result.report.trim());
  console.log(`info.version ${result.baseVersion} -> ${result.headVersion}; breaking changes: ${result.breaking ? "yes" : "none"}`);
  if (!result.ok) {
    for (const reason of result.reasons) console.error(`check:breaking: ${reason}`);
    process.exit(1);
  }
  console.log(result.breaking ? "check:breaking: allowed by the new major version" : "check:breaking: ok");
}
