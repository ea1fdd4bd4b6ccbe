"use client";

import { Toaster as SonnerToaster } from "sonner";
import { AssertiveLiveRegion } from "./assertive-live-region";

/**
 * The app's one Sonner toaster (the root layout mounts it once), with the assertive live
 * region beside it: Sonner's own region is polite only, so permanent errors are also read out
 * there. `expand` lays the toasts out one above the other so none hides behind another.
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
        toastOptions={{ classNames: { toast: "font-sans" } }}
      />
      <AssertiveLiveRegion />
    </>
  );
}
