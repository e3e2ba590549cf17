// The kit's pages as the docs tests read them: which files are pages, their headings as GitHub
// slugs them, their links, and the shell commands of their fenced code blocks.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "../..");

export const read = (file: string): string => readFileSync(join(root, file), "utf8");

/** Every page a reader follows: the README, CONTRIBUTING, docs/*.md and the packages' READMEs. */
export function pages(): string[] {
  return [
    "README.md",
    "CONTRIBUTING.md",
    ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`),
    ...readdirSync(join(root, "packages")).sort().map((p) => `packages/${p}/README.md`).filter((f) => existsSync(join(root, f))),
  ];
}

/** The pages whose shell blocks are documented commands: the README and docs/*.md. */
export function commandPages(): string[] {
  return pages().filter((page) => page === "README.md" || page.startsWith("docs/"));
}

export interface FencedBlock {
  lang: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The text of the nearest heading above the block ("" before any). */
  heading: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;

/** The page split into its fenced blocks and the prose around them (prose lines keep their numbers). */
function scan(text: string): { prose: string[]; blocks: FencedBlock[] } {
  const lines = text.split("\n");
  const prose: string[] = [];
  const blocks: FencedBlock[] = [];
  let heading = "";
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) {
      const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(lines[i]!);
      if (h) heading = h[1]!;
      prose.push(lines[i]!);
      continue;
    }
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j]!.trimStart().startsWith(fence); j++) body.push(lines[j]!);
    blocks.push({ lang: open[3]!.trim().split(/\s+/)[0]!.toLowerCase(), body: body.join("\n"), line: i + 1, heading });
    for (let k = i; k <= j && k < lines.length; k++) prose.push("");
    i = j;
  }
  return { prose, blocks };
}

export const fencedBlocks = (text: string): FencedBlock[] => scan(text).blocks;

/** The page without its fenced blocks and inline code spans: what links and headings live in. */
export function proseOf(text: string): string {
  return scan(text)
    .prose.join("\n")
    .replace(/(`+)[\s\S]*?\1/g, (span) => span.replace(/[^\n]/g, " "));
}

export interface Heading {
  level: number;
  text: string;
  slug: string;
}

/**
 * GitHub's anchor for a heading: lowercase, punctuation dropped (except `-` and `_`), each space a
 * `-`; a repeated slug gets `-1`, `-2`, ….
 */
export function slug(text: string): string {
  return text
    .replace(/`/g, "")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/ /g, "-");
}

export function headings(text: string): Heading[] {
  const seen = new Map<string, number>();
  const found: Heading[] = [];
  for (const line of scan(text).prose) {
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = slug(h[2]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    found.push({ level: h[1]!.length, text: h[2]!, slug: n === 0 ? base : `${base}-${n}` });
  }
  return found;
}

/** The targets of the page's Markdown links and images, outside code. */
export function links(text: string): string[] {
  return [...proseOf(text).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

/** The line without a comment from `#` to its end, when the `#` starts a word outside quotes. */
function withoutComment(line: string): string {
  return splitComment(line)[0];
}

/** The line's command part and its trailing comment (without the `#`), if any. */
function splitComment(line: string): [string, string | undefined] {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "\\") i++;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) return [line.slice(0, i).trimEnd(), line.slice(i + 1).trim()];
  }
  return [line.trimEnd(), undefined];
}

export interface ShellCommand {
  page: string;
  /** 1-based line where the command starts. */
  line: number;
  /** The command as one line: continuations joined, a trailing comment and a leading `$ ` removed. */
  command: string;
  /** The command's lines as the page shows them (continuations and comment kept). */
  source: string;
  /** The comment at the end of its last line: what the page says it prints, often. */
  comment?: string;
}

export const SHELL_LANGS = ["bash", "sh", "console", "shell"];

/** Every command of the page's shell blocks (```bash, ```sh, ```console, ```shell). */
export function shellCommands(page: string, text = read(page)): ShellCommand[] {
  const commands: ShellCommand[] = [];
  for (const block of fencedBlocks(text)) {
    if (!SHELL_LANGS.includes(block.lang)) continue;
    const lines = block.body.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const start = i;
      const parts: string[] = [];
      const source: string[] = [];
      let line = lines[i]!;
      for (;;) {
        source.push(line);
        const stripped = withoutComment(line);
        if (stripped.endsWith("\\") && i + 1 < lines.length) {
          parts.push(stripped.slice(0, -1).trim());
          line = lines[++i]!;
          continue;
        }
        parts.push(stripped.trim());
        break;
      }
      const command = parts.filter(Boolean).join(" ").replace(/^\$ /, "");
      if (!command) continue;
      const comment = splitComment(source.at(-1)!)[1];
      commands.push({ page, line: block.line + 1 + start, command, source: source.join("\n"), ...(comment ? { comment } : {}) });
    }
  }
  return commands;
}

/** The shell commands of the page's fenced blocks under the heading `heading`, in order. */
export function commandsUnder(page: string, heading: string): ShellCommand[] {
  const text = read(page);
  const blocks = fencedBlocks(text).filter((b) => SHELL_LANGS.includes(b.lang) && b.heading === heading);
  if (blocks.length === 0) throw new Error(`${page} has no shell block under "${heading}"`);
  const lines = new Set(blocks.flatMap((b) => b.body.split("\n").map((_, i) => b.line + 1 + i)));
  return shellCommands(page, text).filter((c) => lines.has(c.line));
}
