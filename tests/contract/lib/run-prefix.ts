// Every org a run creates carries this prefix in its external_id, so a run's leftovers on a
// live server (the API has no delete) can be found and told apart from real customers.
import { randomBytes } from "node:crypto";

export function newRunPrefix(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `contract-${stamp}-${randomBytes(4).toString("hex")}`;
}
