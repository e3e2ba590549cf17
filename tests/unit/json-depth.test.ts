// The bracket count that refuses deep JSON before JSON.parse builds it (packages/sandbox/src/http/json-depth.ts):
// exact for every JSON text, whatever its strings hold.
import fc from "fast-check";
import { expect, it } from "vitest";
import { nestsDeeperThan } from "../../packages/sandbox/src/http/json-depth.ts";

/** Arrays and objects nesting, the outermost being level 1 (a test-side reference; fast-check keeps values shallow). */
function depth(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depth));
}

// Strings full of what a naive count would trip on: brackets, quotes, backslashes, escapes.
const tricky = fc.string({ unit: fc.constantFrom("[", "]", "{", "}", '"', "\\", "\\u005b", "a", "é", "😀", "\n", "\u0000") });
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, tricky, fc.integer(), fc.boolean(), fc.constant(null), tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(tricky, tie("value"), { maxKeys: 4 }),
})).value;

it("says whether a JSON text nests deeper than the limit, exactly, with brackets and escapes inside strings", () => {
  fc.assert(
    fc.property(json, fc.integer({ min: 0, max: 8 }), (value, max) => {
      const text = new TextEncoder().encode(JSON.stringify(value));
      expect(nestsDeeperThan(text, max)).toBe(depth(value) > max);
    }),
    { numRuns: 2000 },
  );
});

it("stops at the first bracket over the limit, and counts the body's own object as level 1", () => {
  const deep = new TextEncoder().encode("[".repeat(1_000_000));
  expect(nestsDeeperThan(deep, 64)).toBe(true);
  const at = (levels: number) => new TextEncoder().encode(`{"x":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`);
  expect(nestsDeeperThan(at(64), 64)).toBe(false);
  expect(nestsDeeperThan(at(65), 64)).toBe(true);
  expect(nestsDeeperThan(new TextEncoder().encode('"[[[[[[[["'), 1)).toBe(false);
  expect(nestsDeeperThan(new TextEncoder().encode('["\\\\",[["x"]]]'), 2)).toBe(true); // an escaped backslash ends no string early
});
