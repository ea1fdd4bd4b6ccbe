"use client";

import * as React from "react";
import { FileUp } from "lucide-react";
import { Button, type ButtonProps } from "@/components/ui/button";
import { ImportDialog, type ImportIntent } from "./import-dialog";

interface ImportButtonProps {
  intent?: ImportIntent;
  label?: string;
  variant?: ButtonProps["variant"];
}

/** "Import" and the dialog it opens; focus returns to the button when the dialog closes. */
export function ImportButton({ intent = "any", label = "Import", variant = "outline" }: ImportButtonProps) {
  const [open, setOpen] = React.useState(false);
  return (
    <ImportDialog
      open={open}
      onOpenChange={setOpen}
      intent={intent}
      trigger={
        <Button type="button" variant={variant}>
          <FileUp aria-hidden="true" />
          {label}
        </Button>
      }
    />
  );
}
