// The published docs (dist/docs/index.html) in Debian's Chromium: every operation renders with
// its summary, the sidebar navigates to an operation whose response example shows, the servers'
// labels read as plain text, nothing is logged as an error, no request leaves the machine, and the
// journeys link reaches their file.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DOCS_PATH } from "../../scripts/docs.ts";
import { browserAvailability, launchChromium, requireBrowser } from "./support/browser.ts";
import { collectConsoleErrors } from "./support/console-errors.ts";
import { DocsPage } from "./support/docs-page.ts";
import { documentedOperations } from "./support/documented-operations.ts";
import { guardNetwork, type NetworkGuard } from "./support/network-guard.ts";

const SCREENSHOT = resolve(dirname(DOCS_PATH), "../docs-screenshot.png");
const operations = documentedOperations();
const servers = (JSON.parse(readFileSync(resolve(import.meta.dirname, "../../generated/openapi.json"), "utf8")) as { servers: { description: string }[] }).servers;
const availability = browserAvailability();

let browser: Browser | undefined;
let context: BrowserContext;
let docs: DocsPage;
let network: NetworkGuard;
let consoleErrors: string[];


beforeAll(async () => {
  if (availability.available) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

beforeEach(async (ctx) => {
  requireBrowser(ctx, availability);
  context = await browser!.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: "block" });
  network = await guardNetwork(context);
  const page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
  docs = new DocsPage(page);
  await docs.open(DOCS_PATH);
});

afterEach(async (ctx) => {
  if (!context) return;
  // Checked after every test, so any test's navigation that logs an error or calls out fails.
  if (ctx.task.result?.state !== "skip") {
    expect(network.blocked, "requests that would leave the machine").toEqual([]);
    expect(consoleErrors, "console errors").toEqual([]);
  }
  await context.close();
});

describe("published docs in Chromium", () => {
  // One page visit for both: each test opens the page anew.
  it("opens with no console errors and no request leaving the machine, and links the journeys published beside it", async () => {
    // The page is open (beforeEach); afterEach asserts the console and the network record.
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.every((op) => op.summary.length > 0)).toBe(true);
    // The introduction's Journeys section links the Arazzo file `npm run docs` publishes.
    const href = "arazzo/partner-journeys.arazzo.yaml";
    await docs.openIntroductionSection("Journeys");
    await docs.page.locator(`a[href="${href}"]`).first().waitFor({ state: "visible" });
    expect(existsSync(resolve(dirname(DOCS_PATH), href))).toBe(true);
  });

  it("renders every operation with its summary", async () => {
    // Redoc keeps only the sections near the viewport in the DOM, so each is checked in turn.
    const rendered: string[] = [];
    for (const op of operations) {
      await docs.openOperationInSidebar(op.tag, op.summary);
      const heading = docs.operationSection(op.summary).locator("h2").first();
      await heading.waitFor({ state: "visible" });
      rendered.push(await heading.innerText());
    }
    expect(rendered).toEqual(operations.map((op) => op.summary));
  });

  it("navigates from the sidebar to an operation and shows its response example", async () => {
    // The document's last operation: the furthest from the top, so the page has to move.
    const op = operations.at(-1)!;
    await docs.openOperationInSidebar(op.tag, op.summary);
    expect(new URL(docs.page.url()).hash.toLowerCase()).toContain(op.operationId.toLowerCase());
    const section = docs.operationSection(op.summary);
    const sample = docs.responseSample(section);
    await sample.waitFor({ state: "visible" });
    // Every field value of the first success example appears in the response sample.
    const text = await sample.innerText();
    for (const value of Object.values(op.successExample as Record<string, unknown>)) {
      expect(text).toContain(JSON.stringify(value));
    }
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await docs.page.screenshot({ path: SCREENSHOT });
  });

  it("labels every server in plain text, as the document names it (Redoc shows no markdown there)", async () => {
    const labels = await docs.page.locator('[data-testid="server-panel-item-name"]').allInnerTexts();
    expect(labels).toEqual(servers.map((s) => s.description));
    expect(labels).toContain("Local Prism mock (npm start)");
    expect(labels).toContain("Local stateful sandbox (npm run sandbox)");
    expect(labels.filter((l) => /[`*_[\]]/.test(l))).toEqual([]);
  });
});
