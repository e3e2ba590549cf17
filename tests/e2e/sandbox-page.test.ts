// The sandbox page (GET /_sandbox/) in Debian's Chromium, as a partner uses it: open the sandbox's
// address and land on the page, with its icon and a word on where keys come from; paste the demo
// key, watch a created org and a refused request arrive in the journal with the refusing layer,
// reset (after confirming, with the keyboard), and see the page empty. An org named like markup
// stays text, the key never leaves sessionStorage, nothing leaves loopback, and the page works on
// a phone-sized screen.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConflictError, createPartnerClient, type PartnerClient } from "../../packages/client/src/index.ts";
import { demoConfig, startSandbox } from "../../packages/sandbox/src/index.ts";
import { browserAvailability, launchChromium, requireBrowser } from "./support/browser.ts";
import { collectConsoleErrors } from "./support/console-errors.ts";
import { guardNetwork, type NetworkGuard } from "./support/network-guard.ts";

const SCREENSHOTS = resolve(import.meta.dirname, "../../dist/sandbox-page");
const XSS_NAME = "<img src=x onerror=alert(1)>";
const availability = browserAvailability();
// The demo config's first active partner without an allow list: the key docs/sandbox.md tells partners to paste.
const demoPartner = demoConfig().partners.find((p) => p.active !== false && !p.ip_allow_list?.length && p.rate_limits !== false)!;
const demoKey = demoPartner.api_keys![0]!;

let browser: Browser | undefined;
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let client: PartnerClient;
let context: BrowserContext;
let page: Page;
let network: NetworkGuard;
let consoleErrors: string[];
let dialogs: string[];


beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, host: "127.0.0.1" });
  client = createPartnerClient({ apiKey: demoKey, baseUrl: sandbox.url, maxRetries: 0 });
  if (availability.available) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

beforeEach(async (ctx) => {
  requireBrowser(ctx, availability);
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: "POST", headers: { authorization: `Bearer ${demoKey}` } });
  context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: "block" });
  network = await guardNetwork(context);
  page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
  dialogs = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterEach(async (ctx) => {
  if (!context) return;
  if (ctx.task.result?.state !== "skip") {
    expect(network.blocked, "requests that would leave the machine").toEqual([]);
    expect(consoleErrors, "console errors").toEqual([]);
    expect(dialogs, "dialogs (an XSS payload that ran)").toEqual([]);
  }
  await context.close();
});

/** Opens the page and pastes the key with the keyboard only. */
async function signIn(key: string): Promise<void> {
  const response = await page.goto(`${sandbox.url}/_sandbox/`);
  expect(response!.status()).toBe(200);
  expect(response!.headers()["content-security-policy"]).toMatch(/script-src 'self'/);
  await page.keyboard.press("Tab"); // the first focusable element is the key field
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("key-input");
  await page.keyboard.type(key);
  await page.keyboard.press("Enter");
  await page.locator("#partner-view").waitFor({ state: "visible" });
}

const journalRows = () => page.locator("#journal-body tr");

