"use client";

import * as React from "react";
import { FileDown } from "lucide-react";
import { Button, type ButtonProps } from "@/components/ui/button";
import type { APIClient } from "@/lib/api";
import type { ExportSelection } from "@/lib/export/types";
import { ExportDialog } from "./export-dialog";

interface ExportButtonProps {
  /** Read when the button is pressed: what the dialog exports stays fixed while it is open. */
  selection: ExportSelection;
  subject: string;
  label?: string;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
  client?: APIClient;
}

/** "Export" and the dialog it opens; focus returns to the button when the dialog closes. */
export function ExportButton({
  selection,
  subject,
  label = "Export",
  variant = "outline",
  size,
  client,
}: ExportButtonProps) {
  const [open, setOpen] = React.useState(false);
  const [fixed, setFixed] = React.useState<{ selection: ExportSelection; subject: string }>({ selection, subject });
  return (
    <ExportDialog
      open={open}
      onOpenChange={setOpen}
      selection={fixed.selection}
      subject={fixed.subject}
      client={client}
      trigger={
        <Button type="button" variant={variant} size={size} onClick={() => setFixed({ selection, subject })}>
          <FileDown aria-hidden="true" />
          {label}
        </Button>
      }
    />
  );
}
