// Redoc shows a server's description as it is written, so both documents label their servers in
// plain text: "Local Prism mock (npm start)", never "(`npm start`)".
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, it } from "vitest";

it.each(["generated/openapi.json", "generated/sandbox-openapi.json"])("%s labels its servers without markdown", (file) => {
  const { servers } = JSON.parse(readFileSync(resolve(import.meta.dirname, "../..", file), "utf8")) as { servers: { description?: string }[] };
  expect(servers.length).toBeGreaterThan(0);
  expect(servers.map((s) => s.description).filter((d) => d === undefined || /[`*_[\]<>]/.test(d))).toEqual([]);
});