describe("the sandbox page in Chromium", () => {
  it("shows a created org and a refused request in the journal with the refusing layer, and reset empties it", async () => {
    await signIn(demoKey);
    await expect.poll(() => page.locator("#partner-id").innerText()).toBe(demoPartner.id);

    const org = await client.createOrg({ name: XSS_NAME, external_id: "page-test-1", language: "de" });
    await client.createOrgApiKey(org.id, { name: "Production" });
    await expect(client.createOrg({ name: "Again", external_id: "page-test-1" })).rejects.toBeInstanceOf(ConflictError);

    // The page refreshes by itself: no click needed for the new rows to appear.
    await expect.poll(() => journalRows().count(), { timeout: 10_000 }).toBe(3);
    const rows = await journalRows().evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
    expect(rows[0]!.slice(1, 5)).toEqual(["POST /partner/v1/orgs", "createOrg", "409", "conflict"]);
    expect(rows[1]!.slice(1, 5)).toEqual(["POST /partner/v1/orgs/{orgId}/api-keys", "createOrgApiKey", "201", "—"]);
    expect(rows[2]!.slice(1, 5)).toEqual(["POST /partner/v1/orgs", "createOrg", "201", "—"]);

    // What the API stores but never answers (the org's language, its keys' names) shows here.
    const orgCells = await page.locator("#orgs-body tr").first().locator("td").allTextContents();
    expect(orgCells.slice(3, 5)).toEqual(["de", "Production"]);

    // The org named like markup is shown as that text, and no element came from it.
    await expect.poll(() => page.locator("#orgs-body td").first().textContent()).toBe(XSS_NAME);
    expect(await page.locator("img").count()).toBe(0);

    // The key lives in this tab's sessionStorage only: not in the URL, a cookie or localStorage.
    expect(page.url()).not.toContain(demoKey);
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(demoKey);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toContain(demoKey);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, "desktop.png"), fullPage: true });

    // Reset asks first, in a modal dialog whose focused choice keeps the data; Escape keeps it too.
    const confirm = page.getByRole("dialog", { name: "Reset your sandbox data?" });
    await page.locator("#reset-form button").focus();
    await page.keyboard.press("Enter");
    await confirm.waitFor({ state: "visible" });
    expect(await confirm.innerText()).toContain(demoPartner.id);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Keep my data");
    await page.keyboard.press("Escape");
    await confirm.waitFor({ state: "hidden" });
    await expect.poll(() => page.locator("#status").innerText()).toBe("Nothing was reset.");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Reset my sandbox data");
    expect(await page.locator("#orgs-total").innerText()).toBe("(1)");
    await page.keyboard.press("Enter");
    await confirm.waitFor({ state: "visible" });
    await page.keyboard.press("Tab"); // from "Keep my data" to "Reset"
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#status").innerText()).toContain("was reset");
    await expect.poll(() => page.locator("#orgs-body td.empty").count()).toBe(1);
    await expect.poll(() => page.locator("#journal-body td.empty").count()).toBe(1);
    expect(await page.locator("#orgs-total").innerText()).toBe("(0)");
  });

  it("moves the partner's clock, shows open login links, and fits a phone-sized screen", async () => {
    const org = await client.createOrg({ name: "Links Org" });
    await client.createLoginLink(org.id, { email: "owner@example.com", name: "Owner" });
    await page.setViewportSize({ width: 375, height: 740 });
    await signIn(demoKey);
    await expect.poll(() => page.locator("#links-body td").first().textContent()).toBe("owner@example.com");
    await expect.poll(() => page.locator("#limits-body tr").count()).toBeGreaterThanOrEqual(2);

    await page.locator("#advance-input").fill("901");
    await page.locator("#clock-form button").click();
    await expect.poll(() => page.locator("#clock-offset").innerText()).toBe("901 s");
    // Past the link's 15-minute TTL on this partner's clock: no open link is left.
    await expect.poll(() => page.locator("#links-body td.empty").count()).toBe(1);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "the page scrolls sideways on a narrow screen").toBeLessThanOrEqual(0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, "phone.png"), fullPage: true });
  });

  it("says why a wrong key cannot see anything", async () => {
    await page.goto(`${sandbox.url}/_sandbox/`);
    await page.locator("#key-input").fill("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJub2JvZHkifQ.bm90LWEta2V5LWF0LWFsbA");
    await page.locator("#key-input").press("Enter");
    await expect.poll(() => page.locator("#status").innerText()).toContain("401");
    expect(await page.locator("#partner-view").isHidden()).toBe(true);
    // The page's own fetch of the overview failed with 401: Chromium logs that as a console error.
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes("401")));
  });

  it("leads the sandbox's address to the page, shows its icon, and says where keys come from until one is used", async () => {
    const icons: { status: number; type: string }[] = [];
    page.on("response", (response) => {
      if (new URL(response.url()).pathname === "/_sandbox/assets/favicon.svg") icons.push({ status: response.status(), type: response.headers()["content-type"] ?? "" });
    });
    const response = await page.goto(`${sandbox.url}/`);
    expect(response!.status()).toBe(200);
    expect(page.url()).toBe(`${sandbox.url}/_sandbox/`);
    await expect.poll(() => icons).toEqual([{ status: 200, type: "image/svg+xml" }]);

    const help = page.locator("#key-help");
    expect(await help.isVisible()).toBe(true);
    const text = await help.innerText();
    expect(text).toContain("npm run sandbox");
    expect(text).toContain("Partner API keys");
    expect(text).toContain("--config FILE");
    await page.locator("#key-input").fill(demoKey);
    await page.locator("#key-input").press("Enter");
    await page.locator("#partner-view").waitFor({ state: "visible" });
    expect(await help.isHidden()).toBe(true);
    await page.locator("#forget-key").click();
    expect(await help.isVisible()).toBe(true);
  });
});
