// Prints "N passed, N failed" from every vitest JSON report under a folder (CI reads this line,
// not vitest's own summary). Reports in sub-folders (CI's Node lines: reports/node22/, …) are
// counted too, with one line per sub-folder before the total. Exits 1 when any test failed or no
// report exists.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { countReports } from "./report-counts.mjs";

const dir = process.argv[2] ?? "reports";

/** Every vitest*.json below `folder`, grouped by the folder that holds it. */
function reportsBelow(folder, groups = new Map()) {
  let entries = [];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    // no reports folder: nothing ran
  }
  for (const entry of entries) {
    if (entry.isDirectory()) reportsBelow(join(folder, entry.name), groups);
    else if (entry.name.startsWith("vitest") && entry.name.endsWith(".json")) {
      const group = relative(dir, folder) || ".";
      groups.set(group, [...(groups.get(group) ?? []), join(folder, entry.name)]);
    }
  }
  return groups;
}

const line = ({ passed, failed, skipped, files }) =>
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""} (${files} report${files === 1 ? "" : "s"})`;

const groups = reportsBelow(dir);
const all = countReports([...groups.values()].flat());
if (groups.size > 1 || (groups.size === 1 && !groups.has("."))) {
  for (const [group, files] of [...groups].sort(([a], [b]) => a.localeCompare(b))) console.log(`${group}: ${line(countReports(files))}`);
}
console.log(line(all));
process.exit(all.failed > 0 || all.files === 0 ? 1 : 0);
