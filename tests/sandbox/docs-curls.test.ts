// docs/sandbox.md's curls, read from the page and run with bash as shown against a sandbox with
// the shipped demo config (the page's address swapped for the test's): the controls, the request
// journal and the provisioning flow print what the page says they print.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoConfigPath } from "../../packages/sandbox/src/contract/paths.ts";
import { commandsUnder } from "../docs/markdown.ts";
import { promisedOutput, runCommands } from "../docs/run-commands.ts";
import { pathPattern } from "../../packages/sandbox/src/contract/openapi-document.ts";
import type { OpenApiResponses } from "../helpers/openapi-responses.ts";
import { doc, sandboxDoc, startTestSandbox, type TestSandbox } from "./harness.ts";

const PAGE = "docs/sandbox.md";
/** Where the page's examples call the sandbox: `npm run sandbox`'s default address. */
const PAGE_URL = "http://127.0.0.1:4011";

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ config: demoConfigPath() });
});
afterAll(() => sandbox.close());

const retarget = (source: string) => source.replaceAll(PAGE_URL, sandbox.url);
const json = (text: string): unknown => JSON.parse(text);

/** Checks a body against the success schema of the operation at `method path` in `document`. */
function expectSuccessBody(document: OpenApiResponses, method: string, path: string, text: string): void {
  const operation = [...document.operations.values()].find((o) => o.method === method && pathPattern(o.path).test(path));
  expect(operation, `${method} ${path} is documented`).toBeDefined();
  const all = operation!.raw.responses as Record<string, unknown>;
  const status = Object.keys(all).find((s) => s.startsWith("2"))!;
  const media = (document.deref<Record<string, unknown>>(all[status]).content as Record<string, Record<string, unknown>>)["application/json"]!;
  const validate = document.schema(media.schema as Record<string, unknown>);
  expect(validate(json(text)), `${method} ${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

describe(`${PAGE}'s curls against a sandbox with the demo config`, () => {
  it("the controls and the journal: reset and clock answer as the page says, the journal and overview answer JSON", async () => {
    const commands = [...commandsUnder(PAGE, "Controls"), ...commandsUnder(PAGE, "The sandbox page and the request journal")];
    expect(commands.map((c) => c.command.split(" ")[0])).toEqual(["SB=http://127.0.0.1:4011;", "curl", "curl", "curl", "curl", "curl"]);
    const { outputs } = await runCommands(commands, { retarget });
    const [, reset, clock, byStatus, byOperation, overview] = outputs.map((o) => o.output);
    expect(json(reset!)).toEqual(promisedOutput(outputs[1]!.command));
    expectSuccessBody(sandboxDoc, "POST", "/_sandbox/reset", reset!);
    expectSuccessBody(sandboxDoc, "POST", "/_sandbox/clock", clock!);
    expect(json(clock!)).toMatchObject({ partner_id: "acme-partner" });
    for (const page of [byStatus, byOperation]) expectSuccessBody(sandboxDoc, "GET", "/_sandbox/requests", page!);
    expectSuccessBody(sandboxDoc, "GET", "/_sandbox/overview", overview!);
  });

  it("the provisioning flow: an org, its key and a login link that answers 200 once, then 410", async () => {
    const commands = commandsUnder(PAGE, "The provisioning flow with curl");
    const { outputs } = await runCommands(commands, { retarget });
    const printed = outputs.filter((o) => o.output.trim() !== "");
    expect(printed.map((o) => o.command.command.split(" ").slice(0, 4).join(" "))).toEqual([
      "curl -s -X POST",
      "curl -s -X POST",
      "curl -s -o /dev/null",
      "curl -s -o /dev/null",
    ]);
    const [org, key, first, second] = printed;
    expectSuccessBody(doc, "POST", "/partner/v1/orgs", org!.output);
    expect(json(org!.output)).toMatchObject({ name: "Acme Tours", external_id: "customer-12345" });
    expectSuccessBody(doc, "POST", "/partner/v1/orgs/x/api-keys", key!.output);
    for (const visit of [first!, second!]) expect(visit.output.trim()).toBe(promisedOutput(visit.command));
    expect([first!.output.trim(), second!.output.trim()]).toEqual(["200", "410"]);
  });
});
