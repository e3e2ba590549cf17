// `node --import ./scripts/source-imports.ts file.ts`: inside the repository the package's own
// name means its sources, as tsconfig.json's "paths" tells tsc (examples, docs samples and tests
// import it as a partner would; the published exports map only dist/). Node's type stripping
// reads no tsconfig, so this resolve hook says the same to Node. Keep the two lists alike.
import { registerHooks } from "node:module";

const SOURCES: Record<string, string> = {
  "@opencx/partner-api": new URL("../packages/client/src/index.ts", import.meta.url).href,
  "@opencx/partner-sandbox": new URL("../packages/sandbox/src/index.ts", import.meta.url).href,
};

registerHooks({
  resolve(specifier, context, nextResolve) {
    const url = SOURCES[specifier];
    return url ? { url, format: "module-typescript", shortCircuit: true } : nextResolve(specifier, context);
  },
});
