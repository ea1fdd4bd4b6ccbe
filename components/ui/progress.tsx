"use client";

import * as React from "react";
import * as ProgressPrimitive from "@radix-ui/react-progress";
import { cn } from "@/lib/utils";

export interface ProgressProps extends Omit<React.ComponentProps<typeof ProgressPrimitive.Root>, "value"> {
  /**
   * 0..max for real, measured progress. `null` means indeterminate: the work is running but
   * its size is unknown, so no percentage is shown or announced (never a fake one).
   */
  value: number | null;
  indicatorClassName?: string;
}

function Progress({ className, indicatorClassName, value, max = 100, ...props }: ProgressProps) {
  const indeterminate = value === null;
  // Radix rejects out-of-range values with a console error; clamp so a racing counter cannot.
  const clamped = indeterminate ? null : Math.min(Math.max(value, 0), max);
  const percent = clamped === null ? 0 : (clamped / max) * 100;
  return (
    <ProgressPrimitive.Root
      data-slot="progress"
      value={clamped}
      max={max}
      className={cn("relative h-2 w-full overflow-hidden rounded-full bg-primary/20", className)}
      {...props}
    >
      <ProgressPrimitive.Indicator
        data-slot="progress-indicator"
        className={cn(
          "h-full bg-primary",
          indeterminate ? "w-2/5 animate-progress-indeterminate rounded-full" : "w-full transition-transform",
          indicatorClassName,
        )}
        style={indeterminate ? undefined : { transform: `translateX(-${100 - percent}%)` }}
      />
    </ProgressPrimitive.Root>
  );
}

export { Progress };
