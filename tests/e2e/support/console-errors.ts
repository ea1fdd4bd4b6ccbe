import type { Page } from "@playwright/test";

/**
 * Records console errors and uncaught page errors from the moment it is called. Returns the
 * live list, so a test can assert it is empty after exercising the page.
 */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}
