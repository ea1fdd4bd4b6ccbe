"use client";

import { Toaster as SonnerToaster } from "sonner";

/**
 * The app's one Sonner toaster (the root layout mounts it once). Sonner announces toasts
 * through its own aria-live region; hovering expands the stack so nothing hides behind it.
 */
export function Toaster() {
  return (
    <SonnerToaster
      position="bottom-right"
      richColors
      closeButton
      visibleToasts={4}
      expand={false}
      theme="system"
      toastOptions={{ classNames: { toast: "font-sans" } }}
    />
  );
}
