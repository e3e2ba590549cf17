// The built Redoc page, seen the way a partner uses it: the sidebar, operation sections, and the
// response samples in the right panel. Selectors are Redoc 3's own data attributes.
import { pathToFileURL } from "node:url";
import type { Locator, Page } from "playwright-core";

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

export class DocsPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(file: string): Promise<void> {
    await this.page.goto(pathToFileURL(file).href);
    await this.page.locator('[data-component-name="Menu/Menu"]').first().waitFor();
  }

  private menuItem(kind: "group" | "operation" | "default", label: string): Locator {
    return this.page
      .locator(`[data-component-name="Menu/MenuItem"].menu-item-type-${kind}`)
      .filter({ has: this.page.locator(`[data-text="${label}"]`) })
      .first();
  }

  /** Redoc 3 starts tag groups collapsed; open one unless it already shows its operations. */
  async openOperationInSidebar(tag: string, summary: string): Promise<void> {
    const entry = this.menuItem("operation", summary);
    if (!(await entry.isVisible())) await this.menuItem("group", tag).locator("a").first().click();
    await entry.locator("a").first().click();
  }

  /** A section of the introduction (a heading of the document's description), from the sidebar. */
  async openIntroductionSection(heading: string): Promise<void> {
    await this.menuItem("default", heading).locator("a").first().click();
  }

  operationSection(summary: string): Locator {
    return this.page
      .locator('[data-item-kind="httpItem"]')
      .filter({ has: this.page.locator("h2").filter({ hasText: exactly(summary) }) });
  }

  responseSample(section: Locator): Locator {
    return section.locator('[data-testid="right-panel"] .panel-response-samples [data-testid="json-viewer"]');
  }
}
