// `npm run check:breaking [-- --base REF]`: compares the document in openapi/ with the one at a
// base ref (see breaking-base.ts for the default) using Optic, and fails on a breaking change
// unless info.version has a new major; also fails when CHANGELOG.md lacks the current version.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleAt, resolveBase } from "./breaking-base.ts";
import { breakingChanges, opticDiff } from "./breaking-optic.ts";
import { major, verdict, type Verdict } from "./breaking-policy.ts";
import { bundle } from "./generators/bundle.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface GateResult extends Verdict {
  baseVersion: string;
  headVersion: string;
  breaking: boolean;
  /** Each breaking change, one line ("GET /orgs: cannot remove response property 'name'"). */
  changes: string[];
  report: string;
}

const infoVersion = (json: string) => (JSON.parse(json) as { info: { version: string } }).info.version;

/** What the command prints after Optic's report: the versions, then what was found. */
export function summary(result: GateResult): string[] {
  const list = result.changes.map((c) => `  - ${c}`);
  if (!result.breaking) return [`info.version ${result.baseVersion} -> ${result.headVersion}; breaking changes: none`];
  if (result.ok) return [`info.version ${result.baseVersion} -> ${result.headVersion}; breaking changes allowed by major ${result.headVersion}:`, ...list];
  return [`info.version ${result.baseVersion} -> ${result.headVersion}; breaking changes:`, ...list];
}

/** The gate on two bundled documents (JSON text) and the changelog's text. */
export function checkDocuments(baseJson: string, headJson: string, changelog: string): GateResult {
  const dir = mkdtempSync(join(tmpdir(), "breaking-"));
  try {
    // Optic names the documents by file name in its report.
    const basePath = join(dir, "base.json");
    const headPath = join(dir, "head.json");
    writeFileSync(basePath, baseJson);
    writeFileSync(headPath, headJson);
    let { breaking, report } = opticDiff(basePath, headPath);
    const baseVersion = infoVersion(baseJson);
    const headVersion = infoVersion(headJson);
    if (!breaking && major(headVersion) > major(baseVersion)) {
      // Optic's rules stand down on a major bump, so its report says nothing is breaking. Diff
      // once more as if the version had not moved: what fails then is what the major allows.
      const sameMajor = JSON.parse(headJson) as { info: { version: string } };
      sameMajor.info.version = baseVersion;
      mkdirSync(join(dir, "same-major"));
      const sameMajorPath = join(dir, "same-major", "head.json");
      writeFileSync(sameMajorPath, JSON.stringify(sameMajor));
      const again = opticDiff(basePath, sameMajorPath);
      if (again.breaking) ({ breaking, report } = again);
    }
    const changes = breaking ? breakingChanges(report) : [];
    return { ...verdict({ breaking, baseVersion, headVersion, changelog }), breaking, changes, baseVersion, headVersion, report };
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
  for (const line of summary(result)) console.log(line);
  if (!result.ok) {
    for (const reason of result.reasons) console.error(`check:breaking: ${reason}`);
    process.exit(1);
  }
  console.log("check:breaking: ok");
}
