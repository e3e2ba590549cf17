// The shared walker over the bundled document (packages/sandbox/src/contract/openapi-document.ts),
// on small hand-made documents: the cases the bundle itself never exercises.
import { describe, expect, it } from "vitest";
import { deref, escapePointer, followRef, listOperations, localServer, pathPattern, resolvePointer } from "../../packages/sandbox/src/contract/openapi-document.ts";

describe("resolvePointer", () => {
  const doc = { components: { schemas: { Org: { type: "object" } } }, paths: { "/a/{b}": { "x~y": 1, "~1": 2 } } };

  it("finds a local pointer, decoding ~1 and ~0", () => {
    expect(resolvePointer(doc, "#/components/schemas/Org")).toEqual({ type: "object" });
    expect(resolvePointer(doc, `#/paths/${escapePointer("/a/{b}")}/${escapePointer("x~y")}`)).toBe(1);
    // `~01` is a literal `~1`, not `/`.
    expect(resolvePointer(doc, "#/paths/~1a~1{b}/~01")).toBe(2);
  });

  it("names an unresolvable or non-local reference", () => {
    expect(() => resolvePointer(doc, "#/components/schemas/Missing")).toThrow("unresolvable $ref #/components/schemas/Missing");
    expect(() => resolvePointer(doc, "#/components/schemas/Org/type/length")).toThrow(/unresolvable/);
    expect(() => resolvePointer(doc, "other.yaml#/Org")).toThrow("only local $refs are supported: other.yaml#/Org");
  });
});

describe("escapePointer", () => {
  it("escapes ~ before /", () => {
    expect(escapePointer("/partner/v1/orgs")).toBe("~1partner~1v1~1orgs");
    expect(escapePointer("a~/b")).toBe("a~0~1b");
  });
});

describe("deref", () => {
  const doc = {
    components: {
      schemas: { A: { $ref: "#/components/schemas/B" }, B: { type: "string" }, Loop1: { $ref: "#/components/schemas/Loop2" }, Loop2: { $ref: "#/components/schemas/Loop1" }, Gone: { $ref: "#/nowhere" } },
    },
  };

  it("follows a chain to its target, and returns anything else unchanged", () => {
    expect(deref(doc, { $ref: "#/components/schemas/A" })).toEqual({ type: "string" });
    expect(followRef(doc, { $ref: "#/components/schemas/A" }, "#/x").pointer).toBe("#/components/schemas/B");
    expect(followRef(doc, { type: "integer" }, "#/x")).toEqual({ node: { type: "integer" }, pointer: "#/x" });
    expect(deref(doc, undefined)).toBeUndefined();
  });

  it("stops a reference loop with an error naming it", () => {
    expect(() => deref(doc, { $ref: "#/components/schemas/Loop1" })).toThrow(
      "$ref loop: #/components/schemas/Loop1 -> #/components/schemas/Loop2 -> #/components/schemas/Loop1",
    );
  });

  it("fails clearly on an unresolvable reference in the chain", () => {
    expect(() => deref(doc, { $ref: "#/components/schemas/Gone" })).toThrow("unresolvable $ref #/nowhere");
  });
});

describe("listOperations", () => {
  const doc = {
    components: {
      parameters: { Id: { name: "id", in: "path", required: true, schema: { type: "string" } } },
      pathItems: { Shared: { get: { operationId: "getShared" } } },
    },
    paths: {
      "/things/{id}": {
        parameters: [{ $ref: "#/components/parameters/Id" }, { name: "verbose", in: "query", schema: { type: "boolean" } }],
        post: { operationId: "updateThing" },
        get: {
          operationId: "getThing",
          // Same name and `in` as the path-level one: replaces it. Same name, other `in`: both stay.
          parameters: [{ name: "verbose", in: "query", schema: { type: "integer" } }, { name: "id", in: "header" }],
        },
      },
      "/shared": { $ref: "#/components/pathItems/Shared" },
    },
  };

  it("lists operations with their pointer, methods in HTTP order", () => {
    expect(listOperations(doc).map(({ operationId, method, path, pointer }) => ({ operationId, method, path, pointer }))).toEqual([
      { operationId: "getThing", method: "get", path: "/things/{id}", pointer: "#/paths/~1things~1{id}/get" },
      { operationId: "updateThing", method: "post", path: "/things/{id}", pointer: "#/paths/~1things~1{id}/post" },
      { operationId: "getShared", method: "get", path: "/shared", pointer: "#/components/pathItems/Shared/get" },
    ]);
  });

  it("merges path-level and operation-level parameters, dereferenced, the operation's overriding by name and in", () => {
    const [get, post] = listOperations(doc);
    expect(get!.parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string" } },
      { name: "verbose", in: "query", schema: { type: "integer" } },
      { name: "id", in: "header" },
    ]);
    expect(post!.parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string" } },
      { name: "verbose", in: "query", schema: { type: "boolean" } },
    ]);
  });
});

describe("localServer", () => {
  const doc = {
    servers: [
      { url: "https://api.example.test" },
      { url: "http://127.0.0.1:4010", "x-local-target": "mock" },
    ],
  };
  it("reads host and port of the server marked x-local-target", () => {
    expect(localServer(doc, "mock")).toEqual({ host: "127.0.0.1", port: 4010 });
  });
  it("names the target the document lacks", () => {
    expect(() => localServer(doc, "sandbox")).toThrow(/x-local-target: sandbox/);
  });
});

describe("pathPattern", () => {
  it("matches one non-empty segment per template parameter, and nothing more", () => {
    const re = pathPattern("/partner/v1/orgs/{orgId}/api-keys");
    expect(re.test("/partner/v1/orgs/a1b2/api-keys")).toBe(true);
    expect(re.test("/partner/v1/orgs//api-keys")).toBe(false);
    expect(re.test("/partner/v1/orgs/a/b/api-keys")).toBe(false);
    expect(re.test("/partner/v1/orgs/a1b2/api-keys/x")).toBe(false);
  });
  it("treats the template's other characters literally", () => {
    expect(pathPattern("/a.b/{x}").test("/aXb/1")).toBe(false);
  });
});
