"use client";

import { useSyncExternalStore } from "react";
import { getAnnouncement, subscribeAnnouncements } from "@/lib/notifications/announcer";

/**
 * Always in the page (an alert region inserted together with its text is not read reliably),
 * so permanent errors are announced assertively; Sonner's own region is polite only.
 */
export function AssertiveLiveRegion() {
  const announcement = useSyncExternalStore(subscribeAnnouncements, getAnnouncement, () => null);
  return (
    <div role="alert" aria-live="assertive" aria-atomic="true" className="sr-only" data-testid="assertive-live-region">
      {announcement ? <span key={announcement.key}>{announcement.text}</span> : null}
    </div>
  );
}
