import * as React from "react";
import { cn } from "@/lib/utils";

export interface RadioOption<Value extends string> {
  value: Value;
  /** The radio's accessible name. */
  label: React.ReactNode;
  /** Under the label, read as the radio's description. */
  hint?: React.ReactNode;
}

interface RadioGroupFieldProps<Value extends string> {
  /** The inputs' name, and the prefix of their ids (`${name}-${value}`). */
  name: string;
  legend: React.ReactNode;
  options: readonly RadioOption<Value>[];
  /** The checked option; null when none is yet. */
  value: Value | null;
  onChange: (value: Value) => void;
  disabled?: boolean;
  className?: string;
  /** For hints that are code (e.g. a JSON line's shape). */
  hintClassName?: string;
}

/**
 * One choice among a few, each a bordered card with a label and a hint. Native radios in a
 * fieldset with its legend: Tab enters the group on the checked option, the arrow keys move
 * and select, and the group is named by its legend.
 */
export function RadioGroupField<Value extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  disabled,
  className,
  hintClassName,
}: RadioGroupFieldProps<Value>) {
  return (
    <fieldset className={cn("grid gap-2", className)} disabled={disabled} data-slot="radio-group-field">
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      {options.map((option) => {
        const id = `${name}-${option.value}`;
        const checked = value === option.value;
        return (
          <label
            key={option.value}
            htmlFor={id}
            className={cn(
              "flex cursor-pointer items-start gap-3 rounded-md border p-3 transition-colors hover:bg-muted/50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60",
              checked && "border-primary bg-primary/5",
            )}
          >
            <input
              id={id}
              type="radio"
              name={name}
              value={option.value}
              checked={checked}
              onChange={() => onChange(option.value)}
              aria-labelledby={`${id}-label`}
              aria-describedby={option.hint ? `${id}-hint` : undefined}
              className="mt-0.5 size-4 accent-primary outline-none"
            />
            <span className="grid gap-1">
              <span id={`${id}-label`} className="text-sm font-medium leading-none">
                {option.label}
              </span>
              {option.hint ? (
                <span id={`${id}-hint`} className={cn("text-xs text-muted-foreground", hintClassName)}>
                  {option.hint}
                </span>
              ) : null}
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
