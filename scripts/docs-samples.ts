// The docs' code samples as partners see them: the x-codeSamples of the bundled document, per
// operation. Samples call production; the sample tests point them at a local server instead.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLE_PATH } from "./generators/bundle.ts";

const BUNDLE = resolve(dirname(fileURLToPath(import.meta.url)), "..", BUNDLE_PATH);

export interface CodeSample {
  operationId: string;
  method: string;
  path: string;
  lang: string;
  source: string;
}

type Json = Record<string, unknown>;

export function loadDocument(path = BUNDLE): Json {
  return JSON.parse(readFileSync(path, "utf8")) as Json;
}

/** The URL the samples are written against: the document's first server (production). */
export function productionUrl(doc: Json): string {
  return ((doc.servers as Json[])[0] as { url: string }).url;
}

export function codeSamples(doc: Json): CodeSample[] {
  const samples: CodeSample[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item)) {
      const operationId = (op as Json).operationId;
      if (typeof operationId !== "string") continue;
      for (const { lang, source } of ((op as Json)["x-codeSamples"] ?? []) as { lang: string; source: string }[]) {
        samples.push({ operationId, method: method.toUpperCase(), path, lang, source });
      }
    }
  }
  return samples;
}

/** The same sample, calling `baseUrl` instead of production. */
export function retarget(source: string, doc: Json, baseUrl: string): string {
  const production = productionUrl(doc);
  if (!source.includes(production)) throw new Error(`the sample does not call ${production}`);
  return source.replaceAll(production, baseUrl);
}
