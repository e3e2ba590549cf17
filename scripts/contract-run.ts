// The contract suite against one of the kit's own targets, as `npm test` runs it:
//   node scripts/contract-run.ts sandbox  the in-process sandbox, every check (no CONTRACT_* from
//                                         the caller's environment, so a staging setting cannot leak in)
//   node scripts/contract-run.ts prism   the Prism mock on a free port, CONTRACT_STATEFUL=0
// Each writes reports/vitest-contract-<target>.json (summed by CI) and a JUnit file, under
// REPORTS_DIR instead of reports/ when set (CI's Node lines: reports/node22/, …). Extra
// arguments go to vitest. For any other server use `npm run test:contract` with CONTRACT_*.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { startPrism } from "../mock/prism.ts";

const root = resolve(import.meta.dirname, "..");
const [target, ...extra] = process.argv.slice(2);
if (target !== "sandbox" && target !== "prism") {
  console.error("usage: node scripts/contract-run.ts sandbox|prism [vitest args]");
  process.exit(2);
}

const reports = process.env.REPORTS_DIR ?? "reports";
const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CONTRACT_")));
const prism = target === "prism" ? await startPrism() : undefined;
const env: NodeJS.ProcessEnv = prism
  ? {
      ...clean,
      CONTRACT_BASE_URL: prism.url,
      // Prism accepts any bearer token; the value only has to be one.
      CONTRACT_API_KEY: "prism-accepts-any-bearer-token",
      CONTRACT_STATEFUL: "0",
    }
  : clean;

const args = [
  resolve(root, "node_modules/vitest/vitest.mjs"),
  "run",
  "--config",
  "vitest.contract.config.ts",
  "--project",
  "contract",
  "--reporter=default",
  "--reporter=junit",
  "--reporter=json",
  "--reporter=./tests/contract/setup/skip-reporter.ts",
  `--outputFile.json=${reports}/vitest-contract-${target}.json`,
  `--outputFile.junit=${reports}/junit-contract-${target}.xml`,
  ...extra,
];
const code = await new Promise<number>((done) => {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: "inherit" });
  child.on("exit", (c, signal) => done(c ?? (signal ? 1 : 0)));
});
await prism?.close();
process.exit(code);
