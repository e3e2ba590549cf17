// An error body's message is bounded as the document says (packages/sandbox/src/http/api-error.ts boundedMessage):
// a list names at most N problems and then how many more, and no message outgrows the
// character bound, however it is cut.
import { expect, it } from "vitest";
import { boundedMessage, shortened } from "../../packages/sandbox/src/http/api-error.ts";

const bounds = { maxProblems: 3, maxChars: 20 };

it("keeps short messages and lists as they are", () => {
  expect(boundedMessage("name is required", bounds)).toBe("name is required");
  const list = ["a", "b", "c"];
  expect(boundedMessage(list, bounds)).toEqual(list);
});

it("lists the first problems, then says how many more, counting those never described", () => {
  expect(boundedMessage(["a", "b", "c", "d", "e"], bounds)).toEqual(["a", "b", "c", "and 2 more"]);
  expect(boundedMessage(["a", "b"], bounds, 40)).toEqual(["a", "b", "and 40 more"]);
  expect(boundedMessage(["a", "b", "c", "d"], bounds, 10)).toEqual(["a", "b", "c", "and 11 more"]);
});

it("shortens a long message in the middle, keeping its start and end", () => {
  const out = boundedMessage(`property ${"k".repeat(1000)} should not exist`, { maxProblems: 3, maxChars: 40 }) as string;
  expect(out).toHaveLength(40);
  expect(out).toMatch(/^property k+…k+ should not exist$/);
  expect((boundedMessage([`x${"y".repeat(100)}`], bounds) as string[])[0]).toHaveLength(20);
});

it("never leaves half a surrogate pair at either side of the cut", () => {
  for (const text of ["😀".repeat(50), `a${"😀".repeat(50)}`, `${"😀".repeat(50)}a`]) {
    for (let max = 1; max <= 30; max++) {
      const out = shortened(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/\p{Cs}/u);
    }
  }
});
