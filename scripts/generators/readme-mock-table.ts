// The mock page's table (docs/mock.md, "Every example, by status") of every response the Prism
// mock can be asked for with `Prefer`, kept in step with the document (so the page never lists an
// example that does not exist). `npm run generate` writes it between the page's markers.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { deref } from "../../packages/sandbox/src/contract/openapi-document.ts";

export const MOCK_PAGE_PATH = "docs/mock.md";
const START = "<!-- mock-examples:start (written by npm run generate) -->";
const END = "<!-- mock-examples:end -->";

type Node = { $ref?: string; [key: string]: unknown };

export function mockTable(root: string, bundleJson: string): string {
  const doc = JSON.parse(bundleJson) as Node;
  // Rows follow the path items' own method order (not listOperations'), as the table always has.
  const rows = ["| operation | request | `Prefer` values, by status |", "|---|---|---|"];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Node>>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op.operationId) continue;
      const cells = Object.entries(op.responses as Record<string, Node>).map(([status, response]) => {
        const media = (deref<Node>(doc, response).content as Record<string, Node>)["application/json"]!;
        const names = Object.keys(media.examples as object).map((n) => `\`${n}\``);
        return `\`${status}\` ${names.join(", ")}`;
      });
      rows.push(`| \`${op.operationId}\` | \`${method.toUpperCase()} ${path}\` | ${cells.join("<br>")} |`);
    }
  }
  const page = readFileSync(resolve(root, MOCK_PAGE_PATH), "utf8");
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${MOCK_PAGE_PATH} lacks the ${START} … ${END} markers`);
  return `${page.slice(0, start + START.length)}\n${rows.join("\n")}\n${page.slice(end)}`;
}
