// `npm run bench`: runs every benchmark module in this folder (each default-exports an async
// function that prints its own result), in file-name order. Add one by adding a file here.
import { readdirSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv.slice(2); // `npm run bench -- client` runs bench/client.ts alone
const available = readdirSync(here)
  .filter((file) => file.endsWith(".ts") && file !== basename(fileURLToPath(import.meta.url)))
  .map((file) => file.replace(/\.ts$/, ""))
  .sort();
// A mistyped name must not run nothing and exit 0.
const unknown = only.filter((name) => !available.includes(name));
if (unknown.length) {
  console.error(`bench: no benchmark named ${unknown.map((n) => `"${n}"`).join(", ")}; the benchmarks are: ${available.join(", ")}`);
  process.exit(1);
}
const modules = available.filter((name) => only.length === 0 || only.includes(name)).map((name) => `${name}.ts`);

for (const file of modules) {
  const module = (await import(pathToFileURL(`${here}${file}`).href)) as { default?: () => Promise<void> };
  if (typeof module.default !== "function") throw new Error(`scripts/bench/${file} must default-export an async function`);
  console.log(`\n# ${file}`);
  await module.default();
}
