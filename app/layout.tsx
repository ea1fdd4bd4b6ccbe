import type { Metadata, Viewport } from "next";
import "./globals.css";
import { MAIN_CONTENT_ID, SiteHeader, SkipLink } from "@/components/layout/site-header";
import { Toaster } from "@/components/notifications/toaster";
import { ResumeDialog } from "@/components/batch/resume-dialog";
import { ErrorDetailsHost } from "@/components/errors/error-details-host";

export const metadata: Metadata = {
  title: { default: "Training Data Studio", template: "%s · Training Data Studio" },
  description: "Batch-generate AI training conversations without losing work.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0a0a0a" },
  ],
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <SkipLink />
        <SiteHeader />
        {/* tabIndex -1: the skip link moves focus here, not just the scroll position. */}
        <main id={MAIN_CONTENT_ID} tabIndex={-1} className="mx-auto w-full max-w-6xl px-4 py-8 outline-none sm:px-6">
          {children}
        </main>
        <Toaster />
        <ResumeDialog />
        <ErrorDetailsHost />
      </body>
    </html>
  );
}
