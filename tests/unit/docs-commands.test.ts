// Every command the pages show is run by a test: each shell command of README.md and docs/*.md
// matches an entry of tests/docs/command-coverage.ts, each entry names a test that exists, and
// no entry is left over from a command the pages no longer show.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMAND_COVERAGE, type Coverage } from "../docs/command-coverage.ts";
import { commandPages, root, shellCommands, type ShellCommand } from "../docs/markdown.ts";

const commands = commandPages().flatMap((page) => shellCommands(page));
const covers = (entry: Coverage, command: ShellCommand) => (entry.pages ?? [command.page]).includes(command.page) && entry.command.test(command.command);

describe("the documented shell commands", () => {
  it("are read from the pages' shell blocks", () => {
    expect(commands.length).toBeGreaterThan(20);
    for (const page of ["README.md", "docs/sandbox.md", "docs/hosting.md"]) expect(commands.some((c) => c.page === page), page).toBe(true);
  });

  it("each match an entry of the coverage table", () => {
    const uncovered = commands.filter((command) => !COMMAND_COVERAGE.some((entry) => covers(entry, command)));
    expect(uncovered.map((c) => `${c.page}:${c.line}: ${c.command}`)).toEqual([]);
  });
});

describe("the coverage table", () => {
  it.for(COMMAND_COVERAGE.map((entry) => [`${entry.command} → ${entry.file}`, entry] as const))("%s: names a test that exists", ([, entry]) => {
    expect(existsSync(join(root, entry.file)), entry.file).toBe(true);
    const source = readFileSync(join(root, entry.file), "utf8");
    expect(source.includes(JSON.stringify(entry.title)) || source.includes(`"${entry.title}"`) || source.includes(`\`${entry.title}\``), `${entry.file} has no test titled ${JSON.stringify(entry.title)}`).toBe(true);
    // A verbatim test reads the commands from their page.
    if (entry.runs === "verbatim") for (const page of entry.pages ?? []) expect(source, `${entry.file} reads ${page}`).toMatch(new RegExp(`["'\`]${page.replace(/\./g, "\\.")}["'\`]`));
  });

  it.for(COMMAND_COVERAGE.map((entry) => [`${entry.command} → ${entry.file}`, entry] as const))("%s: covers a command the pages show", ([, entry]) => {
    expect(commands.some((command) => covers(entry, command)), `no documented command matches ${entry.command}${entry.pages ? ` on ${entry.pages.join(", ")}` : ""}`).toBe(true);
  });
});
