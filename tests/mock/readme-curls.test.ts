// The curls a newcomer pastes first: the README's three calls to the mock, and the mock page's
// `Prefer` call, read from the pages and run with bash as shown, the mock's documented address
// swapped for the test's Prism. Each must exit 0 and print the documented body of the answer it
// asks for.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { localServer, pathPattern } from "../../packages/sandbox/src/contract/openapi-document.ts";
import { shellCommands, type ShellCommand } from "../docs/markdown.ts";
import { OpenApiResponses } from "../helpers/openapi-responses.ts";

const run = promisify(execFile);
const responses = new OpenApiResponses();
/** Where the pages say the mock listens: the document's local mock server (`npm start`'s default). */
const MOCK_URL = localServer(responses.doc, "mock");
const mockBase = `http://${MOCK_URL.host}:${MOCK_URL.port}`;

type Json = Record<string, unknown>;

/** The operation a curl calls: its method (-X, else GET) and the path of its mock URL. */
function operationOf(curl: ShellCommand) {
  const method = /\s-X\s+([A-Z]+)/.exec(curl.command)?.[1] ?? "GET";
  const url = new RegExp(`${mockBase.replace(/\./g, "\\.")}[^\\s"']*`).exec(curl.command)?.[0];
  expect(url, `${curl.page}:${curl.line} calls the mock at ${mockBase}`).toBeDefined();
  const { pathname } = new URL(url!);
  const found = [...responses.operations.values()].find((o) => o.method === method && pathPattern(o.path).test(pathname));
  expect(found, `${curl.page}:${curl.line}: ${method} ${pathname} is an operation of the document`).toBeDefined();
  return found!;
}

/** The response the curl asks for: the status of its `Prefer: code=N`, else the operation's success. */
function expectedResponse(curl: ShellCommand): { status: string; media: Json } {
  const operation = operationOf(curl);
  const all = operation.raw.responses as Record<string, unknown>;
  const status = /Prefer: code=(\d{3})/.exec(curl.command)?.[1] ?? Object.keys(all).find((s) => s.startsWith("2"))!;
  expect(Object.keys(all), `${operation.operationId} documents ${status}`).toContain(status);
  const media = (responses.deref<Json>(all[status]).content as Record<string, Json>)["application/json"]!;
  return { status, media };
}

async function runAsShown(curl: ShellCommand): Promise<unknown> {
  const script = `set -euo pipefail\n${curl.source.replaceAll(mockBase, inject("prismUrl"))}`;
  const { stdout } = await run("bash", ["-c", script], { env: { ...process.env, OPENCX_PARTNER_API_KEY: "readme-test-key" } });
  return JSON.parse(stdout);
}

const readmeCurls = shellCommands("README.md").filter((c) => c.command.startsWith("curl "));

describe("the README's curls against the mock", () => {
  it("are three, each calling a different operation of the mock", () => {
    expect(readmeCurls).toHaveLength(3);
    expect(new Set(readmeCurls.map((c) => operationOf(c).operationId)).size).toBe(3);
  });

  it.for(readmeCurls.map((c) => [c.command, c] as const))("%s: exits 0 and prints the operation's documented success body", async ([, curl]) => {
    const { status, media } = expectedResponse(curl);
    expect(status).toMatch(/^2/);
    const body = await runAsShown(curl);
    const validate = responses.schema(media.schema as Json);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });
});

const mockPageCurls = shellCommands("docs/mock.md").filter((c) => c.command.startsWith("curl "));

describe("docs/mock.md's curls against the mock", () => {
  it.for(mockPageCurls.map((c) => [c.command, c] as const))("%s: prints the first documented example of the status its Prefer header asks for", async ([, curl]) => {
    const { media } = expectedResponse(curl);
    const body = await runAsShown(curl);
    const validate = responses.schema(media.schema as Json);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    const first = Object.values(media.examples as Record<string, unknown>)[0];
    expect(body).toEqual(responses.deref<{ value: unknown }>(first).value);
  });
});
