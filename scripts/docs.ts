// `npm run docs`: the published reference, dist/docs/index.html, one self-contained file, with
// the partner journeys (Arazzo) beside it, where its "Journeys" section links them.
// `--inlineBundle` embeds Redoc's script (otherwise the page loads it from a CDN); redocly.yaml
// supplies the Redoc options and the branded template (scripts/docs-template.hbs).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { publishJourneys } from "./docs-journeys.ts";
import { inlineRedoclyLogo } from "./docs-offline.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DOCS_PATH = resolve(root, "dist/docs/index.html");

export function buildDocs(output = DOCS_PATH): string {
  mkdirSync(dirname(output), { recursive: true });
  execFileSync(
    resolve(root, "node_modules/.bin/redocly"),
    ["build-docs", "main", "--inlineBundle", "--output", output],
    {
      cwd: root,
      // Telemetry off: no DNS lookup at build time, and none sent from readers' browsers.
      env: { ...process.env, REDOCLY_TELEMETRY: "off" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  writeFileSync(output, inlineRedoclyLogo(readFileSync(output, "utf8")));
  publishJourneys(dirname(output));
  return output;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = buildDocs(process.argv[2] ? resolve(process.argv[2]) : DOCS_PATH);
  console.log(`wrote ${relative(process.cwd(), out)} — open it in a browser (no server or network needed)`);
}
