// The gate's rule: a breaking change needs a new major info.version, and every document version
// has a CHANGELOG.md entry ("## 1.2.0 — date").

export function major(version: string): number {
  const match = /^(\d+)\.\d+\.\d+/.exec(version);
  if (!match) throw new Error(`info.version "${version}" is not semver (MAJOR.MINOR.PATCH)`);
  return Number(match[1]);
}

export function changelogHasVersion(changelog: string, version: string): boolean {
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^##\\s+\\[?v?${escaped}\\]?(\\s|$)`, "m").test(changelog);
}

export interface GateInput {
  breaking: boolean;
  baseVersion: string;
  headVersion: string;
  changelog: string;
}

export interface Verdict {
  ok: boolean;
  reasons: string[];
}

export function verdict({ breaking, baseVersion, headVersion, changelog }: GateInput): Verdict {
  const reasons: string[] = [];
  if (breaking && major(headVersion) <= major(baseVersion)) {
    reasons.push(
      `breaking change without a new major version (info.version ${baseVersion} -> ${headVersion}): ` +
        `make the change compatible, or set info.version to ${major(baseVersion) + 1}.0.0 and record it in CHANGELOG.md`,
    );
  }
  if (!changelogHasVersion(changelog, headVersion)) {
    reasons.push(`CHANGELOG.md has no entry "## ${headVersion}" for the document's info.version`);
  }
  return { ok: reasons.length === 0, reasons };
}
