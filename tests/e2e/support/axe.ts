import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

export interface BlockingViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe's serious and critical findings on the current page (WCAG 2.x A/AA rules and best practices). */
export async function blockingViolations(page: Page): Promise<BlockingViolation[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? "unknown",
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
}
