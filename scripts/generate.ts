// `npm run generate` writes generated/ (and the mock's table of examples in docs/mock.md) from openapi/; `--check` (npm run check:generated)
// regenerates in memory and fails, naming the files, when anything committed has drifted.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle, BUNDLE_PATH, SANDBOX_BUNDLE_PATH } from "./generators/bundle.ts";
import { controlValidators, CONTROL_VALIDATORS_PATH, CONTROL_VALIDATORS_TYPES, CONTROL_VALIDATORS_TYPES_PATH } from "./generators/control-validators.ts";
import { SANDBOX_TYPES_PATH, types, TYPES_PATH } from "./generators/types.ts";
import { mockTable, MOCK_PAGE_PATH } from "./generators/readme-mock-table.ts";
import { client, CLIENT_PATH, SANDBOX_CLIENT_PATH, sandboxClient } from "./generators/client.ts";
import { configValidator, CONFIG_VALIDATOR_PATH, CONFIG_VALIDATOR_TYPES, CONFIG_VALIDATOR_TYPES_PATH } from "./generators/config-validator.ts";
import { validators, VALIDATORS_PATH, VALIDATORS_TYPES, VALIDATORS_TYPES_PATH } from "./generators/validators.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

async function outputs(): Promise<Map<string, string>> {
  const bundled = bundle(root);
  const files = new Map<string, string>();
  files.set(BUNDLE_PATH, bundled);
  files.set(TYPES_PATH, await types(bundled));
  files.set(CLIENT_PATH, client(bundled));
  files.set(VALIDATORS_PATH, validators(bundled));
  files.set(VALIDATORS_TYPES_PATH, VALIDATORS_TYPES);
  files.set(CONFIG_VALIDATOR_PATH, configValidator());
  files.set(CONFIG_VALIDATOR_TYPES_PATH, CONFIG_VALIDATOR_TYPES);
  files.set(MOCK_PAGE_PATH, mockTable(root, bundled));
  // The sandbox's own document (controls, health, metrics): its bundle, types and validators.
  const sandbox = bundle(root, "sandbox");
  files.set(SANDBOX_BUNDLE_PATH, sandbox);
  files.set(SANDBOX_TYPES_PATH, await types(sandbox));
  files.set(CONTROL_VALIDATORS_PATH, controlValidators(sandbox));
  files.set(SANDBOX_CLIENT_PATH, sandboxClient(sandbox));
  files.set(CONTROL_VALIDATORS_TYPES_PATH, CONTROL_VALIDATORS_TYPES);
  return files;
}

const check = process.argv.includes("--check");
const drifted: string[] = [];
for (const [path, content] of await outputs()) {
  const file = resolve(root, path);
  const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (current === content) continue;
  if (check) {
    drifted.push(path);
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${path}`);
  }
}
if (check) {
  if (drifted.length > 0) {
    console.error(`generated/ has drifted from openapi/: ${drifted.join(", ")}\nRun \`npm run generate\` and commit the result.`);
    process.exit(1);
  }
  console.log("generated/ is up to date");
}
