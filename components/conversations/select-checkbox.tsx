"use client";

import * as React from "react";
import { Checkbox } from "@/components/ui/checkbox";

interface SelectCheckboxProps {
  checked: boolean | "indeterminate";
  label: string;
  /** `extend` is true for Shift+click and Shift+Space: select a range. */
  onToggle: (extend: boolean) => void;
  "data-testid"?: string;
}

/**
 * A labelled selection checkbox that reports Shift. Space on the focused box toggles it (the
 * browser turns it into a click); whether that click carries shiftKey varies by browser, so
 * the key press records Shift itself.
 */
export function SelectCheckbox({ checked, label, onToggle, ...props }: SelectCheckboxProps) {
  const shiftFromKey = React.useRef(false);
  return (
    <Checkbox
      aria-label={label}
      checked={checked}
      data-testid={props["data-testid"]}
      onKeyDown={(event) => {
        if (event.key === " ") shiftFromKey.current = event.shiftKey;
      }}
      onClick={(event) => {
        // We own the state (controlled); stop Radix toggling on its own.
        event.preventDefault();
        const extend = event.shiftKey || shiftFromKey.current;
        shiftFromKey.current = false;
        onToggle(extend);
      }}
    />
  );
}
