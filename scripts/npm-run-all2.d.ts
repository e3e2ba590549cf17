// npm-run-all2 ships no types: the part of its Node API scripts/test.ts uses.
declare module "npm-run-all2" {
  interface Options {
    parallel?: boolean;
    continueOnError?: boolean;
    aggregateOutput?: boolean;
    maxParallel?: number;
    stdout?: NodeJS.WritableStream | null;
    stderr?: NodeJS.WritableStream | null;
  }
  /** Resolves with each script's exit code; rejects (with `results`) when one failed. */
  export default function runAll(patterns: string[], options?: Options): Promise<{ name: string; code: number | undefined }[]>;
}
