// Type-checks TypeScript code samples the way a partner's project sees them: importing
// "@opencx/partner-api" by name, with the project's compiler options. tsconfig.json's "paths"
// map that name to packages/client/src, so no build is needed.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function compilerOptions(): ts.CompilerOptions {
  const configPath = resolve(root, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  return { ...parsed.options, noEmit: true };
}

export interface SampleDiagnostic {
  /** Absolute path of the file it is in; undefined for a global one (a bad compiler option). */
  file: string | undefined;
  text: string;
}

/**
 * Every compiler diagnostic for the files themselves (and the program's global ones). What they
 * import is checked as far as they use it; the kit's own sources are `npm run typecheck`'s, so
 * they are not checked again here.
 */
export function typeCheckSamples(files: string[]): SampleDiagnostic[] {
  const program = ts.createProgram(files, compilerOptions());
  const own = files.map((f) => program.getSourceFile(f)).filter((f) => f !== undefined);
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...own.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]),
  ];
  return diagnostics.map((d) => {
    const file = d.file ? resolve(d.file.fileName) : undefined;
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const position = where ? `:${where.line + 1}:${where.character + 1}` : "";
    return { file, text: `${file ?? "(global)"}${position} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}` };
  });
}
