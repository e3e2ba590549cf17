// The generator behind invalid-requests.test.ts keeps its promise, checked against the document
// itself (no server): for every top-level field of every request body there is a wrong-type
// case, a missing-field case for each required one, and a case past each length bound; and every
// case is invalid by the schema (except x- rules, which JSON Schema cannot express).
import { describe, expect, it } from "vitest";
import { operations, resolveSchema, type JsonObject } from "./lib/document.ts";
import { bodyCases, parameterCases } from "./lib/negative-cases.ts";
import { validatorAt } from "./lib/response-validator.ts";
import { exampleBody } from "./lib/samples.ts";

const withBody = operations.filter((op) => op.requestBody);

describe.each(withBody.map((op) => [op.operationId, op] as const))("negative cases for %s", (operationId, op) => {
  const body = op.requestBody!;
  const cases = bodyCases(op, [exampleBody(operationId), ...body.examples]);
  const labels = cases.map((c) => c.label);

  it("cover every field: wrong type, required missing, bounds crossed", () => {
    const expected: string[] = [];
    for (const [name, raw] of Object.entries((body.schema.properties as JsonObject) ?? {})) {
      const field = resolveSchema(raw);
      expected.push(`body /${name} wrong type`);
      if (typeof field.maxLength === "number") expected.push(`body /${name} maxLength+1`);
      if (((body.schema.required as string[]) ?? []).includes(name)) expected.push(`body /${name} required missing`);
    }
    expect(expected.filter((label) => !labels.some((l) => l.startsWith(label)))).toEqual([]);
  });

  it("are all invalid by the request schema (x- rules aside)", () => {
    const validate = validatorAt(body.pointer);
    expect(cases.filter((c) => !c.extension && validate(c.body)).map((c) => c.label)).toEqual([]);
  });
});

describe.each(operations.filter((op) => op.parameters.length > 0).map((op) => [op.operationId, op] as const))("parameter cases for %s", (_, op) => {
  it("cross each documented bound of each parameter", () => {
    const labels = new Set(parameterCases(op).map((c) => c.label));
    const expected = op.parameters.flatMap((p) => [
      ...(typeof p.schema.minimum === "number" ? [`${p.in} ${p.name} minimum-1`] : []),
      ...(typeof p.schema.maximum === "number" ? [`${p.in} ${p.name} maximum+1`] : []),
      ...(typeof p.schema.maxLength === "number" ? [`${p.in} ${p.name} maxLength+1`] : []),
      ...(typeof p.schema.format === "string" ? [`${p.in} ${p.name} format ${p.schema.format}`] : []),
    ]);
    expect(expected.filter((label) => !labels.has(label))).toEqual([]);
  });
});
