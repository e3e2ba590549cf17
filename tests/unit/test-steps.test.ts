// `npm test` runs vitest's projects in two processes, test:vitest and test:vitest:processes, each
// listing its projects by hand (package.json). A project in neither list never runs; one in both
// runs twice. Every project vitest.config.ts defines must be in exactly one of them.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, it } from "vitest";
import config from "../../vitest.config.ts";

const root = resolve(import.meta.dirname, "../..");
const scripts = (JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const STEPS = ["test:vitest", "test:vitest:processes"] as const;

/** The names a script passes with `--project NAME` or `--project=NAME`. */
function projectsOf(script: string): string[] {
  const words = script.split(/\s+/);
  return words.flatMap((word, i) => (word === "--project" ? [words[i + 1] ?? ""] : word.startsWith("--project=") ? [word.slice("--project=".length)] : []));
}

/** The project names vitest.config.ts defines (every project there is an inline config). */
function configuredProjects(): string[] {
  return (config.test?.projects ?? []).map((project) => {
    const name = typeof project === "object" && "test" in project ? project.test?.name : undefined;
    if (typeof name !== "string") throw new Error(`vitest.config.ts has a project without an inline test.name: ${JSON.stringify(project)}`);
    return name;
  });
}

it("npm test's two vitest steps run every project in vitest.config.ts, each in one step only", () => {
  const byStep = STEPS.map((step) => {
    expect(scripts[step], `package.json has no script ${step}`).toBeTypeOf("string");
    return projectsOf(scripts[step]!);
  });
  const [first, second] = byStep as [string[], string[]];
  expect(first.filter((name) => second.includes(name)), `projects in both ${STEPS.join(" and ")}`).toEqual([]);
  expect([...new Set([...first, ...second])].sort(), `projects run by ${STEPS.join(" and ")}`).toEqual(configuredProjects().sort());
});
