// Optic (@useoptic/optic, offline) lives in its own package, tools/optic, because it weighs
// 211 MB: the main install stays small, and this installs it on first use from its lockfile.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const OPTIC_PACKAGE = resolve(root, "tools/optic");
const OPTIC_BIN = resolve(OPTIC_PACKAGE, "node_modules/.bin/optic");

export function ensureOptic(): string {
  if (!existsSync(OPTIC_BIN)) {
    console.error("installing Optic into tools/optic (npm ci --prefix tools/optic) ...");
    execFileSync("npm", ["ci", "--prefix", OPTIC_PACKAGE, "--no-audit", "--no-fund"], { stdio: ["ignore", "ignore", "inherit"] });
  }
  return OPTIC_BIN;
}

export interface OpticDiff {
  breaking: boolean;
  report: string;
}

// `optic diff A B --check` runs its breaking-changes rules: exit 0 when they pass (or nothing
// changed), exit 1 with "Checks: N/M passed" when one fails. Anything else is Optic failing.
export function opticDiff(basePath: string, headPath: string): OpticDiff {
  const result = spawnSync(ensureOptic(), ["diff", basePath, headPath, "--check"], {
    encoding: "utf8",
    env: { ...process.env, OPTIC_TELEMETRY_LEVEL: "off", NO_COLOR: "1" },
  });
  const report = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status === 0) return { breaking: false, report };
  const checks = /Checks:\s*(\d+)\/(\d+) passed/.exec(report);
  if (result.status === 1 && checks && checks[1] !== checks[2]) return { breaking: true, report };
  throw new Error(`optic diff failed (exit ${result.status ?? result.signal}):\n${report}`);
}

/**
 * The breaking changes an Optic `--check` report names, one line each: "GET /orgs: cannot
 * remove response property 'name'". Read from its text report (Optic 1.0.9 has no JSON output for
 * checks offline): an operation heading `x GET /orgs:`, then `x [rule] message. This is a breaking change.`
 */
export function breakingChanges(report: string): string[] {
  const changes: string[] = [];
  let operation = "";
  for (const line of report.split("\n")) {
    const heading = /^x ([A-Z]+ \S+):\s*$/.exec(line);
    if (heading) {
      operation = heading[1]!;
      continue;
    }
    const failed = /^\s+x \[[^\]]+\] (.+?)(?:\s*This is a breaking change\.)?\s*$/.exec(line);
    if (failed) changes.push(`${operation ? `${operation}: ` : ""}${failed[1]!.replace(/\.$/, "")}`);
  }
  return changes;
}
