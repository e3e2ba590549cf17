// The storage engines by registration (packages/sandbox/src/storage/open.ts): a database URL
// chooses the engine that claims its scheme, and one no engine claims is refused before anything
// connects, naming the schemes that are taken; the command line accepts exactly those schemes.
import { describe, expect, it } from "vitest";
import { DATABASE_URL_ENGINES, ENGINES, openStorage } from "../../packages/sandbox/src/storage/open.ts";

describe("openStorage", () => {
  it("lets the engine that claims a URL's scheme choose it, and no other", () => {
    const choosers = (databaseUrl: string) => ENGINES.filter((engine) => engine.chosenBy({ databaseUrl })).map((engine) => engine.name);
    expect(choosers("postgres://127.0.0.1/x")).toEqual(["postgres"]);
    expect(choosers("postgresql://127.0.0.1/x")).toEqual(["postgres"]);
    expect(choosers("mysql://127.0.0.1/x")).toEqual([]);
    expect(DATABASE_URL_ENGINES.map((engine) => engine.name)).toEqual(["postgres"]);
  });

  it("refuses a database URL no engine opens, naming the schemes that are", async () => {
    await expect(openStorage({ databaseUrl: "mysql://root:hunter2@127.0.0.1/app" })).rejects.toThrow(
      "no storage engine opens a mysql: URL: give postgres:// or postgresql://",
    );
  });
});
