// The document's own decisions, where the reference is silent (`x-decisions` in the bundle, each
// tabled in its introduction). A check that rests on one names it in its title, so a reader of a
// failure tells a broken fact of the reference from a broken choice of the document, and a team
// whose server chose otherwise knows which checks to argue with. Only the document's decisions
// can be cited: an unknown name fails the run as it loads.
import { bundle } from "./document.ts";

const DECIDED = new Set(bundle["x-decisions"] as string[]);

/** "decision: <name>", for a check title; throws when the document does not state that decision. */
export function decision(...names: string[]): string {
  const unknown = names.filter((name) => !DECIDED.has(name));
  if (unknown.length > 0 || names.length === 0) throw new Error(`the document states no decision ${unknown.join(", ") || "(none named)"} (x-decisions: ${[...DECIDED].join(", ")})`);
  return `decision: ${names.join(", ")}`;
}
