// What the packaging project's global setup made (global-setup.ts), for its test files: waits
// until the package is packed and installed, or throws what went wrong.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

export interface PackedPackage {
  /** A scratch directory for the run, removed afterwards; the files below live in it. */
  dir: string;
  tarball: string;
  /** The tarball's files, as `npm pack --json` lists them. */
  files: string[];
  /** An empty project (`"type": "module"`) with the tarball installed. */
  consumer: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    packingDir: string;
  }
}

export const PACKED = "packed.json";
export const PACKING_FAILED = "packing-failed.txt";

export async function packedPackage(): Promise<PackedPackage> {
  const dir = inject("packingDir");
  for (;;) {
    if (existsSync(join(dir, PACKED))) return JSON.parse(readFileSync(join(dir, PACKED), "utf8")) as PackedPackage;
    if (existsSync(join(dir, PACKING_FAILED))) throw new Error(`packing the package failed:\n${readFileSync(join(dir, PACKING_FAILED), "utf8")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
