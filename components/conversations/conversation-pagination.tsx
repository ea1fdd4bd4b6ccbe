import Link from "next/link";
import { ArrowRight, ChevronsLeft } from "lucide-react";
import { Button } from "@/components/ui/button";

interface ConversationPaginationProps {
  /** Set when the page being shown was reached through a cursor (so not the first page). */
  isFirstPage: boolean;
  nextCursor: string | null;
}

/**
 * Keyset pagination only knows "next": going back means starting over, so the links are
 * "First page" and "Next page" (no page numbers that would drift as conversations arrive).
 */
export function ConversationPagination({ isFirstPage, nextCursor }: ConversationPaginationProps) {
  if (isFirstPage && nextCursor === null) return null;
  return (
    <nav aria-label="Pagination" className="flex items-center justify-end gap-2">
      {!isFirstPage && (
        <Button asChild variant="outline" size="sm">
          <Link href="/conversations">
            <ChevronsLeft aria-hidden="true" />
            First page
          </Link>
        </Button>
      )}
      {nextCursor !== null && (
        <Button asChild variant="outline" size="sm">
          <Link href={`/conversations?cursor=${encodeURIComponent(nextCursor)}`}>
            Next page
            <ArrowRight aria-hidden="true" />
          </Link>
        </Button>
      )}
    </nav>
  );
}
