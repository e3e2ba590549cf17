// Console errors and uncaught exceptions of a page, collected so a test can assert there are none.
// A request the network guard aborted would also log an error; it is reported by the guard.
import type { Page } from "playwright-core";

export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}
