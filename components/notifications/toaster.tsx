"use client";

import { Toaster as SonnerToaster } from "sonner";
import { AssertiveLiveRegion } from "./assertive-live-region";

/*
 * Sonner's rich-colour text (e.g. green hsl(140 100% 27%) on its pale green) falls short of
 * 4.5:1 for the description's small text; darker (light theme) and lighter (dark theme) shades
 * of the same hues pass. `dark:` follows prefers-color-scheme, as Sonner's theme="system" does.
 */
const RICH_TEXT_CLASSES = {
  toast: "font-sans",
  success: "text-green-900! dark:text-green-100!",
  info: "text-blue-900! dark:text-blue-100!",
  warning: "text-amber-900! dark:text-amber-100!",
  error: "text-red-900! dark:text-red-100!",
};

/**
 * The app's one Sonner toaster (the root layout mounts it once), with the assertive live
 * region beside it: Sonner's own region is polite only, so permanent errors are also read out
 * there. `expand` lays the toasts out one above the other so none hides behind another.
 * Toasts stay clickable over an open dialog (see DialogContent's onInteractOutside).
 */
export function Toaster() {
  return (
    <>
      <SonnerToaster
        position="bottom-right"
        richColors
        closeButton
        visibleToasts={4}
        expand
        theme="system"
        toastOptions={{ classNames: RICH_TEXT_CLASSES }}
        // An open modal dialog sets pointer-events: none on <body>; toasts shown over it
        // (a failed restore's Retry) must still take clicks.
        style={{ pointerEvents: "auto" }}
      />
      <AssertiveLiveRegion />
    </>
  );
}
