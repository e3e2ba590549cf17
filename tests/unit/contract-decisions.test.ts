// The contract suite cites only decisions the document states (tests/contract/lib/decisions.ts):
// a check title naming an unknown decision fails the run as it loads.
import { describe, expect, it } from "vitest";
import { decision } from "../contract/lib/decisions.ts";

describe("decision()", () => {
  it("names the document's decisions", () => {
    expect(decision("order-of-checks")).toBe("decision: order-of-checks");
    expect(decision("rate-limit-answer", "order-of-checks")).toBe("decision: rate-limit-answer, order-of-checks");
  });

  it("refuses a decision the document does not state, and none at all", () => {
    expect(() => decision("sandbox-whim")).toThrow(/no decision sandbox-whim/);
    expect(() => decision()).toThrow(/no decision/);
  });
});
