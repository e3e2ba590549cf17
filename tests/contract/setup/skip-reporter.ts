// Lists every skipped contract check by name with its reason at the end of a run, so a check
// that could not run (a missing key, a missing capability) is never mistaken for a pass.
import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

export default class SkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === "skipped") skipped.push(`  - ${relative(process.cwd(), module.moduleId)} > ${test.fullName}: ${result.note ?? "(no reason given)"}`);
      }
    }
    if (skipped.length === 0) return;
    console.log(`\n[contract] ${skipped.length} check(s) skipped:\n${skipped.join("\n")}\n`);
  }
}
