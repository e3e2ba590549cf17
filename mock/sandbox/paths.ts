// Where the shipped files live, both in the repo (mock/sandbox/*.ts run by node) and in an
// installed package (dist/mock/sandbox/*.js): walk up until the file is found.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

function findUp(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = resolve(dir, "..");
    if (parent === dir) throw new Error(`cannot find ${relative} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The bundled OpenAPI document: the single source of routes, schemas and limits. */
export const bundlePath = (): string => findUp("generated/openapi.json");

/** The demo config shipped with the package (used when no --config is given). */
export const demoConfigPath = (): string => findUp("mock/sandbox/demo-config.yaml");

/** The sandbox page's static files (index.html, page.js, page.css), shipped with the package. */
export const pageDir = (): string => findUp("mock/sandbox/page/index.html").replace(/index\.html$/, "");

/** The package's own package.json (its name and version, for --version). */
export const packageJsonPath = (): string => findUp("package.json");
