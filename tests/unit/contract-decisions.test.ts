// The contract suite cites only decisions the document states (tests/contract/lib/decisions.ts):
// a check title naming an unknown decision fails the run as it loads.
import { describe, expect, it } from "vitest";
import { decision } from "../contract/lib/decisions.ts";
import { decisionsAlong, operation } from "../contract/lib/document.ts";

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

describe("decisionsAlong()", () => {
  it("finds the decisions a success answer's value rests on in the document's descriptions", () => {
    expect(decisionsAlong(operation("listOrgs"), 200, "/data/0/created_at")).toEqual(["timestamps"]);
    expect(decisionsAlong(operation("createOrgApiKey"), 201, "/api_key")).toEqual(["jwt-shape", "keys-are-whole-strings"]);
    expect(decisionsAlong(operation("createLoginLink"), 201, "/expires_at")).toEqual(["timestamps"]);
  });

  it("names none for a reference fact, an unknown path or the body itself", () => {
    expect(decisionsAlong(operation("createOrg"), 201, "/name")).toEqual([]);
    expect(decisionsAlong(operation("createOrg"), 201, "/no_such_field")).toEqual([]);
    expect(decisionsAlong(operation("createOrg"), 201, "")).toEqual([]);
  });
});
