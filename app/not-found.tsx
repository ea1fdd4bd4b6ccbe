import type { Metadata } from "next";
import Link from "next/link";
import { SearchX } from "lucide-react";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";

// The root layout's title template does not reach its own segment, hence absolute.
export const metadata: Metadata = { title: { absolute: "Page not found · Training Data Studio" } };

/** Shown for unknown URLs and for objects that are missing or not yours (never told apart). */
export default function NotFound() {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Page not found"
        description="The page or conversation you asked for does not exist or is not yours."
      />
      <EmptyState
        icon={SearchX}
        title="Nothing here"
        description="Check the address, or go back to your conversations."
        action={
          <Button asChild>
            <Link href="/conversations">Go to conversations</Link>
          </Button>
        }
      />
    </div>
  );
}
