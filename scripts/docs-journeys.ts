// The partner journeys published beside the docs page, where the document's "Journeys" section
// links them (`arazzo/partner-journeys.arazzo.yaml`): both Arazzo files, and the bundled document
// as their source description, so the published copy runs as it is (Respect, or any Arazzo tool).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseDocument } from "yaml";
import { BUNDLE_PATH } from "./generators/bundle.ts";

const root = resolve(import.meta.dirname, "..");
const ARAZZO_DIR = resolve(root, "openapi/arazzo");
const BUNDLE = resolve(root, BUNDLE_PATH);
/** What the Arazzo files call the document in the repository, and in the published copy. */
const SOURCE_URL = "../openapi.yaml";
const PUBLISHED_SOURCE_URL = "../openapi.json";

/** Writes `<docsDir>/openapi.json` and `<docsDir>/arazzo/*.arazzo.yaml`; returns the files written. */
export function publishJourneys(docsDir: string): string[] {
  mkdirSync(join(docsDir, "arazzo"), { recursive: true });
  const written = [join(docsDir, "openapi.json")];
  copyFileSync(BUNDLE, written[0]!);
  for (const name of readdirSync(ARAZZO_DIR).filter((f) => f.endsWith(".arazzo.yaml")).sort()) {
    // Edited as a YAML document, so comments and layout survive.
    const doc = parseDocument(readFileSync(join(ARAZZO_DIR, name), "utf8"));
    const sources = doc.get("sourceDescriptions") as { items: { get(key: string): unknown; set(key: string, value: unknown): void }[] };
    for (const source of sources.items) if (source.get("url") === SOURCE_URL) source.set("url", PUBLISHED_SOURCE_URL);
    const file = join(docsDir, "arazzo", name);
    writeFileSync(file, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
    written.push(file);
  }
  return written;
}
