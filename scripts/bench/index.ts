// `npm run bench`: runs every benchmark module in this folder (each default-exports an async
// function that prints its own result), in file-name order. Add one by adding a file here.
import { readdirSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv.slice(2); // `npm run bench -- client` runs bench/client.ts alone
const modules = readdirSync(here)
  .filter((file) => file.endsWith(".ts") && file !== basename(fileURLToPath(import.meta.url)))
  .filter((file) => only.length === 0 || only.includes(file.replace(/\.ts$/, "")))
  .sort();

for (const file of modules) {
  const module = (await import(pathToFileURL(`${here}${file}`).href)) as { default?: () => Promise<void> };
  if (typeof module.default !== "function") throw new Error(`scripts/bench/${file} must default-export an async function`);
  console.log(`\n# ${file}`);
  await module.default();
}
