// Type-checks TypeScript code samples the way a partner's project sees them: importing
// "@opencx/partner-api" by name, with the project's compiler options. The package's
// "opencx-source" export condition maps that name to src/, so no build is needed.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SOURCE_CONDITION = "opencx-source";

function compilerOptions(): ts.CompilerOptions {
  const configPath = resolve(root, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  return { ...parsed.options, noEmit: true, customConditions: [SOURCE_CONDITION] };
}

/** Diagnostics per file ("file:line:col message"); a file with none maps to an empty list. */
export function typeCheckSamples(files: string[]): Map<string, string[]> {
  const program = ts.createProgram(files, compilerOptions());
  const byFile = new Map(files.map((f) => [resolve(f), [] as string[]]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? resolve(d.file.fileName) : undefined;
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const message = `${file ?? "(global)"}${where ? `:${where.line + 1}:${where.character + 1}` : ""} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    // Errors in the package itself are the typecheck's business; attribute them anyway so none is lost.
    (byFile.get(file ?? "") ?? byFile.get(resolve(files[0]!))!).push(message);
  }
  return byFile;
}
