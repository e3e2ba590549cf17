// Where the shipped files live, in the repository (packages/sandbox/src/*.ts run by node), in the
// installed package (dist/packages/sandbox/src/*.js, with generated/ under dist/) and in the bin's
// one-file bundle: walk up until the file is found.
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
export const demoConfigPath = (): string => findUp("packages/sandbox/src/config/demo-config.yaml");

/** The sandbox page's static files (index.html, page.js, page.css), shipped with the package. */
export const pageDir = (): string => findUp("packages/sandbox/src/page/assets/index.html").replace(/index\.html$/, "");

/** The package's own package.json (its name and version, for --version). */
export const packageJsonPath = (): string => findUp("package.json");
