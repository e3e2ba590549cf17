// `npm run check:breaking [-- --base REF]`: compares the document in openapi/ with the one at a
// base ref (see breaking-base.ts for the default) using Optic, and fails on a breaking change
// unless info.version has a new major; also fails when CHANGELOG.md lacks the current version.
// Flags, messages and exit status: the kit's command-line style (runTask): an unknown flag is
// refused with "did you mean", a base that cannot be read is one line (exit 2 when it was given,
// 1 when it was the default), a breaking change or a missing changelog entry exits 1.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EXIT, runTask, UsageError } from "../packages/sandbox/src/cli/style.ts";
import { baseBundle, resolveBase } from "./breaking-base.ts";
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

const USAGE = "usage: npm run check:breaking [-- --base REF]   (env BREAKING_BASE=REF; default: origin/main, else the latest tag, else HEAD)";

/** The ref the command was given and where it came from: --base over BREAKING_BASE (an empty variable is unset). */
export function explicitBase(flag: string | undefined, env: NodeJS.ProcessEnv): { ref: string; source: string } | undefined {
  if (flag !== undefined) {
    if (!flag.trim()) throw new UsageError("--base needs a ref, e.g. --base HEAD~1", true);
    return { ref: flag, source: "--base" };
  }
  return env.BREAKING_BASE?.trim() ? { ref: env.BREAKING_BASE, source: "BREAKING_BASE" } : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Flags, messages and exit status: the kit's one command-line style (packages/sandbox/src/cli/style.ts).
  await runTask({ name: "check:breaking", usage: USAGE, options: { base: { type: "string" } }, packageJson: resolve(root, "package.json") }, async ({ values }) => {
    const given = explicitBase(values.base, process.env);
    const base = resolveBase(root, given?.ref, given?.source);
    // Read before anything else runs: a base that cannot be read is one line, before Optic.
    const baseJson = baseBundle(root, base);
    console.log(`check:breaking: openapi/ against ${base.ref} (${base.why})`);
    // The head is bundled fresh from openapi/, so uncommitted edits are checked too.
    const result = checkDocuments(baseJson, bundle(root), readFileSync(resolve(root, "CHANGELOG.md"), "utf8"));
    console.log(result.report.trim());
    for (const line of summary(result)) console.log(line);
    if (!result.ok) {
      for (const reason of result.reasons) console.error(`check:breaking: ${reason}`);
      return EXIT.failure;
    }
    console.log("check:breaking: ok");
    return EXIT.ok;
  });
}
