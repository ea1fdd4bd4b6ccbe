import { Check } from "lucide-react";
import { cn } from "@/lib/utils";

export const WIZARD_STEPS = [
  { id: "config", label: "Configure" },
  { id: "preview", label: "Preview" },
  // Happens on the batch's own page, which the wizard opens once the server has the batch.
  { id: "progress", label: "Generate" },
] as const;

export type WizardStepId = (typeof WIZARD_STEPS)[number]["id"];

/** Where the user is in the wizard; the current step carries aria-current="step". */
export function WizardSteps({ current }: { current: WizardStepId }) {
  const currentIndex = WIZARD_STEPS.findIndex((step) => step.id === current);
  return (
    <nav aria-label="Batch steps">
      <ol className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        {WIZARD_STEPS.map((step, index) => {
          const done = index < currentIndex;
          const isCurrent = index === currentIndex;
          return (
            <li key={step.id} className="flex items-center gap-2" aria-current={isCurrent ? "step" : undefined}>
              <span
                aria-hidden="true"
                className={cn(
                  "flex size-6 items-center justify-center rounded-full border text-xs font-medium tabular-nums",
                  isCurrent && "border-primary bg-primary text-primary-foreground",
                  done && "border-primary text-primary",
                  !isCurrent && !done && "text-muted-foreground",
                )}
              >
                {done ? <Check className="size-3.5" /> : index + 1}
              </span>
              <span className={cn(isCurrent ? "font-medium" : "text-muted-foreground")}>
                {step.label}
                {done ? <span className="sr-only"> (done)</span> : null}
              </span>
              {index < WIZARD_STEPS.length - 1 ? <span aria-hidden="true" className="mx-1 h-px w-6 bg-border" /> : null}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
